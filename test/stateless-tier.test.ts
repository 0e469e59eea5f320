import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  EventReadiness, EventReadinessStack, StatelessTier, StatelessTierEventOptions, StatelessTierProps, TableAccess,
} from '../lib';
import { ValidationError } from '../lib/private/validation-error';
import { evaluateAlarm } from './support/alarm-evaluator';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const KEYS: dynamodb.TablePropsV2 = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };

function tierStack(props: Partial<StatelessTierProps> = {}) {
  const app = newApp();
  const stack = new Stack(app, 'Tiers');
  const tier = new StatelessTier(stack, 'Catalog', { code: CODE, tableProps: KEYS, ...props });
  return { app, stack, tier };
}

function event(options: StatelessTierEventOptions, props: Partial<StatelessTierProps> = {}, now = BEFORE_EVENTS) {
  const { app, stack, tier } = tierStack(props);
  const readiness = new EventReadinessStack(app, 'Sale', { window: saleWindow(), tiers: [tier.forEvent(options)], now });
  return { app, stack, tier, readiness, t: Template.fromStack(readiness) };
}

describe('StatelessTier defaults', () => {
  const { stack, tier } = tierStack();
  const t = Template.fromStack(stack);

  test('function: latest Node.js, arm64, 512 MB, 10 s, active tracing, its table name in the environment', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: lambda.Runtime.NODEJS_LATEST.name,
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Environment: { Variables: { TABLE_NAME: { Ref: Match.stringLikeRegexp('CatalogTable') } } },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('CatalogLogGroup') } },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('published behind the alias "live", with no provisioned concurrency in the template (aws/aws-cdk#29992)', () => {
    t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: Match.absent() });
    t.hasResourceProperties('AWS::Lambda::Version', { ProvisionedConcurrencyConfig: Match.absent() });
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(tier.alias.aliasName).toBe('live');
  });

  test('the function role has no managed policies and writes only its own logs', () => {
    const roles = Object.values(t.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.ManagedPolicyArns).toBeUndefined();
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('CatalogLogGroup'), 'Arn'] }, Match.anyValue()],
      })]) },
    });
  });

  test('table: on-demand, KMS-encrypted, point-in-time recovery, deletion protection, retained on delete', () => {
    t.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          ReadOnDemandThroughputSettings: Match.absent(),
        })],
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('read and write access by default', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:PutItem']),
      })]) },
    });
  });

  test('no HTTP API unless asked for', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    expect(tier.httpApi).toBeUndefined();
  });

  test('passes cdk-nag AwsSolutions', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('StatelessTier options', () => {
  test('read-only access grants no write actions', () => {
    const t = Template.fromStack(tierStack({ tableAccess: TableAccess.READ }).stack);
    const actions = JSON.stringify(Object.values(t.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).not.toContain('dynamodb:PutItem');
  });

  test('write-only access grants no read actions', () => {
    const t = Template.fromStack(tierStack({ tableAccess: TableAccess.WRITE }).stack);
    const actions = JSON.stringify(Object.values(t.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument));
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:GetItem');
  });

  test('HTTP API to the alias, throttled, with JSON access logs', () => {
    const { stack } = tierStack({ httpApi: { throttlingRateLimit: 500, throttlingBurstLimit: 800 } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 800 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CatalogAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { Ref: Match.stringLikeRegexp('CatalogAlias') },
    });
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  test('cost caps, table overrides, alias name and function options', () => {
    const { stack, tier } = tierStack({
      maxReadRequestUnits: 5000,
      maxWriteRequestUnits: 1000,
      aliasName: 'prod',
      tableProps: { ...KEYS, sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING }, tableName: 'catalog' },
      functionOptions: { memorySize: 1024, reservedConcurrentExecutions: 300 },
      tableNameEnvironmentVariable: 'CATALOG_TABLE',
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'catalog',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      Replicas: [Match.objectLike({ ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 5000 } })],
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 1000 },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024, ReservedConcurrentExecutions: 300, TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { CATALOG_TABLE: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'prod' });
    expect(tier.maxReadRequestUnits).toBe(5000);
  });

  test('a table with secondary indexes still passes cdk-nag (index wildcard acknowledged with a reason)', () => {
    const { stack } = tierStack({
      tableProps: { ...KEYS, globalSecondaryIndexes: [{ indexName: 'by-sku', partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING } }] },
    });
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  test('the throttles of global secondary indexes are watched: 5 indexes (10 metrics) per alarm', () => {
    // GIVEN a table with 6 global secondary indexes
    const names = ['by-sku', 'by-user', 'by-date', 'by-store', 'by-status', 'by-region'];
    const { t } = event({ provisionedConcurrency: 10 }, {
      tableProps: {
        ...KEYS,
        globalSecondaryIndexes: names.map((indexName) => ({ indexName, partitionKey: { name: indexName, type: dynamodb.AttributeType.STRING } })),
      },
    });
    // THEN two alarms read each index's read and write throttle events, by TableName and GlobalSecondaryIndexName
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties)
      .filter((p) => /index-throttles/.test(p.AlarmName));
    expect(alarms.map((p) => p.AlarmName)).toEqual(['sale-catalog-index-throttles', 'sale-catalog-index-throttles-2']);
    const indexesOf = (p: any) => p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => {
      const d = m.MetricStat.Metric.Dimensions.find((x: any) => x.Name === 'GlobalSecondaryIndexName');
      return `${m.MetricStat.Metric.MetricName}:${d.Value}`;
    });
    expect(indexesOf(alarms[0])).toHaveLength(10);
    expect(indexesOf(alarms[1])).toEqual(['ReadThrottleEvents:by-region', 'WriteThrottleEvents:by-region']);
    // and one index's write throttles alone (the others report nothing) are enough to alarm
    const states = evaluateAlarm(alarms[0], (m) => (m.metricName === 'WriteThrottleEvents' && m.dimensions.GlobalSecondaryIndexName === 'by-date'
      ? [0, 0, 5, 5, 5] : [undefined, undefined, undefined, undefined, undefined]), 5);
    expect(states[4]).toBe('ALARM');
  });

  test('the longest plan (24 ramp-down steps) still fits CloudWatch\'s 2,048-character math expression', () => {
    const { app, tier } = tierStack({ maxReadRequestUnits: 1000 });
    const readiness = new EventReadinessStack(app, 'Sale', {
      window: saleWindow({ rampDown: Duration.hours(24), rampDownSteps: 24 }),
      tiers: [tier.forEvent({ provisionedConcurrency: 2400, maxReadRequestUnits: 30000 })],
      now: BEFORE_EVENTS,
    });
    const t = Template.fromStack(readiness);
    const expressions = Object.values(t.findResources('AWS::CloudWatch::Alarm'))
      .filter((r) => /pc-configured|near-cap/.test(r.Properties.AlarmName))
      .flatMap((r) => r.Properties.Metrics.filter((m: any) => m.Expression).map((m: any) => m.Expression as string));
    expect(expressions.length).toBeGreaterThanOrEqual(2);
    // every level the scheduled actions set (but 0: nothing to judge) is a limit of the allocation alarm
    const target = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
    const levels = target.Properties.ScheduledActions.map((a: any) => a.ScalableTargetAction.MinCapacity).filter((v: number) => v > 0);
    expect(levels.length).toBeGreaterThanOrEqual(24);
    const alarm = Object.values(t.findResources('AWS::CloudWatch::Alarm')).find((r) => r.Properties.AlarmName === 'sale-catalog-pc-configured')!;
    const planned: string = alarm.Properties.Metrics.find((m: any) => m.Id === 'p').Expression;
    expect([...planned.matchAll(/, (\d+)[,)]/g)].map((m) => Number(m[1])).filter((v) => v > 0)).toEqual(levels);
    for (const e of expressions) {
      expect(e.length).toBeLessThanOrEqual(2048);
    }
  });

  test('existing function and table are used as they are', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tiers');
    const fn = new lambda.Function(stack, 'Mine', { code: CODE, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
    const table = new dynamodb.TableV2(stack, 'MyTable', { ...KEYS, removalPolicy: RemovalPolicy.RETAIN });
    const tier = new StatelessTier(stack, 'Catalog', { existingFunction: fn, existingTable: table });
    expect(tier.function).toBe(fn);
    expect(tier.table).toBe(table);
    expect(tier.knownWarmThroughput).toBeUndefined();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    t.hasResourceProperties('AWS::Lambda::Alias', { FunctionName: { Ref: Match.stringLikeRegexp('Mine') } });
  });

  test('a table that is not retained gets a warning', () => {
    const { stack } = tierStack({ tableProps: { ...KEYS, removalPolicy: RemovalPolicy.DESTROY } });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('deleting the stack deletes its data'))).toHaveLength(1);
  });
});

