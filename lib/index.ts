export * from './errors';
export * from './event/timeline-step';
export * from './event/event-window';
