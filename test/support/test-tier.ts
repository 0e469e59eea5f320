import { Duration } from 'aws-cdk-lib';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  AutoScalingTarget, ChangeDirection, ITierEventPlan, ScheduledChange, TierEventBinding, TierEventContext,
} from '../../lib';

export interface TestTierPeak {
  readonly tierName?: string;
  readonly peak: number;
  readonly leadTime?: Duration;
  readonly rampDownLeadTime?: Duration;
  readonly workers?: number;
  /** Fire the universal prewarm change this long after prewarm. */
  readonly prewarmDelay?: Duration;
}

/**
 * A small tier for testing the readiness construct: a queue whose "capacity" (its
 * visibility timeout, standing in for any setting) is raised by a universal target, and
 * a scalable target stepped by Application Auto Scaling.
 */
export class TestTier extends Construct {
  public readonly queue: sqs.Queue;
  public readonly baseline = 10;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Resource', { enforceSSL: true });
  }

  public forEvent(peak: TestTierPeak): ITierEventPlan {
    return new TestTierPlan(this, peak);
  }
}

class TestTierPlan implements ITierEventPlan {
  public readonly tierName: string;
  constructor(public readonly tier: TestTier, private readonly peak: TestTierPeak) {
    this.tierName = peak.tierName ?? 'test';
  }

  public bind(_scope: Construct, context: TierEventContext): TierEventBinding {
    const w = context.window;
    const tier = this.tier;
    const statement = new iam.PolicyStatement({ actions: ['sqs:SetQueueAttributes'], resources: [tier.queue.queueArn] });
    const target = new AutoScalingTarget({
      id: 'workers',
      serviceNamespace: ServiceNamespace.CUSTOM_RESOURCE,
      resourceId: `https://example.invalid/${tier.queue.queueName}`,
      scalableDimension: 'custom-resource:ResourceType:Property',
      baselineMinCapacity: 1,
      baselineMaxCapacity: 2,
      serviceLinkedRole: 'custom-resource.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_CustomResource',
    });
    const workersPeak = this.peak.workers ?? 8;
    const value = (f: number) => Math.round(this.peak.peak + (tier.baseline - this.peak.peak) * f);
    const workers = (f: number) => Math.round(workersPeak + (1 - workersPeak) * f);
    const changes: ScheduledChange[] = [];
    let previous = tier.baseline;
    let previousWorkers = 1;
    for (const step of [w.prewarm, ...w.rampDownTimeline, w.baseline]) {
      const to = value(step.rampFraction);
      const up = step.rampFraction === 0;
      changes.push(ScheduledChange.universal({
        step,
        delay: up ? this.peak.prewarmDelay : undefined,
        setting: 'visibility timeout',
        before: String(previous),
        after: String(to),
        afterValue: to,
        direction: up ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN,
        leadTime: up ? (this.peak.leadTime ?? Duration.minutes(5)) : (this.peak.rampDownLeadTime ?? Duration.minutes(1)),
        service: 'sqs',
        action: 'setQueueAttributes',
        input: { QueueUrl: tier.queue.queueUrl, Attributes: { VisibilityTimeout: String(to) } },
        policyStatements: [statement],
      }));
      const n = workers(step.rampFraction);
      changes.push(ScheduledChange.autoScaling({
        step,
        setting: 'workers',
        before: String(previousWorkers),
        after: String(n),
        afterValue: n,
        direction: up ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN,
        leadTime: Duration.minutes(2),
        target,
        minCapacity: n,
        maxCapacity: Math.max(n, 2),
      }));
      previous = to;
      previousWorkers = n;
    }
    return {
      changes,
      alarms: [{
        id: 'backlog',
        description: 'Messages wait too long',
        metric: tier.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }),
        threshold: 300,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
      }],
      dashboardGraphs: [{ title: 'Backlog', left: [tier.queue.metricApproximateNumberOfMessagesVisible()] }],
    };
  }
}