describe('StatelessTier bad input', () => {
  test.each<[string, Partial<StatelessTierProps>, string]>([
    ['no code', { code: undefined }, 'code is required unless existingFunction is given'],
    ['missing keys', { tableProps: {} as any }, 'tableProps.partitionKey is required unless existingTable is given'],
    ['existing table and table props', { existingTable: {} as any }, 'give either existingTable or tableProps, not both'],
    ['provisioned billing', { tableProps: { ...KEYS, billing: dynamodb.Billing.onDemand() } }, 'tableProps.billing must not be set'],
    ['fractional cap', { maxReadRequestUnits: 10.5 }, 'maxReadRequestUnits must be a whole number from 1 to 2147483647, got 10.5'],
    ['zero cap', { maxWriteRequestUnits: 0 }, 'maxWriteRequestUnits must be a whole number from 1 to 2147483647, got 0'],
    ['provisioned concurrency in the tier template', { functionOptions: { currentVersionOptions: { provisionedConcurrentExecutions: 5 } } },
      'functionOptions.currentVersionOptions.provisionedConcurrentExecutions must not be set (got 5): the event plan manages provisioned concurrency'],
    ['bad alias', { aliasName: '123' }, "aliasName must be 1-128 letters, digits, '-' or '_' and not only digits, got '123'"],
    ['bad API throttle', { httpApi: { throttlingRateLimit: 0 } }, 'httpApi.throttlingRateLimit must be a whole number from 1 to 2147483647, got 0'],
    ['fractional API rate', { httpApi: { throttlingRateLimit: 10.5 } }, 'httpApi.throttlingRateLimit must be a whole number from 1 to 2147483647, got 10.5'],
    ['fractional API burst', { httpApi: { throttlingBurstLimit: 2.5 } }, 'httpApi.throttlingBurstLimit must be a whole number from 1 to 2147483647, got 2.5'],
    ['NaN API burst', { httpApi: { throttlingBurstLimit: NaN } }, 'httpApi.throttlingBurstLimit must be a whole number from 1 to 2147483647, got NaN'],
    ['NaN reserved concurrency', { functionOptions: { reservedConcurrentExecutions: NaN } }, 'functionOptions.reservedConcurrentExecutions must be a whole number from 0 to 2147483647, got NaN'],
    ['negative reserved concurrency', { functionOptions: { reservedConcurrentExecutions: -1 } }, 'functionOptions.reservedConcurrentExecutions must be a whole number from 0 to 2147483647, got -1'],
    ['NaN table warm throughput', { tableProps: { ...KEYS, warmThroughput: { readUnitsPerSecond: NaN } } }, 'tableProps.warmThroughput.readUnitsPerSecond must be a whole number from 1 to 2147483647, got NaN'],
    ['zero table warm throughput', { tableProps: { ...KEYS, warmThroughput: { writeUnitsPerSecond: 0 } } }, 'tableProps.warmThroughput.writeUnitsPerSecond must be a whole number from 1 to 2147483647, got 0'],
    ['infinite cap', { maxReadRequestUnits: Infinity }, 'maxReadRequestUnits must be a whole number from 1 to 2147483647, got Infinity'],
  ])('%s', (_label, props, message) => {
    expect(() => tierStack(props)).toThrow(ValidationError);
    expect(() => tierStack(props)).toThrow(message);
  });

  test('existing function together with code', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tiers');
    const fn = new lambda.Function(stack, 'Mine', { code: CODE, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
    expect(() => new StatelessTier(stack, 'Catalog', { existingFunction: fn, code: CODE, tableProps: KEYS }))
      .toThrow('[Tiers/Catalog] StatelessTier: give either existingFunction or code/handler/runtime/functionOptions, not both');
  });
});

describe('StatelessTier event plan: provisioned concurrency', () => {
  const { t, stack } = event({ provisionedConcurrency: 200, baselineProvisionedConcurrency: 20 });

  test('a scalable target on the alias, registered at baseline, stepping 200 → 155 → 110 → 65 → 20', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'lambda',
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ResourceId: { 'Fn::Join': ['', ['function:', { 'Fn::ImportValue': Match.anyValue() }, ':live']] },
      MinCapacity: 20,
      MaxCapacity: 20,
      RoleARN: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency')])] },
      ScheduledActions: [
        { ScheduledActionName: 'prewarm', Schedule: 'at(2026-07-14T22:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 200, MaxCapacity: 200 } },
        { ScheduledActionName: 'ramp-down-1', Schedule: 'at(2026-07-16T00:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 155, MaxCapacity: 155 } },
        { ScheduledActionName: 'ramp-down-2', Schedule: 'at(2026-07-16T08:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 110, MaxCapacity: 110 } },
        { ScheduledActionName: 'ramp-down-3', Schedule: 'at(2026-07-16T16:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 65, MaxCapacity: 65 } },
        { ScheduledActionName: 'baseline', Schedule: 'at(2026-07-17T00:00:00)', Timezone: 'America/Los_Angeles', ScalableTargetAction: { MinCapacity: 20, MaxCapacity: 20 } },
      ],
    });
  });

  test('the tier stack does not declare provisioned concurrency, so its deploys never fight the schedule', () => {
    const tierTemplate = Template.fromStack(stack);
    tierTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    tierTemplate.hasResourceProperties('AWS::Lambda::Alias', { ProvisionedConcurrencyConfig: Match.absent() });
  });

  test('a deploy during the peak registers the target at the peak', () => {
    const mid = event({ provisionedConcurrency: 200 }, {}, new Date('2026-07-15T12:00:00Z')).t;
    mid.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 200, MaxCapacity: 200 });
  });

  test('alarms: throttles, errors, spillover, table throttles and system errors, named by event and tier', () => {
    for (const name of ['sale-catalog-lambda-throttles', 'sale-catalog-lambda-errors', 'sale-catalog-pc-spillover',
      'sale-catalog-table-throttles', 'sale-catalog-table-system-errors']) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sale-catalog-pc-spillover', MetricName: 'ProvisionedConcurrencySpilloverInvocations', Threshold: 1,
      Dimensions: Match.arrayWith([{ Name: 'Resource', Value: Match.anyValue() }]),
    });
    t.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmName: 'sale-catalog-api-5xx' }, 0);
  });

  test('no DynamoDB schedule when the plan does not touch the table', () => {
    t.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });
});

