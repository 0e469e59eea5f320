import { Duration } from 'aws-cdk-lib';
import { EventWindow } from '../event/event-window';
import { ChangeDirection, ScheduledChange } from '../plans/scheduled-change';
import { isoUtc } from '../private/zoned-time';
import { lateness } from './binding-rules';
import { EventPlanChange } from './plan-document';

/** One change as the plan document records it: when, what, how, and its time to spare. */
export function planRecord(change: ScheduledChange, w: EventWindow, now: Date, maximumEventAge: Duration,
  heldUpToMs: number = 0): EventPlanChange {
  const o = change.options;
  const stepMs = change.fireAt.getTime();
  const readyBy = o.direction === ChangeDirection.SCALE_UP ? w.startInstant.getTime() : undefined;
  const leadMs = o.leadTime.toMilliseconds();
  const late = lateness(change, maximumEventAge) + heldUpToMs;
  return {
    step: o.step.id,
    delaySeconds: (o.delay?.toMilliseconds() ?? 0) / 1000,
    atUtc: isoUtc(change.fireAt),
    atLocal: w.localTime(change.fireAt),
    setting: o.setting,
    subject: change.subject,
    before: o.before,
    after: o.after,
    afterValue: o.afterValue,
    beforeValue: o.beforeValue,
    direction: o.direction,
    mechanism: change.mechanism,
    action: change.universalOptions
      ? `${change.universalOptions.service}:${change.universalOptions.action}`
      : change.autoScalingOptions!.target.props.scalableDimension,
    leadTimeSeconds: leadMs / 1000,
    readyByUtc: readyBy === undefined ? undefined : isoUtc(new Date(readyBy)),
    marginSeconds: readyBy === undefined ? undefined : (readyBy - stepMs - leadMs - late) / 1000,
    retryWindowSeconds: late / 1000,
    scheduled: stepMs > now.getTime(),
    region: o.region,
  };
}
