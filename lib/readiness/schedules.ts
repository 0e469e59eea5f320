import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { ScheduledChange } from '../plans/scheduled-change';
import { sumOfSparseCounts } from '../private/metrics';
import { ValidationError } from '../private/validation-error';
import { slug } from './binding-rules';
import { TierGate } from './gated-ramp-down';
import { allowValidatedCalls, isRegisterCall, scalableDimensionsOf, VALIDATED_DIMENSIONS, VALIDATED_ON_STAR } from './scalable-targets';

/** Where and how a tier's one-time schedules are created. */
export interface TierSchedules {
  readonly window: EventWindow;
  readonly tier: string;
  /** The universal-target changes still to come. */
  readonly changes: ScheduledChange[];
  readonly scheduleGroup: scheduler.IScheduleGroup;
  readonly deadLetterQueue: sqs.IQueue;
  readonly maximumEventAge: Duration;
  readonly retryAttempts: number;
  /**
   * Ramp-down changes the tier's gate holds while the tier is hot: their schedules start its
   * state machine instead of calling the API.
   * @default - none
   */
  readonly gated?: { readonly gate: TierGate; readonly changes: ScheduledChange[] };
}

/**
 * One EventBridge Scheduler one-time schedule per change, in the event's group and zone, with a
 * universal target, bounded retries and the dead-letter queue; one least-privilege role per tier,
 * assumable only by the event's schedules.
 */
export function createSchedules(scope: Construct, s: TierSchedules): void {
  const gated = s.gated?.changes ?? [];
  if (s.changes.length === 0 && gated.length === 0) {
    return;
  }
  const role = new iam.Role(scope, 'SchedulerRole', {
    description: `Applies tier '${s.tier}' capacity changes for event '${s.window.name}'`,
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: {
          'aws:SourceArn': Stack.of(scope).formatArn({
            service: 'scheduler', resource: 'schedule', resourceName: `${s.window.name}/*`,
          }),
        },
      },
    }),
  });
  allowRegisterCalls(role, s.changes.filter(isRegisterCall));
  // Every schedule retries the same way and fails to the same queue, whatever it targets.
  const delivery = { role, deadLetterQueue: s.deadLetterQueue, maxEventAge: s.maximumEventAge, retryAttempts: s.retryAttempts };
  const schedule = (change: ScheduledChange, target: (description: string) => scheduler.IScheduleTarget) => {
    const description = describe(s, change);
    new scheduler.Schedule(scope, `${change.when.replace('+', '-')}-${slug(change.options.setting)}`, {
      scheduleGroup: s.scheduleGroup,
      schedule: s.window.scheduleExpressionAt(change.fireAt),
      timeWindow: scheduler.TimeWindow.off(),
      description,
      target: target(description),
    });
  };
  for (const change of s.changes) {
    const o = change.universalOptions!;
    schedule(change, () => new targets.Universal({
      service: o.service,
      action: o.action,
      input: scheduler.ScheduleTargetInput.fromObject(o.input),
      policyStatements: o.policyStatements,
      ...delivery,
    }));
  }
  for (const change of gated) {
    const gate = s.gated!.gate;
    schedule(change, (description) => new targets.StepFunctionsStartExecution(gate.stateMachine, {
      input: scheduler.ScheduleTargetInput.fromObject(gate.inputOf(change, description)),
      ...delivery,
    }));
  }
}

/**
 * A tier whose changes update scalable targets another stack registers: its role holds what
 * Application Auto Scaling checks that a caller of RegisterScalableTarget holds on the target
 * service and CloudWatch, or the call is refused.
 */
function allowRegisterCalls(role: iam.Role, changes: ScheduledChange[]): void {
  const dimensions = scalableDimensionsOf(changes);
  if (dimensions.length === 0) {
    return;
  }
  allowValidatedCalls(role, dimensions, (d) => {
    throw new ValidationError(`a change updates a scalable target of dimension ${d} registered elsewhere, but what Application Auto `
      + `Scaling checks its caller holds for it is not recorded (${VALIDATED_DIMENSIONS.join(', ')} are)`, role);
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `On *, ${VALIDATED_ON_STAR} The role can be assumed only by this event's schedules, whose targets (fixed at deploy) `
      + 'make none of these calls.',
  });
}

/** A schedule's description: the change it makes (`check` finds the schedule of a change by it). */
function describe(s: TierSchedules, change: ScheduledChange): string {
  const o = change.options;
  return truncate(`${s.window.name}/${s.tier} ${change.when}: ${o.setting} ${o.before} -> ${o.after}`, 512);
}

/** The ids of {@link schedulerAlarms}' alarms, named `<event>-<id>`. */
export const SCHEDULER_ALARM_IDS = ['scheduler-target-errors', 'scheduler-dead-letter-failed', 'scheduler-throttled'];

/**
 * EventBridge Scheduler's own signals for the event's schedule group (namespace AWS/Scheduler,
 * dimension ScheduleGroup, emitted only when something happens: missing data is quiet):
 * - a capacity change's API call failed (it is retried; if it keeps failing it reaches the
 *   dead-letter queue): an early warning, minutes before the dead-letter alarm;
 * - a failed change could not be written to the dead-letter queue: the dead-letter alarm, which
 *   watches that queue, would never fire;
 * - Scheduler or the target API throttled an invocation.
 */
export function schedulerAlarms(scope: Construct, group: scheduler.ScheduleGroup, event: string, region?: string): cloudwatch.Alarm[] {
  const minute = { period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM };
  const eventName = region ? `${event}' in '${region}` : event;
  const specs: Array<[string, string, cloudwatch.IMetric]> = [
    ['TargetErrors', `A capacity change of event '${eventName}' failed when it fired (EventBridge Scheduler retries it; `
      + 'a change that keeps failing goes to the dead-letter queue).', group.metricTargetErrors(minute)],
    ['DeadLetterFailed', `A failed capacity change of event '${eventName}' could not be written to the dead-letter queue: `
      + 'the dead-letter alarm cannot report it. Check the queue\'s policy and encryption.', group.metricFailedToBeSentToDLQ(undefined, minute)],
    ['Throttled', `EventBridge Scheduler or the target API throttled a capacity change of event '${eventName}'.`,
      sumOfSparseCounts({ scheduler: group.metricThrottled(minute), target: group.metricTargetThrottled(minute) },
        'Throttled invocations')],
  ];
  return specs.map(([id, description, metric], i) => new cloudwatch.Alarm(scope, `Scheduler${id}Alarm`, {
    alarmName: `${event}${region ? `-${region}` : ''}-${SCHEDULER_ALARM_IDS[i]}`,
    alarmDescription: description,
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
