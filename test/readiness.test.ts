import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EventReadiness, EventReadinessStack, ScheduledChange } from '../lib';
import { ValidationError } from '../lib/private/validation-error';
import { newApp } from './support/app';
import { BEFORE_EVENTS, fixture, saleWindow } from './support/fixtures';
import { TestTier } from './support/test-tier';

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function resourcesOf(template: Template, type: string): any[] {
  return Object.values(template.findResources(type));
}

describe('EventReadiness schedules', () => {
  const { readiness } = fixture();
  const t = Template.fromStack(readiness);

  test('one schedule group named after the event, deleted with the event', () => {
    t.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    t.hasResource('AWS::Scheduler::ScheduleGroup', { Properties: { Name: 'sale' }, DeletionPolicy: 'Delete' });
  });

  test('each universal change is a one-time schedule at the local wall-clock time, in the event zone, window off', () => {
    const schedules = resourcesOf(t, 'AWS::Scheduler::Schedule').map((r) => r.Properties);
    expect(schedules.map((p) => [p.ScheduleExpression, p.ScheduleExpressionTimezone])).toEqual([
      ['at(2026-07-14T22:00:00)', 'America/Los_Angeles'], // prewarm: start 00:00 PDT − 2 h
      ['at(2026-07-16T00:00:00)', 'America/Los_Angeles'], // ramp-down-1 at end
      ['at(2026-07-16T08:00:00)', 'America/Los_Angeles'],
      ['at(2026-07-16T16:00:00)', 'America/Los_Angeles'],
      ['at(2026-07-17T00:00:00)', 'America/Los_Angeles'], // baseline at end + 24 h
    ]);
    for (const p of schedules) {
      expect(p.GroupName).toBe('sale');
      expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(p.State).toBe('ENABLED');
    }
  });

  test('targets: universal SDK action, bounded retries, dead-letter queue, the tier role', () => {
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2026-07-14T22:00:00)',
      Description: 'sale/test prewarm: visibility timeout 10 -> 100',
      Target: {
        Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:sqs:setQueueAttributes']] },
        RetryPolicy: { MaximumEventAgeInSeconds: 900, MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('testSchedulerRole'), 'Arn'] },
        Input: { 'Fn::Join': ['', ['{"QueueUrl":"', { 'Fn::ImportValue': Match.anyValue() }, '","Attributes":{"VisibilityTimeout":"100"}}']] },
      },
    });
  });

  test('retry and age overrides', () => {
    const t2 = Template.fromStack(fixture({ readiness: { retryAttempts: 0, maximumEventAge: Duration.minutes(5) } }).readiness);
    t2.allResourcesProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 0 } }),
    });
  });

  test('Application Auto Scaling changes become scheduled actions on one scalable target, in the event zone', () => {
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 2,
      ScalableDimension: 'custom-resource:ResourceType:Property',
      RoleARN: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(
        ':role/aws-service-role/custom-resource.application-autoscaling.amazonaws.com/')])] },
      ScheduledActions: [
        { ScheduledActionName: 'prewarm', Schedule: 'at(2026-07-14T22:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 8, MaxCapacity: 8 } },
        { ScheduledActionName: 'ramp-down-1', Schedule: 'at(2026-07-16T00:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 6, MaxCapacity: 6 } },
        { ScheduledActionName: 'ramp-down-2', Schedule: 'at(2026-07-16T08:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 5, MaxCapacity: 5 } },
        { ScheduledActionName: 'ramp-down-3', Schedule: 'at(2026-07-16T16:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 3 } },
        { ScheduledActionName: 'baseline', Schedule: 'at(2026-07-17T00:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 } },
      ],
    });
  });
});

