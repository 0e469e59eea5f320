import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { AutoScalingTarget, ScheduledChange } from '../plans/scheduled-change';

/**
 * One Application Auto Scaling scalable target per target the changes name, registered at the
 * capacity of the phase in force at `now`, with a scheduled action for each change still to
 * come. Returns how many targets were registered.
 */
export function createScalableTargets(scope: Construct, window: EventWindow, now: Date, changes: ScheduledChange[]): number {
  const byTarget = new Map<AutoScalingTarget, ScheduledChange[]>();
  for (const c of changes) {
    const t = c.autoScalingOptions!.target;
    byTarget.set(t, [...(byTarget.get(t) ?? []), c]);
  }
  for (const [target, list] of byTarget) {
    const p = target.props;
    // Registered at the capacity of the phase in force now: a deploy mid-event keeps
    // the peak instead of resetting it to baseline (and is the catch-up of a late deploy).
    const current = list
      .filter((c) => c.fireAt.getTime() <= now.getTime())
      .sort((x, y) => x.fireAt.getTime() - y.fireAt.getTime())
      .pop()?.autoScalingOptions;
    const scalable = new appscaling.ScalableTarget(scope, target.id, {
      serviceNamespace: p.serviceNamespace,
      resourceId: p.resourceId,
      scalableDimension: p.scalableDimension,
      minCapacity: current?.minCapacity ?? p.baselineMinCapacity,
      maxCapacity: current?.maxCapacity ?? p.baselineMaxCapacity,
      role: iam.Role.fromRoleArn(scope, `${target.id}-ServiceLinkedRole`, Stack.of(scope).formatArn({
        service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/${p.serviceLinkedRole}`,
      }), { mutable: false }),
    });
    for (const c of list) {
      const o = c.autoScalingOptions!;
      if (c.fireAt.getTime() <= now.getTime()) {
        continue;
      }
      const at = window.scheduleAtInstant(c.fireAt);
      scalable.scaleOnSchedule(c.when.replace('+', '-'), {
        schedule: appscaling.Schedule.expression(at.expression),
        timeZone: at.timeZone,
        minCapacity: o.minCapacity,
        maxCapacity: o.maxCapacity,
      });
    }
  }
  return byTarget.size;
}
