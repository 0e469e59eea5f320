import { Duration } from 'aws-cdk-lib';
import { EventWindow } from '../event/event-window';
import { LimitChange } from '../private/in-force';
import { ScheduledChange } from './scheduled-change';

/**
 * The time an event holds a tier or resource (ms): from prewarm (or its first change, if
 * earlier) to baseline (or the last change surely taken effect, if later; `heldUpTo` is how much
 * later a change may be applied than its retries allow, as a ramp-down gate may hold it). Windows
 * of two events on one resource must not overlap (claims), and alarms against the limit in force
 * watch by it.
 */
export function changeSpan(window: EventWindow, changes: ScheduledChange[], maximumEventAge: Duration,
  heldUpTo: (change: ScheduledChange) => number = () => 0): { from: number; to: number } {
  return {
    from: Math.min(window.prewarm.instant.getTime(), ...changes.map((c) => c.fireAt.getTime())),
    to: Math.max(window.baseline.instant.getTime(), ...changes.map((c) => c.settledAt(maximumEventAge).getTime() + heldUpTo(c))),
  };
}

/**
 * What changes do to a limit, for an alarm against the limit in force: each fires at `at` and is
 * surely applied (retries included) by `settledAt`, going between the values `values` gives (for
 * the change and its index in `changes`).
 */
export function limitChanges(changes: ScheduledChange[], maximumEventAge: Duration,
  values: (change: ScheduledChange, index: number) => { before: number; after: number }): LimitChange[] {
  return changes.map((c, i) => ({ at: c.fireAt.getTime(), settledAt: c.settledAt(maximumEventAge).getTime(), ...values(c, i) }));
}