describe('EventReadiness least privilege', () => {
  const { readiness } = fixture();
  const t = Template.fromStack(readiness);

  test('the tier role trusts only EventBridge Scheduler, for this account and this event\'s schedules', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':schedule/sale/*'])] } },
          },
        }],
      },
    });
  });

  test('the tier role may change only the tier\'s resource and write only to the dead-letter queue', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'sqs:SetQueueAttributes', Effect: 'Allow', Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('^Tiers:') } },
          { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
        ],
      },
    });
  });

  test('no identity policy in the stack allows anything on Resource "*"', () => {
    const statements = [
      ...resourcesOf(t, 'AWS::IAM::Policy').flatMap((r) => r.Properties.PolicyDocument.Statement),
      ...resourcesOf(t, 'AWS::IAM::Role').flatMap((r) => (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement)),
    ];
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect([s.Resource].flat()).not.toContain('*');
    }
  });

  test('a universal change that grants on "*" is rejected', () => {
    const app = newApp();
    const stack = new Stack(app, 'S');
    const tier = new TestTier(stack, 'Tier');
    const plan = tier.forEvent({ peak: 100 });
    const wildcard = {
      tierName: 'wild',
      tier,
      bind: (scope: any, ctx: any) => {
        const b = plan.bind(scope, ctx);
        for (const c of b.changes) {
          c.universalOptions?.policyStatements.forEach((st) => st.addResources('*'));
        }
        return b;
      },
    };
    expect(() => new EventReadiness(stack, 'R', { window: saleWindow(), tiers: [wildcard], now: BEFORE_EVENTS }))
      .toThrow("change 'visibility timeout 10 -> 100' at prewarm grants sqs:SetQueueAttributes on Resource '*'; scope it to the exact resource ARNs");
  });
});

