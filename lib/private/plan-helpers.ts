import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { EventWindow } from '../event/event-window';
import type { TimelineStep } from '../event/timeline-step';
import { AutoScalingTarget, ChangeDirection, ScheduledChange } from '../readiness/scheduled-change';

/** True for a whole number (not a token). */
export function isWholeNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/**
 * The setpoint at a step: `rampFraction` of the way from peak back to baseline,
 * rounded to the nearest whole number.
 */
export function steppedValue(peak: number, baseline: number, rampFraction: number): number {
  return Math.round(peak + (baseline - peak) * rampFraction);
}

/** A construct id in kebab-case (`CatalogTier` → `catalog-tier`), the default tier name. */
export function defaultTierName(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The steps a tier sets capacity at: prewarm (peak), each ramp-down step, baseline. */
export function rampSteps(window: EventWindow): TimelineStep[] {
  return [window.prewarm, ...window.rampDownTimeline, window.baseline];
}

/** Where a tier's database goes by default: isolated subnets when the VPC has them, else its private ones. */
export function defaultDatabaseSubnets(vpc: ec2.IVpc): ec2.SubnetSelection | undefined {
  return vpc.isolatedSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } : undefined;
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
}

/**
 * Application Auto Scaling changes that pin a target's capacity (min = max) to the peak at
 * prewarm, then step it linearly (rounded) back to the baseline over the ramp-down.
 */
export function pinnedCapacityRamp(ramp: PinnedCapacityRamp): ScheduledChange[] {
  const changes: ScheduledChange[] = [];
  let previous = ramp.baseline;
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
      maxCapacity: value,
    }));
    previous = value;
  }
  return changes;
}
