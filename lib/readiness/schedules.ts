import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { ScheduledChange } from '../plans/scheduled-change';
import { slug } from './binding-rules';

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
}

/**
 * One EventBridge Scheduler one-time schedule per change, in the event's group and zone, with a
 * universal target, bounded retries and the dead-letter queue; one least-privilege role per tier,
 * assumable only by the event's schedules.
 */
export function createSchedules(scope: Construct, s: TierSchedules): void {
  if (s.changes.length === 0) {
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
  for (const change of s.changes) {
    const o = change.universalOptions!;
    new scheduler.Schedule(scope, `${change.when.replace('+', '-')}-${slug(o.setting)}`, {
      scheduleGroup: s.scheduleGroup,
      schedule: s.window.scheduleExpressionAt(change.fireAt),
      timeWindow: scheduler.TimeWindow.off(),
      description: truncate(`${s.window.name}/${s.tier} ${change.when}: ${o.setting} ${o.before} -> ${o.after}`, 512),
      target: new targets.Universal({
        service: o.service,
        action: o.action,
        input: scheduler.ScheduleTargetInput.fromObject(o.input),
        policyStatements: o.policyStatements,
        role,
        deadLetterQueue: s.deadLetterQueue,
        maxEventAge: s.maximumEventAge,
        retryAttempts: s.retryAttempts,
      }),
    });
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