describe('EventReadiness dead-letter queue and alarms', () => {
  const { readiness } = fixture({ readiness: { alarmEmails: ['ops@example.com', 'oncall@example.org'] } });
  const t = Template.fromStack(readiness);

  test('dead-letter queue is encrypted and SSL-only, and a message in it raises an alarm', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sale-scheduled-change-failed',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
  });

  test('tier alarms are named <event>-<tier>-<id>; a tier composite watches them, the event composite watches tiers and the DLQ', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sale-test-backlog',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 300,
      EvaluationPeriods: 2,
      TreatMissingData: 'notBreaching',
    });
    const composites = t.findResources('AWS::CloudWatch::CompositeAlarm');
    const byName = Object.fromEntries(Object.entries(composites).map(([id, r]) => [r.Properties.AlarmName, { id, ...r.Properties }]));
    expect(Object.keys(byName).sort()).toEqual(['sale-health', 'sale-test-health']);
    const alarmIds = Object.entries(t.findResources('AWS::CloudWatch::Alarm'))
      .map(([id, r]) => [r.Properties.AlarmName, id]);
    const idOf = Object.fromEntries(alarmIds);
    const tierRule = JSON.stringify(byName['sale-test-health'].AlarmRule);
    expect(tierRule).toContain(idOf['sale-test-backlog']);
    expect(tierRule).not.toContain(idOf['sale-scheduled-change-failed']);
    const eventRule = JSON.stringify(byName['sale-health'].AlarmRule);
    expect(eventRule).toContain(byName['sale-test-health'].id);
    expect(eventRule).toContain(idOf['sale-scheduled-change-failed']);
    // The event composite notifies no one: what it watches does, once per breach.
    expect(byName['sale-health'].AlarmActions).toBeUndefined();
    expect(byName['sale-health'].OKActions).toBeUndefined();
    // Each tier's composite notifies on its own changes, so one tier stuck in ALARM cannot mask
    // another tier's failure behind the event composite's unchanged state.
    expect(byName['sale-test-health'].AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    expect(byName['sale-test-health'].OKActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
  });

  test('notifications go to a topic encrypted with a rotating customer-managed key CloudWatch may use', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmTopicKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      })]) },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('only AWS services may create grants on the alarm key; the dead-letter queue declares its redrive policy (Control Tower)', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny', Action: 'kms:CreateGrant', Principal: { AWS: '*' },
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      })]) },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
  });

  test('the topic and key policies let CloudWatch publish for exactly the event\'s alarms that notify, in this account', () => {
    const arnOf = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':',
      { Ref: 'AWS::AccountId' }, `:alarm:${name}`]] });
    // THEN the alarms whose actions reach the topic, by name
    const notifying = [...Object.values(t.findResources('AWS::CloudWatch::Alarm')), ...Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))]
      .filter((r) => (r.Properties.AlarmActions ?? []).length > 0).map((r) => r.Properties.AlarmName).sort();
    expect(notifying).toEqual(['sale-scheduled-change-failed', 'sale-scheduler-dead-letter-failed', 'sale-scheduler-target-errors',
      'sale-scheduler-throttled', 'sale-test-health']);
    const condition = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': Match.anyValue() } };
    const policy = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement
      .find((st: any) => st.Sid === 'AllowEventAlarmsToPublish');
    expect(policy).toMatchObject({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' });
    expect(Object.keys(policy.Condition).sort()).toEqual(Object.keys(condition).sort());
    expect(policy.Condition.StringEquals).toEqual(condition.StringEquals);
    // exactly these ARNs, no pattern: an event named 'sale-eu' has alarms 'sale-eu-…' that must not publish here
    expect([...policy.Condition.ArnEquals['aws:SourceArn']].sort(byJson)).toEqual(notifying.map(arnOf).sort(byJson));
    const key = Object.values(t.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement
      .find((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(key.Condition.ArnEquals['aws:SourceArn']).toEqual(policy.Condition.ArnEquals['aws:SourceArn']);
    expect(JSON.stringify(policy.Condition) + JSON.stringify(key.Condition)).not.toContain('*');
  });

  test('an alarm of the user\'s may publish to the event\'s topic once allowed by name; one without a name known at synth is an error', () => {
    const { readiness: stack } = fixture();
    const event = stack.readiness;
    const own = new cloudwatch.Alarm(stack, 'Own', {
      alarmName: 'sale-checkout-errors', metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'CheckoutErrors' }),
      threshold: 1, evaluationPeriods: 1,
    });
    own.addAlarmAction(new cw_actions.SnsAction(event.alarmTopic));
    event.allowToNotify(own);
    expect(event.notifyingAlarmNames).toContain('sale-checkout-errors');
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement
      .find((st: any) => st.Sid === 'AllowEventAlarmsToPublish');
    expect(JSON.stringify(policy.Condition.ArnEquals)).toContain(':alarm:sale-checkout-errors');
    const unnamed = new cloudwatch.Alarm(stack, 'Unnamed', {
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'X' }), threshold: 1, evaluationPeriods: 1,
    });
    expect(() => event.allowToNotify(unnamed)).toThrow(/allowToNotify: the name of .*Unnamed is not known at synth time; give the alarm an alarmName/);
  });

  test('a given topic in the readiness stack gets the publish statement; one elsewhere gets a warning saying what it needs', () => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    const stack = new Stack(app, 'Event');
    const own = new sns.Topic(stack, 'Own', { enforceSSL: true });
    new EventReadiness(stack, 'R', { window: saleWindow(), tiers: [tier.forEvent({ peak: 50 })], alarmTopic: own, now: BEFORE_EVENTS });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowEventAlarmsToPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
    const shared = new sns.Topic(new Stack(app, 'Ops'), 'Shared');
    const other = new Stack(app, 'Event2');
    const tier2 = new TestTier(app.node.findChild('Tiers') as Stack, 'Tier2');
    new EventReadiness(other, 'R', { window: saleWindow({ name: 'sale-2' }), tiers: [tier2.forEvent({ peak: 50, tierName: 'test' })], alarmTopic: shared, now: BEFORE_EVENTS });
    expect(Annotations.fromStack(other).findWarning('*', Match.stringLikeRegexp('allows cloudwatch.amazonaws.com sns:Publish'))).toHaveLength(1);
    Template.fromStack(app.node.findChild('Ops') as Stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  test('each alarm e-mail address is subscribed', () => {
    t.resourceCountIs('AWS::SNS::Subscription', 2);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
  });

  test('an existing topic is used as it is: no topic or key is created', () => {
    const app = newApp();
    const tierStack = new Stack(app, 'Tiers');
    const tier = new TestTier(tierStack, 'Tier');
    const stack = new Stack(app, 'Event');
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:111111111111:ops');
    new EventReadiness(stack, 'R', { window: saleWindow(), tiers: [tier.forEvent({ peak: 50 })], alarmTopic: topic, now: BEFORE_EVENTS });
    const t2 = Template.fromStack(stack);
    t2.resourceCountIs('AWS::SNS::Topic', 0);
    t2.resourceCountIs('AWS::KMS::Key', 0);
    t2.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:ops'] });
  });
});

