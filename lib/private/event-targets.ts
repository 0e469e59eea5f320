import { IConstruct } from 'constructs';

/**
 * The scalable targets events register themselves (their readiness stacks' or calendars'), so
 * that looking for a target a team registered in its own stack never finds an event's.
 */
const EVENT_TARGETS = new WeakSet<IConstruct>();

/** Marks a CloudFormation scalable target as an event's own. */
export function markEventTarget(target: IConstruct): void {
  EVENT_TARGETS.add(target);
}

/** True for a scalable target an event registered. */
export function isEventTarget(target: IConstruct): boolean {
  return EVENT_TARGETS.has(target);
}