describe('StatelessTier event plan: warm throughput and cost cap', () => {
  const { t, readiness } = event(
    { warmThroughput: { readUnitsPerSecond: 30000, writeUnitsPerSecond: 10000 }, maxReadRequestUnits: 35000 },
    { maxReadRequestUnits: 5000 },
  );

  test('the cap is raised at prewarm, warm throughput in a call of its own after it, in SDK member casing', () => {
    const inputs = Object.values(t.findResources('AWS::Scheduler::Schedule')).map((r) => [
      r.Properties.ScheduleExpression, r.Properties.ScheduleExpressionTimezone, r.Properties.Target.Input]);
    const table = { 'Fn::ImportValue': expect.any(String) };
    expect(inputs).toEqual([
      ['at(2026-07-14T22:00:00)', 'America/Los_Angeles',
        { 'Fn::Join': ['', ['{"TableName":"', table, '","OnDemandThroughput":{"MaxReadRequestUnits":35000}}']] }],
      // The cap's lead time (5 min) and retries (15 min) later: DynamoDB rejects an UpdateTable
      // while the table is UPDATING, and a warm-throughput request it rejects (as a lowering)
      // cannot take the cap down with it.
      ['at(2026-07-14T22:20:00)', 'America/Los_Angeles',
        { 'Fn::Join': ['', ['{"TableName":"', table, '","WarmThroughput":{"ReadUnitsPerSecond":30000,"WriteUnitsPerSecond":10000}}']] }],
      ['at(2026-07-17T00:00:00)', 'America/Los_Angeles',
        { 'Fn::Join': ['', ['{"TableName":"', table, '","OnDemandThroughput":{"MaxReadRequestUnits":5000}}']] }],
    ]);
  });

  test('a table with a cost cap is watched for throttling at the cap (reads alone are enough)', () => {
    const alarm = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties)
      .find((p) => p.AlarmName === 'sale-catalog-table-cap-throttles');
    expect(alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName))
      .toEqual(['ReadMaxOnDemandThroughputThrottleEvents', 'WriteMaxOnDemandThroughputThrottleEvents']);
    const series = (reads: Array<number | undefined>) => (m: { metricName: string }) => (m.metricName.startsWith('Read') ? reads : []);
    expect(evaluateAlarm(alarm, series([0, 0, 4, 6, 5]), 5).at(-1)).toBe('ALARM');
    expect(evaluateAlarm(alarm, series([0, 0, 0, 0, 0]), 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    // A table without a cap has no such alarm.
    const uncapped = event({ warmThroughput: { readUnitsPerSecond: 20000 } }).t;
    uncapped.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmName: 'sale-catalog-table-cap-throttles' }, 0);
  });

  test('the role may only update this table', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'dynamodb:UpdateTable', Effect: 'Allow', Resource: { 'Fn::ImportValue': Match.anyValue() } }]) },
    });
  });

  test('synth warns that warm throughput is billed and permanent', () => {
    const warnings = Annotations.fromStack(readiness).findWarning('*', Match.stringLikeRegexp('billed and permanent'));
    expect(warnings).toHaveLength(1);
  });

  test('the plan records from → to and the 1 h lead time', () => {
    const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`];
    expect(plan.tiers[0].changes.map((c: any) => [c.step, c.delaySeconds, c.setting, c.before, c.after, c.leadTimeSeconds])).toEqual([
      ['prewarm', 0, 'table cost cap', 'read 5000/s', 'read 35000/s', 300],
      ['prewarm', 1200, 'warm throughput', 'warm read 12000/s, write 4000/s', 'warm read 30000/s, write 10000/s', 3600],
      ['baseline', 0, 'table cost cap', 'read 35000/s', 'read 5000/s', 300],
    ]);
  });

  test('the readiness stack passes cdk-nag AwsSolutions', () => {
    expect(new AwsSolutionsChecks().validateScope(readiness).violations).toEqual([]);
  });

  test('a warm-throughput update that cannot finish by the start fails synth', () => {
    expect(() => event({ warmThroughput: { readUnitsPerSecond: 20000 }, warmThroughputLeadTime: Duration.hours(3) }))
      .toThrow("tier 'catalog': change 'warm throughput warm read 12000/s -> warm read 20000/s' at prewarm needs 3 h");
  });
});

describe('StatelessTier event plan: API alarm and dashboard', () => {
  test('an API 5xx alarm exists when the tier has an API', () => {
    const { t } = event({}, { httpApi: {} });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sale-catalog-api-5xx', Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 60, 100 * FILL(failures, 0) / requests, 0)', ReturnData: true }),
        Match.objectLike({ Id: 'failures', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Count' }), Stat: 'Sum' }) }),
      ]),
    });
  });

  test('the dashboard row graphs concurrency against the planned provisioned concurrency', () => {
    const { t } = event({ provisionedConcurrency: 300 });
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    expect(body).toContain('### Tier catalog');
    expect(body).toContain('Lambda concurrency');
    expect(body).toContain('{\\"value\\":300,\\"label\\":\\"planned provisioned concurrency\\"');
  });

  test('the table is graphed per second, 1-minute periods, against the event\'s cap and warm throughput', () => {
    const { t } = event({ warmThroughput: { readUnitsPerSecond: 30000 }, maxReadRequestUnits: 35000 }, { maxReadRequestUnits: 5000 });
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    expect(body).toContain('DynamoDB consumed units per second, and throttles');
    expect(body).toContain('{\\"label\\":\\"Consumed read units per second\\",\\"expression\\":\\"reads / PERIOD(reads)\\",\\"period\\":60}');
    expect(body).toMatch(/ConsumedReadCapacityUnits.{0,200}?\\"id\\":\\"reads\\",\\"visible\\":false.{0,200}?\\"period\\":60,\\"stat\\":\\"Sum\\"/);
    expect(body).toContain('{\\"value\\":35000,\\"label\\":\\"read cap during the event\\"');
    expect(body).toContain('{\\"value\\":30000,\\"label\\":\\"warm reads per second\\"');
    expect(body).not.toContain('\\"period\\":300');
  });
});

describe('StatelessTier event plan: warm throughput the table already has', () => {
  test.each<[string, StatelessTierEventOptions, Partial<StatelessTierProps>, string[]]>([
    ['no more than an on-demand table starts with', { warmThroughput: { writeUnitsPerSecond: 4000 } }, {},
      ["warm throughput write stays at 4000/s, the table's known warm throughput (it can never be lowered), which covers this event's 4000/s"]],
    ['below what the table was created with', { warmThroughput: { readUnitsPerSecond: 15000 } },
      { tableProps: { ...KEYS, warmThroughput: { readUnitsPerSecond: 20000 } } },
      ["warm throughput read stays at 20000/s, the table's known warm throughput (it can never be lowered), which covers this event's 15000/s"]],
  ])('%s: no request (it would be a rejected lowering), and the plan says why', (_name, options, props, notes) => {
    const { t } = event(options, props);
    t.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`].tiers[0].notes).toEqual(notes);
  });
});

