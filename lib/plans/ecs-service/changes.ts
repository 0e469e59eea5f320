import { Duration } from 'aws-cdk-lib';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { durationMs } from '../../private/validate';
import { ValidationError } from '../../private/validation-error';
import { pinnedCapacityRamp } from '../capacity-ramp';
import { AutoScalingTarget, ExistingScalableTarget, ScheduledChange } from '../scheduled-change';
import { TierEventContext } from '../tier-plan';
import { DEFAULT_STOP_TIMEOUT_SECONDS, EcsServicePlanInputs, TASKS_LAUNCHED_PER_MINUTE } from './options';

/** The scalable dimension of an ECS service's task count. */
export const TASK_COUNT_DIMENSION = 'ecs:service:DesiredCount';

/** The service's scalable target, as Application Auto Scaling names it. */
export function taskCountResourceId(p: EcsServicePlanInputs): string {
  return `service/${p.resources.clusterName}/${p.resources.serviceName}`;
}

/** The team's own scaling of the task count, if another stack registers it. */
export function ownerOf(p: EcsServicePlanInputs): ExistingScalableTarget | undefined {
  return p.resources.taskCountTarget ?? p.resources.scalableTargetIn?.(taskCountResourceId(p), TASK_COUNT_DIMENSION);
}

/**
 * The task count by Application Auto Scaling: the event's minimum at prewarm, linear steps down
 * over the ramp-down, the everyday bounds at baseline. Beside the team's own scaling (`owner`) the
 * minimum moves, and the maximum where asked (stepped down with it); otherwise the event's own
 * target pins the count.
 */
export function taskCountChanges(context: TierEventContext, p: EcsServicePlanInputs, owner: ExistingScalableTarget | undefined): ScheduledChange[] {
  const o = p.options;
  const peak = o.minimumTaskCount;
  if (peak === undefined) {
    return [];
  }
  const r = p.resources;
  const problems: string[] = [];
  if (owner) {
    if (o.baselineTaskCount !== undefined) {
      problems.push(`baselineTaskCount (${o.baselineTaskCount}) is for a service nobody scales; the service's scalable target is `
        + `registered by another stack (${owner.minCapacity}-${owner.maxCapacity}), whose bounds the event restores at baseline`);
    }
    if (peak <= owner.minCapacity) {
      problems.push(`minimumTaskCount (${peak}) is not above the minimum (${owner.minCapacity}) of the service's scalable target, `
        + 'which another stack registers: the event would lower its floor');
    }
    if (o.maximumTaskCount !== undefined && o.maximumTaskCount < owner.maxCapacity) {
      problems.push(`maximumTaskCount (${o.maximumTaskCount}) is below the maximum (${owner.maxCapacity}) of the service's scalable `
        + 'target, which another stack registers: the event may raise the team\'s ceiling, never lower it');
    }
    if (o.maximumTaskCount === undefined && peak >= owner.maxCapacity) {
      problems.push(`minimumTaskCount (${peak}) is at or above the maximum (${owner.maxCapacity}) of the service's scalable target, `
        + 'which another stack registers: the team\'s scaling would have no room above the event\'s floor. Give maximumTaskCount '
        + `(above ${peak} to let it scale, or ${peak} to pin the count)`);
    }
  } else {
    if (o.maximumTaskCount !== undefined) {
      problems.push(`maximumTaskCount (${o.maximumTaskCount}) is for a service whose task count another stack scales; this service `
        + 'has no scalable target of its own (give taskCountTarget if one is registered outside the app), so the event pins its count');
    }
    if (o.baselineTaskCount === undefined && r.desiredCount === undefined) {
      problems.push('the service\'s everyday task count is not known at synth time: give baselineTaskCount (the event registers '
        + 'the service\'s scalable target and restores that count at baseline)');
    }
    const base = o.baselineTaskCount ?? r.desiredCount;
    if (base !== undefined && peak <= base) {
      problems.push(`minimumTaskCount (${peak}) must be above the everyday task count (${base})`);
    }
  }
  ValidationError.throwIfAny(`${r.subject} (tier '${p.tierName}')`, problems, r.construct);

  const baseline = owner?.minCapacity ?? o.baselineTaskCount ?? r.desiredCount!;
  const target = new AutoScalingTarget({
    id: 'TaskCount',
    serviceNamespace: ServiceNamespace.ECS,
    resourceId: taskCountResourceId(p),
    scalableDimension: TASK_COUNT_DIMENSION,
    baselineMinCapacity: owner?.minCapacity ?? baseline,
    baselineMaxCapacity: owner?.maxCapacity ?? baseline,
    serviceLinkedRole: 'ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
    registeredElsewhere: owner,
  });
  return pinnedCapacityRamp({
    window: context.window,
    target,
    setting: 'minimum tasks',
    peak,
    baseline,
    ceiling: owner ? { peak: Math.max(o.maximumTaskCount ?? 0, owner.maxCapacity), baseline: owner.maxCapacity } : undefined,
    scaleUpLeadTime: o.taskCountLeadTime ?? scaleUpLeadTime(p, peak - baseline),
    scaleDownLeadTime: scaleDownLeadTime(p),
  });
}

/**
 * The worst case for `added` tasks to run and count as healthy: the scheduler starts 500 a minute;
 * each then starts (image pull, application) and must outlast the longer of the service's
 * health-check grace period and the target group's health checks. Whole minutes.
 */
export function scaleUpLeadTime(p: EcsServicePlanInputs, added: number): Duration {
  const r = p.resources;
  const startup = durationMs(p.options.taskStartupTime ?? Duration.minutes(5)) / 1000;
  const launching = Math.ceil(added / TASKS_LAUNCHED_PER_MINUTE) * 60;
  const healthy = Math.max(r.healthCheckGracePeriodSeconds ?? 0, r.targetGroup?.healthySeconds ?? 0);
  return Duration.minutes(Math.ceil((launching + startup + healthy) / 60));
}

/**
 * The worst case for a lowered minimum to take tasks away: a task leaving a target group drains
 * for its deregistration delay, then has its containers' stop timeout (the longest, 30 s by
 * default). Whole minutes, at least 1.
 */
export function scaleDownLeadTime(p: EcsServicePlanInputs): Duration {
  const draining = p.resources.targetGroup?.deregistrationDelaySeconds ?? 0;
  return Duration.minutes(Math.max(1, Math.ceil((draining + (p.resources.stopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS)) / 60)));
}
