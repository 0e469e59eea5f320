/**
 * Documented rules that once had no test that failed when the rule was broken on purpose.
 * Each test names its rule; every expected value is a literal worked out by hand.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  AcuRange, AuroraServerlessTier, ChangeDirection, EventReadinessStack, EventWindow, ITierEventPlan, RdsTier,
  ScheduledChange, TierEventBinding, TierEventContext,
} from '../lib';
import { newApp } from './support/app';
import { BEFORE_EVENTS, fixture } from './support/fixtures';
import { TestTier } from './support/test-tier';

describe('rule: ramp-down steps come strictly before the baseline step, however many over however short a ramp-down', () => {
  // 24 steps over 36 minutes: 1.5 minutes apart, which schedules cannot express. Rounded down
  // to 1 minute, step 24 is at end + 23 min, before the baseline at end + 36 min (rounded to
  // 2 minutes it would be at end + 46 min, after the baseline).
  const w = new EventWindow({
    name: 'flash', start: '2026-07-15T12:00', end: '2026-07-15T13:00', rampDown: Duration.minutes(36), rampDownSteps: 24,
  });

  test('the last ramp-down step and the baseline step, in UTC', () => {
    expect(w.step('ramp-down-1').utc).toBe('2026-07-15T13:00:00Z');
    expect(w.step('ramp-down-2').utc).toBe('2026-07-15T13:01:00Z');
    expect(w.step('ramp-down-24').utc).toBe('2026-07-15T13:23:00Z');
    expect(w.baseline.utc).toBe('2026-07-15T13:36:00Z');
  });

  test('every step is strictly later than the one before', () => {
    const instants = w.timeline.map((s) => s.instant.getTime());
    expect(instants.slice(1).every((t, i) => t > instants[i])).toBe(true);
  });
});

/** The ServerlessV2ScalingConfiguration of a schedule's input (an Fn::Join around the cluster's import). */
function scalingConfiguration(input: unknown): unknown {
  const text = JSON.stringify(input);
  const found = /ServerlessV2ScalingConfiguration\\":(\{[^}]*\})/.exec(text);
  return found ? JSON.parse(found[1].replace(/\\"/g, '"')) : undefined;
}

describe('rule: an auto-pausing Aurora baseline never pauses before the baseline step', () => {
  // Everyday 0-8 ACU (auto-pause); the event at 0.5-32 ACU. Interpolated, the minimum of
  // ramp-down 3 (3/4 of the way back) would be 0.125, which rounds to 0 ACU: a pause mid-ramp.
  const app = newApp();
  const tiers = new Stack(app, 'Tiers');
  const tier = new AuroraServerlessTier(tiers, 'Sessions', { capacity: AcuRange.autoPausing(8), readers: 0 });
  const readiness = new EventReadinessStack(app, 'Sale', {
    window: new EventWindow({ name: 'sale', start: '2026-07-15T12:00', end: '2026-07-15T18:00' }),
    tiers: [tier.forEvent({ capacity: AcuRange.between(0.5, 32) })],
    now: BEFORE_EVENTS,
  });
  const schedules = Object.values(Template.fromStack(readiness).findResources('AWS::Scheduler::Schedule'))
    .map((r) => ({ at: r.Properties.ScheduleExpression, config: scalingConfiguration(r.Properties.Target.Input) }))
    .sort((a, b) => a.at.localeCompare(b.at));

  test('ACU ranges step by step: minimum 0.5 until the baseline, 0 with auto-pause only at the baseline', () => {
    expect(schedules).toEqual([
      { at: 'at(2026-07-15T10:00:00)', config: { MinCapacity: 0.5, MaxCapacity: 32 } },
      { at: 'at(2026-07-15T18:00:00)', config: { MinCapacity: 0.5, MaxCapacity: 26 } },
      { at: 'at(2026-07-16T02:00:00)', config: { MinCapacity: 0.5, MaxCapacity: 20 } },
      { at: 'at(2026-07-16T10:00:00)', config: { MinCapacity: 0.5, MaxCapacity: 14 } },
      { at: 'at(2026-07-16T18:00:00)', config: { MinCapacity: 0, MaxCapacity: 8, SecondsUntilAutoPause: 300 } },
    ]);
  });
});

/** A plan that scales a queue down at a step the test picks: a tier that gets its timing wrong. */
class ScaleDownAt implements ITierEventPlan {
  public readonly tierName = 'early';
  constructor(public readonly tier: TestTier, private readonly stepId: string) {}

  public bind(_scope: Construct, context: TierEventContext): TierEventBinding {
    const step = context.window.step(this.stepId);
    return {
      changes: [ScheduledChange.universal({
        step,
        setting: 'visibility timeout',
        before: '100',
        after: '10',
        direction: ChangeDirection.SCALE_DOWN,
        leadTime: Duration.minutes(1),
        service: 'sqs',
        action: 'setQueueAttributes',
        input: { QueueUrl: this.tier.queue.queueUrl, Attributes: { VisibilityTimeout: '10' } },
        policyStatements: [new iam.PolicyStatement({ actions: ['sqs:SetQueueAttributes'], resources: [this.tier.queue.queueArn] })],
      })],
    };
  }
}

describe('rule: a scale-down never fires before the event ends', () => {
  function readinessWith(stepId: string) {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    return () => new EventReadinessStack(app, 'Sale', {
      window: new EventWindow({ name: 'sale', start: '2026-07-15T12:00', end: '2026-07-15T18:00' }),
      tiers: [new ScaleDownAt(tier, stepId)],
      now: BEFORE_EVENTS,
    });
  }

  test.each(['prewarm', 'peak'])('a scale-down at %s is a synth error naming the change', (stepId) => {
    expect(readinessWith(stepId)).toThrow(`[Sale/Readiness] EventReadiness 'sale', tier 'early': change 'visibility timeout `
      + `100 -> 10' at ${stepId} is a scale-down before the event ends (2026-07-15T18:00); scale-downs belong to the ramp-down`);
  });

  test('a scale-down at the end (ramp-down 1) is allowed', () => {
    expect(readinessWith('ramp-down-1')).not.toThrow();
  });
});

describe('rule: a step exactly at the clock\'s instant is past, not scheduled', () => {
  // The fixture's event starts 2026-07-15T00:00 Los Angeles time (07:00Z); prewarm is 2 hours
  // earlier, 2026-07-14T22:00 local (05:00Z); it ends 24 h later and ramps down over 24 h in 3 steps.
  const schedulesAt = (now: string) => {
    const f = fixture({ readiness: { now: new Date(now) } });
    const t = Template.fromStack(f.readiness);
    return {
      schedules: Object.values(t.findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties.ScheduleExpression).sort(),
      actions: Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0].Properties.ScheduledActions
        .map((a: any) => a.Schedule).sort(),
    };
  };

  test('one millisecond before prewarm, the prewarm changes are scheduled', () => {
    const { schedules, actions } = schedulesAt('2026-07-15T04:59:59.999Z');
    expect(schedules[0]).toBe('at(2026-07-14T22:00:00)');
    expect(actions[0]).toBe('at(2026-07-14T22:00:00)');
    expect(schedules).toHaveLength(5);
  });

  test('at prewarm exactly, the prewarm changes are past: not scheduled', () => {
    const { schedules, actions } = schedulesAt('2026-07-15T05:00:00.000Z');
    const rest = ['at(2026-07-16T00:00:00)', 'at(2026-07-16T08:00:00)', 'at(2026-07-16T16:00:00)', 'at(2026-07-17T00:00:00)'];
    expect(schedules).toEqual(rest);
    expect(actions).toEqual(rest);
  });
});

describe('rule: up to 15 replicas are watched, in alarms of at most 10 metrics each', () => {
  const app = newApp();
  const tiers = new Stack(app, 'Tiers');
  const tier = new RdsTier(tiers, 'Orders', {
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2), instanceIdentifier: 'orders', replicas: 5,
  });
  const readiness = new EventReadinessStack(app, 'Sale', {
    window: new EventWindow({ name: 'sale', start: '2026-07-15T12:00', end: '2026-07-15T18:00', prewarmLead: Duration.hours(5) }),
    tiers: [tier.forEvent({ eventReplicas: 10 })],
    now: BEFORE_EVENTS,
  });
  const alarms = Object.values(Template.fromStack(readiness).findResources('AWS::CloudWatch::Alarm'))
    .map((r) => r.Properties)
    .filter((p) => /replica/.test(p.AlarmName));

  test('5 always-on and 10 event replicas: two lag alarms, 8 and 7 replicas each, beside the primary\'s WAL guard and the time', () => {
    const dimensionsOf = (p: any) => p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions[0].Value);
    // 8 lags + WAL + the time query (which aws-cdk-lib counts among an expression's 10 metrics).
    expect(alarms.map((p) => [p.AlarmName, p.Metrics.filter((m: any) => m.MetricStat).length, p.Metrics.filter((m: any) => m.Id === 't').length]))
      .toEqual([
        ['sale-orders-replica-lag', 9, 1],
        ['sale-orders-replica-lag-2', 8, 1],
      ]);
    // Every replica is watched once; each alarm also reads the primary's TransactionLogsGeneration (PostgreSQL).
    const replicas = alarms.flatMap((p) => p.Metrics.filter((m: any) => m.MetricStat?.Metric.MetricName === 'ReplicaLag'))
      .map((m: any) => m.MetricStat.Metric.Dimensions[0].Value);
    expect(new Set(replicas).size).toBe(15);
    expect(replicas).toHaveLength(15);
    expect(dimensionsOf(alarms[1]).slice(0, 7)).toEqual(['orders-sale-r4', 'orders-sale-r5', 'orders-sale-r6', 'orders-sale-r7', 'orders-sale-r8',
      'orders-sale-r9', 'orders-sale-r10']);
  });
});