describe('StatelessTier event plan bad input', () => {
  test.each<[string, StatelessTierEventOptions, Partial<StatelessTierProps>, string]>([
    ['negative concurrency', { provisionedConcurrency: -5 }, {}, 'provisionedConcurrency must be a whole number from 1 to 2147483647, got -5'],
    ['fractional concurrency', { provisionedConcurrency: 10.5 }, {}, 'got 10.5'],
    ['negative baseline', { provisionedConcurrency: 10, baselineProvisionedConcurrency: -1 }, {}, 'baselineProvisionedConcurrency must be a whole number from 0 to 2147483647, got -1'],
    ['peak below baseline', { provisionedConcurrency: 10, baselineProvisionedConcurrency: 20 }, {}, 'provisionedConcurrency (10) must not be below baselineProvisionedConcurrency (20)'],
    ['baseline without peak', { baselineProvisionedConcurrency: 5 }, {}, 'baselineProvisionedConcurrency needs provisionedConcurrency (the peak)'],
    ['beyond reserved concurrency', { provisionedConcurrency: 500 }, { functionOptions: { reservedConcurrentExecutions: 100 } }, "provisionedConcurrency (500) exceeds the function's reserved concurrency (100)"],
    ['warm throughput beyond the quota', { warmThroughput: { readUnitsPerSecond: 50000 } }, {}, 'warmThroughput.readUnitsPerSecond (50000) is beyond the per-table quota (40000); request a quota increase and set tableThroughputQuota'],
    ['empty warm throughput', { warmThroughput: {} }, {}, 'warmThroughput needs readUnitsPerSecond, writeUnitsPerSecond or both'],
    ['cap below peak', { warmThroughput: { readUnitsPerSecond: 30000 } }, { maxReadRequestUnits: 5000 }, "the table's read cost cap during the event (5000) is below the planned peak (30000 per second): requests above it throttle; set maxReadRequestUnits for the event to at least 30000"],
    ['event cap below peak', { peakWriteRequestUnits: 9000, maxWriteRequestUnits: 8000 }, { maxWriteRequestUnits: 1000 }, "the table's write cost cap during the event (8000) is below the planned peak (9000 per second)"],
    ['event cap not above the table cap', { maxReadRequestUnits: 4000 }, { maxReadRequestUnits: 5000 }, "maxReadRequestUnits for the event (4000) must be above the table's cap (5000)"],
    ['event cap on an uncapped table', { maxReadRequestUnits: 4000 }, {}, 'maxReadRequestUnits (4000) is set for the event, but the table has no read cost cap: an event cap would only limit it'],
    ['event cap beyond the quota', { maxReadRequestUnits: 50000 }, { maxReadRequestUnits: 5000 }, 'maxReadRequestUnits (50000) is beyond the per-table quota (40000)'],
    ['NaN throttles threshold', { throttlesAlarmThreshold: NaN }, {}, 'throttlesAlarmThreshold must be a number more than 0 and at most 2147483647, got NaN'],
    ['zero error rate', { errorRateAlarmPercent: 0 }, {}, 'errorRateAlarmPercent must be a number more than 0 and at most 100, got 0'],
    ['an error rate above 100 %', { errorRateAlarmPercent: 150 }, {}, 'errorRateAlarmPercent must be a number more than 0 and at most 100, got 150'],
    ['no minimum traffic', { minimumRequestsPerMinute: 0 }, {}, 'minimumRequestsPerMinute must be a number more than 0 and at most 2147483647, got 0'],
    ['negative spillover threshold', { provisionedConcurrency: 10, spilloverAlarmThreshold: -1 }, {}, 'spilloverAlarmThreshold must be a number more than 0 and at most 2147483647, got -1'],
    ['infinite table throttles threshold', { tableThrottlesAlarmThreshold: Infinity }, {}, 'tableThrottlesAlarmThreshold must be a number more than 0 and at most 2147483647, got Infinity'],
    ['NaN API 5xx rate', { apiServerErrorRateAlarmPercent: NaN }, {}, 'apiServerErrorRateAlarmPercent must be a number more than 0 and at most 100, got NaN'],
    ['NaN peak reads', { peakReadRequestUnits: NaN }, { maxReadRequestUnits: 5000 }, 'peakReadRequestUnits must be a whole number from 1 to 2147483647, got NaN'],
    ['lead time of half a millisecond', { provisionedConcurrency: 10, provisionedConcurrencyLeadTime: Duration.millis(0.5) }, {}, 'provisionedConcurrencyLeadTime must be whole milliseconds from 0 to 90 days, got 0.5 ms'],
    ['NaN warm-throughput lead time', { warmThroughput: { readUnitsPerSecond: 20000 }, warmThroughputLeadTime: Duration.hours(NaN) }, {}, 'warmThroughputLeadTime must be whole milliseconds from 0 to 90 days, got NaN ms'],
  ])('%s', (_label, options, props, message) => {
    expect(() => event(options, props)).toThrow(ValidationError);
    expect(() => event(options, props)).toThrow(message);
  });

  test('an error names the tier construct', () => {
    expect(() => event({ provisionedConcurrency: 0 })).toThrow(/^\[Tiers\/Catalog\] StatelessTier.forEvent \(tier 'catalog'\): /);
  });

  test('provisioned concurrency above the default account quota warns', () => {
    const { stack } = event({ provisionedConcurrency: 950 });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('account\'s concurrency quota'))).toHaveLength(1);
  });
});