describe('EventReadiness dashboard', () => {
  const { readiness } = fixture();
  const t = Template.fromStack(readiness);
  const body = JSON.stringify(resourcesOf(t, 'AWS::CloudWatch::Dashboard')[0].Properties.DashboardBody);

  test('is named after the event and spans the timeline', () => {
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'sale-readiness' });
    expect(body).toContain('\\"start\\":\\"2026-07-15T04:00:00Z\\",\\"end\\":\\"2026-07-17T08:00:00Z\\"');
  });

  test('has a row per tier with one vertical annotation per instant: every step, the end sharing ramp-down-1\'s', () => {
    expect(body).toContain('### Tier test');
    const annotations = [...body.matchAll(/\{\\"value\\":\\"([^\\]+)\\",\\"label\\":\\"([^\\]+)\\"/g)].map((m) => [m[1], m[2]]);
    expect(annotations).toEqual([
      ['2026-07-15T05:00:00Z', 'prewarm'], ['2026-07-15T07:00:00Z', 'peak'], ['2026-07-16T07:00:00Z', 'end · ramp-down-1'],
      ['2026-07-16T15:00:00Z', 'ramp-down-2'], ['2026-07-16T23:00:00Z', 'ramp-down-3'], ['2026-07-17T07:00:00Z', 'baseline'],
    ]);
  });

  test('outputs its name and console URL', () => {
    t.hasOutput('*', { Value: Match.anyValue(), Description: "Event 'sale' dashboard" });
    const outputs = JSON.stringify(t.findOutputs('*'));
    expect(outputs).toContain('#dashboards:name=sale-readiness');
  });
});

describe('EventReadiness plan in the template metadata', () => {
  test('records the timeline and every change with before -> after, mechanism, lead time and margin', () => {
    const { readiness } = fixture();
    const plan = Template.fromStack(readiness).toJSON().Metadata['cdk-event-readiness/plan/sale'];
    expect(plan).toMatchObject({
      schemaVersion: 2,
      eventName: 'sale',
      timeZone: 'America/Los_Angeles',
      startUtc: '2026-07-15T07:00:00Z',
      endUtc: '2026-07-16T07:00:00Z',
      scheduleGroup: 'sale',
      healthAlarmName: 'sale-health',
      dashboardName: 'sale-readiness',
      alarmNames: ['sale-test-backlog', 'sale-scheduled-change-failed', 'sale-scheduler-target-errors',
        'sale-scheduler-dead-letter-failed', 'sale-scheduler-throttled'],
      resources: { schedules: 5, scalableTargets: 1 },
    });
    expect(plan.timeline.map((s: any) => s.id)).toEqual(['prewarm', 'peak', 'ramp-down-1', 'ramp-down-2', 'ramp-down-3', 'baseline']);
    expect(plan.tiers).toHaveLength(1);
    expect(plan.tiers[0].changes[0]).toEqual({
      step: 'prewarm',
      atUtc: '2026-07-15T05:00:00Z',
      atLocal: '2026-07-14T22:00:00',
      delaySeconds: 0,
      setting: 'visibility timeout',
      subject: 'visibility timeout',
      before: '10',
      after: '100',
      afterValue: 100,
      direction: 'SCALE_UP',
      mechanism: 'SCHEDULER_UNIVERSAL_TARGET',
      action: 'sqs:setQueueAttributes',
      leadTimeSeconds: 300,
      readyByUtc: '2026-07-15T07:00:00Z',
      marginSeconds: 6000,
      retryWindowSeconds: 900,
      scheduled: true,
    });
    expect(JSON.stringify(plan)).not.toMatch(/Ref|Fn::/); // plain data the CLI can read offline
  });
});

