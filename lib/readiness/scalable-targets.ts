import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { AutoScalingTarget, AutoScalingTargetProps, ScheduledChange } from '../plans/scheduled-change';

/** Which changes a ramp-down gate makes instead of a scheduled action, and when each is surely in force. */
export interface Gating {
  readonly gated: ReadonlySet<ScheduledChange>;
  readonly inForceFrom: (c: ScheduledChange) => number;
}

/** No gate: every change is a scheduled action, in force when it fires. */
export const NO_GATING: Gating = { gated: new Set(), inForceFrom: (c) => c.fireAt.getTime() };

/** What identifies a scalable target in Application Auto Scaling: one owner per key. */
export function scalableTargetKey(target: AutoScalingTarget): string {
  const p = target.props;
  return `${p.serviceNamespace}|${p.resourceId}|${p.scalableDimension}`;
}

/** The target's changes, grouped by scalable target. */
export function byScalableTarget(changes: ScheduledChange[]): Map<string, { target: AutoScalingTarget; changes: ScheduledChange[] }> {
  const groups = new Map<string, { target: AutoScalingTarget; changes: ScheduledChange[] }>();
  for (const c of changes) {
    const target = c.autoScalingOptions!.target;
    const key = scalableTargetKey(target);
    const group = groups.get(key) ?? { target, changes: [] };
    group.changes.push(c);
    groups.set(key, group);
  }
  return groups;
}

/**
 * The capacity of the phase in force at `now`: the last change at or before it. A deploy
 * mid-event keeps the peak instead of resetting it to baseline (and is the catch-up of a late
 * deploy).
 */
export function capacityInForce(changes: ScheduledChange[], now: Date,
  inForceFrom: (c: ScheduledChange) => number = (c) => c.fireAt.getTime()): { min: number; max: number } | undefined {
  const current = changes
    .filter((c) => inForceFrom(c) <= now.getTime())
    .sort((x, y) => inForceFrom(x) - inForceFrom(y))
    .pop()?.autoScalingOptions;
  return current && { min: current.minCapacity, max: current.maxCapacity };
}

/** A scalable target with the service's service-linked role. */
export function newScalableTarget(scope: Construct, id: string, p: AutoScalingTargetProps,
  minCapacity: number, maxCapacity: number): appscaling.ScalableTarget {
  return new appscaling.ScalableTarget(scope, id, {
    serviceNamespace: p.serviceNamespace,
    resourceId: p.resourceId,
    scalableDimension: p.scalableDimension,
    minCapacity,
    maxCapacity,
    role: iam.Role.fromRoleArn(scope, `${id}-ServiceLinkedRole`, Stack.of(scope).formatArn({
      service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/${p.serviceLinkedRole}`,
    }), { mutable: false }),
  });
}

/**
 * A scheduled action for each change still to come, at its local time in the event's zone (but
 * for gated ramp-down steps, which the tier's gate applies); returns how many.
 */
export function scheduleActions(scalable: appscaling.ScalableTarget, window: EventWindow, now: Date,
  changes: ScheduledChange[], namePrefix: string = '', gated: ReadonlySet<ScheduledChange> = NO_GATING.gated): number {
  let count = 0;
  for (const c of changes) {
    const o = c.autoScalingOptions!;
    if (c.fireAt.getTime() <= now.getTime() || gated.has(c)) {
      continue;
    }
    const at = window.scheduleAtInstant(c.fireAt);
    scalable.scaleOnSchedule(`${namePrefix}${c.when.replace('+', '-')}`, {
      schedule: appscaling.Schedule.expression(at.expression),
      timeZone: at.timeZone,
      minCapacity: o.minCapacity,
      maxCapacity: o.maxCapacity,
    });
    count++;
  }
  return count;
}

/**
 * One Application Auto Scaling scalable target per target the changes name, registered at the
 * capacity of the phase in force at `now`, with a scheduled action for each change still to
 * come. Returns the targets registered, by key.
 */
export function createScalableTargets(scope: Construct, window: EventWindow, now: Date,
  changes: ScheduledChange[], gating: Gating = NO_GATING): Map<string, appscaling.ScalableTarget> {
  const registered = new Map<string, appscaling.ScalableTarget>();
  for (const [key, { target, changes: list }] of byScalableTarget(changes)) {
    const p = target.props;
    const current = capacityInForce(list, now, gating.inForceFrom);
    const scalable = newScalableTarget(scope, target.id, p, current?.min ?? p.baselineMinCapacity, current?.max ?? p.baselineMaxCapacity);
    scheduleActions(scalable, window, now, list, '', gating.gated);
    registered.set(key, scalable);
  }
  return registered;
}
