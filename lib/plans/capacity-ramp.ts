import { Duration } from 'aws-cdk-lib';
import type { EventWindow } from '../event/event-window';
import type { TimelineStep } from '../event/timeline-step';
import { steppedValue } from '../private/plan-helpers';
import { AutoScalingTarget, ChangeDirection, ScheduledChange } from './scheduled-change';

/** The steps a tier sets capacity at: prewarm (peak), each ramp-down step, baseline. */
export function rampSteps(window: EventWindow): TimelineStep[] {
  return [window.prewarm, ...window.rampDownTimeline, window.baseline];
}

/** What {@link pinnedCapacityRamp} needs. */
export interface PinnedCapacityRamp {
  readonly window: EventWindow;
  readonly target: AutoScalingTarget;
  readonly setting: string;
  readonly peak: number;
  readonly baseline: number;
  readonly scaleUpLeadTime: Duration;
  readonly scaleDownLeadTime: Duration;
  /**
   * The ceiling of a team's own scaling: the maximum at prewarm, stepped down over the ramp-down
   * like the minimum, to its everyday maximum at baseline; never below the step's minimum.
   * @default - the maximum is the step's value (min = max)
   */
  readonly ceiling?: { readonly peak: number; readonly baseline: number };
}

/**
 * Application Auto Scaling changes that pin a target's capacity (min = max, or up to `ceiling`) to
 * the peak at prewarm, then step it linearly (rounded) back to the baseline over the ramp-down.
 */
export function pinnedCapacityRamp(ramp: PinnedCapacityRamp): ScheduledChange[] {
  const changes: ScheduledChange[] = [];
  let previous = ramp.baseline;
  const baseline = ramp.window.baseline;
  for (const step of rampSteps(ramp.window)) {
    const value = steppedValue(ramp.peak, ramp.baseline, step.rampFraction);
    const up = step.rampFraction === 0;
    changes.push(ScheduledChange.autoScaling({
      step,
      setting: ramp.setting,
      before: String(previous),
      after: String(value),
      afterValue: value,
      direction: up ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN,
      leadTime: up ? ramp.scaleUpLeadTime : ramp.scaleDownLeadTime,
      target: ramp.target,
      minCapacity: value,
      maxCapacity: ramp.ceiling === undefined ? value
        : Math.max(value, step === baseline ? ramp.ceiling.baseline : steppedValue(ramp.ceiling.peak, ramp.ceiling.baseline, step.rampFraction)),
    }));
    previous = value;
  }
  return changes;
}