describe('EventReadiness steps already past (injected clock)', () => {
  const midPeak = new Date('2026-07-15T12:00:00Z');

  test('mid-event: past steps are not scheduled, future ones are, and a warning lists the skipped ones', () => {
    const { readiness } = fixture({ readiness: { now: midPeak } });
    const t = Template.fromStack(readiness);
    const expressions = resourcesOf(t, 'AWS::Scheduler::Schedule').map((r) => r.Properties.ScheduleExpression);
    expect(expressions).toEqual(['at(2026-07-16T00:00:00)', 'at(2026-07-16T08:00:00)', 'at(2026-07-16T16:00:00)', 'at(2026-07-17T00:00:00)']);
    const warnings = Annotations.fromStack(readiness).findWarning('*', Match.stringLikeRegexp('in the past'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain("Tier 'test': 2 scheduled change(s) are in the past and are not scheduled (they are never replayed): ");
    expect(warnings[0].entry.data).toContain('prewarm visibility timeout 10 -> 100; prewarm workers 1 -> 8');
  });

  test('mid-event: the scalable target is registered at peak, so a deploy never scales down during the peak', () => {
    const { readiness } = fixture({ readiness: { now: midPeak } });
    const target = resourcesOf(Template.fromStack(readiness), 'AWS::ApplicationAutoScaling::ScalableTarget')[0].Properties;
    expect([target.MinCapacity, target.MaxCapacity]).toEqual([8, 8]);
    expect(target.ScheduledActions.map((a: any) => a.ScheduledActionName)).toEqual(['ramp-down-1', 'ramp-down-2', 'ramp-down-3', 'baseline']);
  });

  test('mid-ramp-down: registered at the step in force, the rest still scheduled', () => {
    const { readiness } = fixture({ readiness: { now: new Date('2026-07-16T16:00:00Z') } });
    const target = resourcesOf(Template.fromStack(readiness), 'AWS::ApplicationAutoScaling::ScalableTarget')[0].Properties;
    expect([target.MinCapacity, target.MaxCapacity]).toEqual([5, 5]);
    expect(target.ScheduledActions.map((a: any) => a.ScheduledActionName)).toEqual(['ramp-down-3', 'baseline']);
  });

  test('after the event: nothing is scheduled, the target is at baseline, the plan marks every change unscheduled', () => {
    const { readiness } = fixture({ readiness: { now: new Date('2027-01-01T00:00:00Z') } });
    const t = Template.fromStack(readiness);
    t.resourceCountIs('AWS::Scheduler::Schedule', 0);
    t.resourceCountIs('AWS::IAM::Role', 0);
    const target = resourcesOf(t, 'AWS::ApplicationAutoScaling::ScalableTarget')[0].Properties;
    expect([target.MinCapacity, target.MaxCapacity, target.ScheduledActions]).toEqual([1, 2, undefined]);
    const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`];
    expect(plan.tiers[0].changes.every((c: any) => c.scheduled === false)).toBe(true);
  });

  test('the clock can come from context, so a whole app synthesizes reproducibly', () => {
    const app = newApp({ context: { 'cdk-event-readiness:now': '2026-07-15T12:00:00Z' } });
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    const stack = new EventReadinessStack(app, 'Sale', { window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })] });
    expect(stack.readiness.now.toISOString()).toBe('2026-07-15T12:00:00.000Z');
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 4);
  });

  test('the same clock gives the same template', () => {
    const a = Template.fromStack(fixture({ readiness: { now: midPeak } }).readiness).toJSON();
    const b = Template.fromStack(fixture({ readiness: { now: midPeak } }).readiness).toJSON();
    expect(a).toEqual(b);
  });
});

describe('EventReadiness lead-time check', () => {
  test('a scale-up that cannot be ready by the start fails synth, naming tier, change and the numbers', () => {
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.hours(3) } })).toThrow(
      "[Sale/Readiness] EventReadiness 'sale', tier 'test': change 'visibility timeout 10 -> 100' at prewarm needs 3 h 15 min "
      + 'to take effect (worst case, up to 15 min of retries included) but has 2 h before the event starts at '
      + "2026-07-15T07:00:00Z; lengthen the window's prewarmLead or lower the peak");
  });

  test('a lead time that fits exactly (retries up to the maximum event age included) passes; a margin then fails it', () => {
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.minutes(105) } })).not.toThrow();
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.minutes(105) }, readiness: { leadTimeMargin: Duration.minutes(10) } }))
      .toThrow('needs 2 h 10 min to take effect (worst case, up to 15 min of retries included, margin included) but has 2 h before');
  });

  test('a schedule may apply as late as its maximum event age: a longer age leaves less time', () => {
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.minutes(105) }, readiness: { maximumEventAge: Duration.minutes(16) } }))
      .toThrow('needs 2 h 1 min to take effect (worst case, up to 16 min of retries included) but has 2 h before');
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.minutes(115) }, readiness: { maximumEventAge: Duration.minutes(5) } }))
      .not.toThrow();
  });

  test('two changes of one subject closer together than the first needs fail synth', () => {
    const window = saleWindow({ rampDown: Duration.hours(3), rampDownSteps: 3 }); // steps 1 h apart
    expect(() => fixture({ window, peak: { peak: 100, rampDownLeadTime: Duration.minutes(90) } })).toThrow(
      "changes of 'visibility timeout' at ramp-down-1 and ramp-down-2 are 1 h apart, but the first needs 1 h 45 min to complete (worst case, retries included)");
    expect(() => fixture({ window, peak: { peak: 100, rampDownLeadTime: Duration.minutes(45) } })).not.toThrow();
    expect(() => fixture({ window, peak: { peak: 100, rampDownLeadTime: Duration.minutes(46) } })).toThrow('needs 1 h 1 min to complete');
  });
});

describe('EventReadiness input validation', () => {
  function build(mutate: (app: ReturnType<typeof newApp>, tier: TestTier) => Partial<ConstructorParameters<typeof EventReadiness>[2]>): () => void {
    return () => {
      const app = newApp();
      const stack = new Stack(app, 'Tiers');
      const tier = new TestTier(stack, 'Tier');
      const extra = mutate(app, tier);
      new EventReadiness(new Stack(app, 'Event'), 'Readiness', {
        window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })], now: BEFORE_EVENTS, ...extra,
      });
    };
  }

  test.each<[string, (app: ReturnType<typeof newApp>, tier: TestTier) => any, string]>([
    ['duplicate tier names', (_a, tier) => ({ tiers: [tier.forEvent({ peak: 100 }), tier.forEvent({ peak: 200 })] }),
      "tierName 'test' is already used by another tier of this event; tier names must be unique"],
    ['a tier name that makes invalid AWS names', (_a, tier) => ({ tiers: [tier.forEvent({ peak: 100, tierName: 'Orders_DB' })] }),
      "tierName must be 1-20 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (it prefixes AWS resource names), got 'Orders_DB'"],
    ['a plan bound to a different app', () => {
      const other = new TestTier(new Stack(newApp(), 'Other'), 'Tier');
      return { tiers: [other.forEvent({ peak: 100 })] };
    }, "the plan of tier 'test' is for a tier in a different CDK app (Other/Tier); create the readiness construct in the same app as its tiers"],
    ['an e-mail address that is not one', () => ({ alarmEmails: ['ops@example.com', 'not-an-address'] }),
      "alarmEmails must be e-mail addresses (name@domain.tld), got 'not-an-address'"],
    ['the same e-mail address twice', () => ({ alarmEmails: ['ops@example.com', 'oncall@example.org', 'ops@example.com'] }),
      "alarmEmails lists 'ops@example.com' more than once; each address is subscribed once"],
    ['the same e-mail address in another case', () => ({ alarmEmails: ['ops@example.com', 'Ops@Example.com'] }),
      "alarmEmails lists 'Ops@Example.com' more than once; each address is subscribed once"],
    ['retries out of range', () => ({ retryAttempts: 186 }), 'retryAttempts must be a whole number from 0 to 185, got 186'],
    ['fractional retries', () => ({ retryAttempts: 1.5 }), 'got 1.5'],
    ['event age under a minute', () => ({ maximumEventAge: Duration.seconds(30) }), 'maximumEventAge must be whole seconds from 1 minute to 24 hours, got 30 seconds'],
    ['event age in fractions of a second', () => ({ maximumEventAge: Duration.millis(90_500) }), 'maximumEventAge must be whole seconds from 1 minute to 24 hours, got 1 minute 30 seconds 500 millis'],
    ['event age over a day', () => ({ maximumEventAge: Duration.hours(25) }), 'got 1 day 1 hour'],
    ['an invalid now', () => ({ now: new Date('nope') }), 'now must be a valid Date, got Invalid Date'],
  ])('%s', (_label, mutate, message) => {
    expect(build(mutate)).toThrow(ValidationError);
    expect(build(mutate)).toThrow(message);
  });

  test('a plan made for another event\'s window is rejected', () => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    const plan = tier.forEvent({ peak: 100 });
    const otherWindow = saleWindow({ start: '2026-08-01T00:00', end: '2026-08-02T00:00' });
    const stale = { tierName: 'stale', tier, bind: (scope: any) => plan.bind(scope, { window: otherWindow, maximumEventAge: Duration.minutes(15) }) };
    expect(() => new EventReadiness(new Stack(app, 'E'), 'R', { window: saleWindow(), tiers: [stale], now: BEFORE_EVENTS }))
      .toThrow("change 'visibility timeout 10 -> 100' at prewarm is at a step that is not on event 'sale's timeline");
  });

  test('a bad clock in context is named', () => {
    const app = newApp({ context: { 'cdk-event-readiness:now': 'tomorrow' } });
    expect(() => new EventReadiness(new Stack(app, 'E'), 'R', { window: saleWindow() })).toThrow(
      "context 'cdk-event-readiness:now' must be an ISO-8601 instant with 'Z' or an offset, such as "
      + "'2026-07-01T00:00:00Z' or '2026-07-01T09:00:00+09:00', got 'tomorrow'");
  });

  test('the error names the construct path', () => {
    expect(build(() => ({ retryAttempts: -1 }))).toThrow(/^\[Event\/Readiness\] EventReadiness 'sale': retryAttempts/);
  });
});

describe('EventReadiness changes of one subject at the same step', () => {
  test('are rejected: they would race', () => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    const plan = tier.forEvent({ peak: 100 });
    const racing = {
      tierName: 'racing',
      tier,
      bind: (scope: any, ctx: any) => {
        const b = plan.bind(scope, ctx);
        const first = b.changes[0];
        const twin = ScheduledChange.universal({ ...first.universalOptions!, setting: 'message retention', subject: first.subject });
        return { ...b, changes: [...b.changes, twin] };
      },
    };
    expect(() => new EventReadiness(new Stack(app, 'E'), 'R', { window: saleWindow(), tiers: [racing], now: BEFORE_EVENTS }))
      .toThrow("changes of 'visibility timeout' at prewarm and prewarm are 0 min apart, but the first needs 20 min to complete (worst case, retries included)");
  });
});

describe('EventReadiness changes delayed after their step', () => {
  test('fire at step + delay, in the event zone, and the lead-time check counts from the delayed time', () => {
    const { readiness } = fixture({ peak: { peak: 100, prewarmDelay: Duration.minutes(45), leadTime: Duration.minutes(60) } });
    const t = Template.fromStack(readiness);
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2026-07-14T22:45:00)',
      ScheduleExpressionTimezone: 'America/Los_Angeles',
      Description: 'sale/test prewarm+45m: visibility timeout 10 -> 100',
    });
    const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`];
    expect(plan.tiers[0].changes[0]).toMatchObject({
      step: 'prewarm', delaySeconds: 2700, atUtc: '2026-07-15T05:45:00Z', atLocal: '2026-07-14T22:45:00', marginSeconds: 0,
    });
    expect(() => fixture({ peak: { peak: 100, prewarmDelay: Duration.minutes(45), leadTime: Duration.minutes(61) } }))
      .toThrow("change 'visibility timeout 10 -> 100' at prewarm+45m needs 1 h 16 min to take effect (worst case, up to 15 min of retries included) but has 1 h 15 min");
  });

  test('a delay that is not whole minutes is rejected', () => {
    expect(() => fixture({ peak: { peak: 100, prewarmDelay: Duration.seconds(30) } }))
      .toThrow("[Sale/Readiness] EventReadiness 'sale', tier 'test': ScheduledChange 'visibility timeout' at prewarm: "
        + 'delay must be from 0 to 90 days, in whole minutes, got 30 seconds');
  });

  test('a plan\'s lead time aws-cdk-lib cannot convert (NaN, a fraction of a millisecond) is rejected, naming the tier', () => {
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.millis(0.5) } }))
      .toThrow("[Sale/Readiness] EventReadiness 'sale', tier 'test': ScheduledChange 'visibility timeout' at prewarm: "
        + 'leadTime must be whole milliseconds from 0 to 90 days, got 0.5 ms');
    expect(() => fixture({ peak: { peak: 100, leadTime: Duration.minutes(NaN) } })).toThrow('leadTime must be whole milliseconds from 0 to 90 days, got NaN ms');
  });
});

describe('EventReadiness event names', () => {
  test('two events with one name in one app are rejected: they would share a schedule group and alarm names', () => {
    const app = newApp();
    new EventReadiness(new Stack(app, 'A'), 'R', { window: saleWindow(), now: BEFORE_EVENTS });
    expect(() => new EventReadiness(new Stack(app, 'B'), 'R', { window: saleWindow(), now: BEFORE_EVENTS }))
      .toThrow("[B/R] EventReadiness: event name 'sale' is already used by A/R; each event needs its own name");
  });
});