describe('the account\'s concurrency is watched once per event, however many stateless tiers it has', () => {
  const twoTiers = (quotas: [number | undefined, number | undefined]) => {
    const app = newApp();
    const stack = new Stack(app, 'Tiers');
    const a = new StatelessTier(stack, 'Catalog', { code: CODE, tableProps: KEYS });
    const b = new StatelessTier(stack, 'Search', { code: CODE, tableProps: KEYS });
    const readiness = new EventReadinessStack(app, 'Sale', { window: saleWindow(), now: BEFORE_EVENTS });
    readiness.addTier(a.forEvent({ provisionedConcurrency: 100, accountConcurrencyQuota: quotas[0] }));
    readiness.addTier(b.forEvent({ tierName: 'search', provisionedConcurrency: 100, accountConcurrencyQuota: quotas[1] }));
    return readiness;
  };

  test('two tiers, one <event>-account-concurrency alarm, notifying once, in the event composite, not a tier\'s', () => {
    // GIVEN two stateless tiers that give the same quota
    const readiness = twoTiers([3000, 3000]);
    // THEN
    const t = Template.fromStack(readiness);
    const alarms = Object.entries(t.findResources('AWS::CloudWatch::Alarm'))
      .filter(([, r]) => JSON.stringify(r.Properties.Metrics ?? []).includes('ClaimedAccountConcurrency'));
    expect(alarms.map(([, r]) => [r.Properties.AlarmName, r.Properties.Threshold])).toEqual([['sale-account-concurrency', 2700]]);
    // ALARM and the all-clear: it is in no tier composite that would send the OK
    expect(alarms[0][1].Properties.AlarmActions).toHaveLength(1);
    expect(alarms[0][1].Properties.OKActions).toHaveLength(1);
    const composites = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'));
    const holding = composites.filter((c) => JSON.stringify(c.Properties.AlarmRule).includes(alarms[0][0])).map((c) => c.Properties.AlarmName);
    expect(holding).toEqual(['sale-health']);
    expect(readiness.readiness.alarmNames).toContain('sale-account-concurrency');
    expect(alarms[0][1].Properties.AlarmDescription).toContain('aws lambda get-account-settings');
  });

  test('tiers that disagree on the quota: an error naming both and the prop', () => {
    expect(() => twoTiers([3000, undefined])).toThrow(new RegExp('tier \'search\'.*account-wide alarm \'account-concurrency\' '
      + '\\(threshold 900\\) differs from tier \'catalog\'\'s \\(threshold 2700\\).*same accountConcurrencyQuota'));
    // even where 90 % of either rounds to the same threshold
    expect(() => twoTiers([1000, 1001])).toThrow(/account-wide alarm 'account-concurrency' \(threshold 900\) differs from tier 'catalog''s \(threshold 900\)/);
  });
});

test('events in other Regions (or accounts) each watch their own account\'s concurrency all the time; in one Region they take turns', () => {
  const accountAlarmExpression = (regions: [string, string]) => {
    const app = newApp();
    const stacks = regions.map((region, i) => {
      const env = { account: '111111111111', region };
      const tiers = new Stack(app, `Tiers${i}`, { env });
      const tier = new StatelessTier(tiers, 'Catalog', { code: CODE, tableProps: KEYS });
      return new EventReadinessStack(app, `Sale${i}`, {
        env, window: saleWindow({ name: `sale-${i}`, start: `2026-0${7 + i}-15T00:00`, end: `2026-0${7 + i}-16T00:00` }),
        tiers: [tier.forEvent({ provisionedConcurrency: 10 })], now: BEFORE_EVENTS,
      });
    });
    const assembly = app.synth();
    return stacks.map((stack, i) => {
      const alarm = Object.values<any>(assembly.getStackByName(stack.stackName).template.Resources)
        .find((r) => r.Properties?.AlarmName === `sale-${i}-account-concurrency`);
      return alarm.Properties.Metrics.find((q: any) => q.ReturnData !== false).Expression;
    });
  };
  expect(accountAlarmExpression(['us-east-1', 'eu-west-1'])).toEqual(['IF(claimed >= 0, claimed)', 'IF(claimed >= 0, claimed)']);
  const sameRegion = accountAlarmExpression(['us-east-1', 'us-east-1']);
  expect(sameRegion.every((e) => /IF\(t < \d{10}/.test(e))).toBe(true);
});
