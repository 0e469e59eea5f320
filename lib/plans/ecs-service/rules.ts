import { Token } from 'aws-cdk-lib';
import { checkDuration, checkNumber, LEAD_TIME, MAX_INTEGER } from '../../private/validate';
import { ValidationError } from '../../private/validation-error';
import { warn } from '../../private/warnings';
import { EcsServicePlanInputs, TASKS_PER_SERVICE_QUOTA } from './options';

/** Checks the options (the ones that depend on who owns the scalable target are checked when the plan binds). */
export function validatePlan(p: EcsServicePlanInputs): void {
  const o = p.options;
  const { construct, subject } = p.resources;
  const problems: string[] = [];
  for (const [field, value] of Object.entries(o)) {
    if (typeof value === 'number' && Token.isUnresolved(value)) {
      problems.push(`${field} must be a number known at synth time, got a token`);
    }
  }
  checkNumber(problems, 'minimumTaskCount', o.minimumTaskCount, { whole: true, min: 1 });
  checkNumber(problems, 'maximumTaskCount', o.maximumTaskCount, { whole: true, min: 1 });
  checkNumber(problems, 'baselineTaskCount', o.baselineTaskCount, { whole: true, min: 0 });
  for (const field of ['maximumTaskCount', 'baselineTaskCount'] as const) {
    if (o[field] !== undefined && o.minimumTaskCount === undefined) {
      problems.push(`${field} needs minimumTaskCount (the event's floor)`);
    }
  }
  if (typeof o.maximumTaskCount === 'number' && typeof o.minimumTaskCount === 'number' && o.maximumTaskCount < o.minimumTaskCount) {
    problems.push(`maximumTaskCount (${o.maximumTaskCount}) must not be below minimumTaskCount (${o.minimumTaskCount})`);
  }
  checkDuration(problems, 'taskStartupTime', o.taskStartupTime, LEAD_TIME);
  checkDuration(problems, 'taskCountLeadTime', o.taskCountLeadTime, LEAD_TIME);
  checkNumber(problems, 'cpuAlarmPercent', o.cpuAlarmPercent, { above: 0, max: 100 });
  checkNumber(problems, 'memoryAlarmPercent', o.memoryAlarmPercent, { above: 0, max: 100 });
  checkNumber(problems, 'targetServerErrorRateAlarmPercent', o.targetServerErrorRateAlarmPercent, { above: 0, max: 100 });
  checkNumber(problems, 'minimumRequestsPerMinute', o.minimumRequestsPerMinute, { above: 0, max: MAX_INTEGER });
  // CloudWatch evaluates at most a day of one-minute periods.
  checkNumber(problems, 'tasksNotRunningAlarmMinutes', o.tasksNotRunningAlarmMinutes, { whole: true, min: 1, max: 1440 });
  checkDuration(problems, 'targetResponseTimeAlarmThreshold', o.targetResponseTimeAlarmThreshold,
    { aboveMs: 0, maxMs: 60_000, allowed: 'more than 0 and at most 60 seconds' });
  for (const field of ['targetServerErrorRateAlarmPercent', 'targetResponseTimeAlarmThreshold', 'minimumRequestsPerMinute'] as const) {
    if (o[field] !== undefined && !p.resources.targetGroup) {
      problems.push(`${field} needs a target group: give ExistingEcsService the service's targetGroup`);
    }
  }
  if (o.tasksNotRunningAlarmMinutes !== undefined && !p.resources.containerInsights) {
    problems.push('tasksNotRunningAlarmMinutes needs Container Insights on the cluster (its running and desired task counts): '
      + 'turn it on, and say so with containerInsights');
  }
  ValidationError.throwIfAny(`${subject} (tier '${p.tierName}')`, problems, construct);
  const desired = p.resources.desiredCount;
  if (o.minimumTaskCount !== undefined && desired !== undefined) {
    warn(construct, 'service-desired-count', `The service's template sets its desired count (${desired}): a deploy of its stack that `
      + `updates the service during the event sets ${desired} tasks again, under the event's floor, until the next step. Leave `
      + 'desiredCount out of a service whose scalable target holds the count (give baselineTaskCount if nobody scales it), or hold '
      + 'such deploys until baseline.');
  }
  const most = Math.max(o.minimumTaskCount ?? 0, o.maximumTaskCount ?? 0);
  if (most > TASKS_PER_SERVICE_QUOTA) {
    warn(construct, 'tasks-per-service', `${most} tasks is above ECS's default quota of ${TASKS_PER_SERVICE_QUOTA} tasks per service `
      + '(adjustable): raise it with AWS (Service Quotas) before the event.');
  }
}
