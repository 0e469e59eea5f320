export * from './errors';
export * from './event/timeline-step';
export * from './event/event-window';
export * from './readiness/scheduled-change';
export * from './readiness/tier-plan';
export * from './readiness/plan-document';
export * from './readiness/event-readiness';
export * from './readiness/event-readiness-stack';
