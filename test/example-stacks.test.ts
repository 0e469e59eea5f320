import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { addGameDay } from '../examples';
import { newApp } from './support/app';

/**
 * Fine-grained assertions on the game-day example's stacks: its network stack
 * (`NetworkStack`), its tier stack (`GamePlatform`) and its readiness stack. Every
 * expected value is worked out from examples/game-day.ts and examples/network.ts:
 *
 * - Event 'worlds-final-2027', Asia/Seoul (+09:00, no DST), 2027-11-06 16:00 to 22:00.
 * - Prewarm 2 h ahead: 14:00. Ramp-down 4 h in 2 steps from the end: 22:00,
 *   00:00 (Nov 7), baseline 02:00 (Nov 7). In UTC: prewarm 05:00Z, baseline 17:00Z.
 * - The table's write cap is raised at prewarm; its warm throughput in a call of its own
 *   20 min later (the cap's 5-min lead time plus 15 min of retries): 14:20.
 * - Each ramp-down step is a third of the way back: provisioned concurrency 850 -> 567
 *   -> 283 -> 0; readers 2 + 2 extra = 4 -> 3 -> 3 -> 2; ACU 16-96 -> 11-69.5 -> 5.5-42.5
 *   -> 0.5-16 (bounds to the nearest 0.5 ACU).
 * - The ramp-down is gated: each step's schedule starts its tier's state machine, which holds
 *   the step while the tier's composite alarm is in ALARM (checked every 5 min, at most 45 min)
 *   and then makes the step's call; Application Auto Scaling steps update the scalable target.
 */

const NOW = new Date('2027-01-01T00:00:00Z');
const ZONE = 'Asia/Seoul';
const EVENT = 'worlds-final-2027';

/** The CloudFormation logical id of an L2 construct's main resource. */
function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** An import of the GamePlatform stack's export of a resource's Ref. */
function importedRef(id: string) {
  return { 'Fn::ImportValue': Match.stringLikeRegexp(`^GamePlatform:ExportsOutputRef${id}[0-9A-F]{8}$`) };
}

/** An import of the GamePlatform stack's export of a resource's Arn. */
function importedArn(id: string) {
  return { 'Fn::ImportValue': Match.stringLikeRegexp(`^GamePlatform:ExportsOutputFnGetAtt${id}Arn[0-9A-F]{8}$`) };
}

/** The ARN of an EventBridge Scheduler universal target. */
function universalTargetArn(serviceAndAction: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:scheduler:::aws-sdk:${serviceAndAction}`]] };
}

/** A Fn::Join's parts with adjacent strings merged, as aws-cdk-lib renders them. */
function joined(parts: any[]): any[] {
  return parts.reduce((out: any[], p) => (typeof p === 'string' && typeof out[out.length - 1] === 'string'
    ? [...out.slice(0, -1), out[out.length - 1] + p] : [...out, p]), []);
}

/** The logical id of the only resource of a type whose properties match. */
function onlyResourceId(template: Template, type: string, props: object): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('game-day example', () => {
  // GIVEN the game-day example, its clock pinned well before the event
  const app = newApp();
  const { network, platform, readiness } = addGameDay(app, { now: NOW });
  // WHEN it is synthesized (once for every test below)
  const networkTemplate = Template.fromStack(network);
  const platformTemplate = Template.fromStack(platform);
  const readinessTemplate = Template.fromStack(readiness);

  test('synthesizes with no unacknowledged warning or error in any of its stacks', () => {
    // THEN (the assembly the templates came from: Annotations.fromStack would synthesize the app again per stack)
    const assembly = app.synth();
    for (const stack of [network, platform, readiness]) {
      const messages = assembly.getStackArtifact(stack.artifactId).messages
        .filter((m) => m.level === 'warning' || m.level === 'error')
        .map((m) => `${m.id}: ${m.entry.data}`);
      expect(messages).toEqual([]);
    }
  });

  test('the readiness stack depends on the tier stack, which depends on the network stack; never the other way', () => {
    // THEN
    expect(readiness.dependencies).toEqual([platform]);
    expect(platform.dependencies).toEqual([network]);
    expect(network.dependencies).toEqual([]);
  });

  describe('network stack (NetworkStack)', () => {
    test('the VPC has exactly 2 isolated subnets, one in each of the first 2 AZs, with no public IPs', () => {
      // THEN
      networkTemplate.resourceCountIs('AWS::EC2::VPC', 1);
      networkTemplate.resourceCountIs('AWS::EC2::Subnet', 2);
      for (const [az, cidr] of [[0, '10.0.0.0/22'], [1, '10.0.4.0/22']] as const) {
        networkTemplate.hasResourceProperties('AWS::EC2::Subnet', {
          AvailabilityZone: { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] },
          CidrBlock: cidr,
          MapPublicIpOnLaunch: false,
          Tags: Match.arrayWith([
            { Key: 'aws-cdk:subnet-name', Value: 'data' },
            { Key: 'aws-cdk:subnet-type', Value: 'Isolated' },
          ]),
        });
      }
    });

    test('no NAT gateway, no internet or VPN gateway, no EIP and no route out', () => {
      // THEN
      networkTemplate.resourceCountIs('AWS::EC2::NatGateway', 0);
      networkTemplate.resourceCountIs('AWS::EC2::InternetGateway', 0);
      networkTemplate.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
      networkTemplate.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 0);
      networkTemplate.resourceCountIs('AWS::EC2::VPNGateway', 0);
      networkTemplate.resourceCountIs('AWS::EC2::EIP', 0);
      networkTemplate.resourceCountIs('AWS::EC2::Route', 0);
    });

    test('all VPC traffic is flow-logged to a CloudWatch log group kept 365 days and retained', () => {
      // THEN
      const logGroupId = onlyResourceId(networkTemplate, 'AWS::Logs::LogGroup', { RetentionInDays: 365 });
      networkTemplate.resourceCountIs('AWS::EC2::FlowLog', 1);
      networkTemplate.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceId: { Ref: logicalId(network.vpc) },
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: { Ref: logGroupId },
      });
      networkTemplate.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });

  describe('tier stack (GamePlatform)', () => {
    test('the match table is kept: Retain policies, deletion protection, point-in-time recovery, KMS encryption', () => {
      // THEN
      platformTemplate.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      platformTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          KeySchema: [{ AttributeName: 'matchId', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          })],
        }),
      });
    });

    test('the match table carries its everyday write cap of 5000/s; the event raises it, not the tier stack', () => {
      // THEN
      platformTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 5000 },
        ReadOnDemandThroughputSettings: Match.absent(),
        WarmThroughput: Match.absent(),
      });
    });

    test('the leaderboards cluster is kept: Snapshot policies, deletion protection, encrypted storage, IAM auth', () => {
      // THEN
      platformTemplate.resourceCountIs('AWS::RDS::DBCluster', 1);
      platformTemplate.hasResource('AWS::RDS::DBCluster', {
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
        Properties: Match.objectLike({
          Engine: 'aurora-postgresql',
          EngineVersion: '17.5',
          DatabaseName: 'leaderboards',
          DeletionProtection: true,
          StorageEncrypted: true,
          EnableIAMDatabaseAuthentication: true,
          BackupRetentionPeriod: 7,
          CopyTagsToSnapshot: true,
          ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
        }),
      });
    });

    test('the leaderboards cluster has a serverless writer and 2 readers that scale with it, none public', () => {
      // THEN
      const instances = Object.values(platformTemplate.findResources('AWS::RDS::DBInstance'))
        .map((r) => [r.Properties.DBInstanceClass, r.Properties.PromotionTier, r.Properties.PubliclyAccessible]);
      expect(instances.sort()).toEqual([
        ['db.serverless', 0, false],
        ['db.serverless', 1, false],
        ['db.serverless', 1, false],
      ]);
    });

    test('the leaderboards cluster runs in the network stack\'s two isolated subnets', () => {
      // THEN
      const [subnet1, subnet2] = network.vpc.isolatedSubnets.map((s) => network.getLogicalId(s.node.defaultChild as CfnElement));
      platformTemplate.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
        SubnetIds: [
          { 'Fn::ImportValue': Match.stringLikeRegexp(`^GameNetwork:ExportsOutputRef${subnet1}[0-9A-F]{8}$`) },
          { 'Fn::ImportValue': Match.stringLikeRegexp(`^GameNetwork:ExportsOutputRef${subnet2}[0-9A-F]{8}$`) },
        ],
      });
    });

    test('the live alias declares no provisioned concurrency (the event plan owns it); the function has 1024 MB', () => {
      // THEN
      platformTemplate.hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        ProvisionedConcurrencyConfig: Match.absent(),
      });
      platformTemplate.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024 });
    });

    test('the HTTP API $default stage is throttled at 30000 requests/s with bursts of 60000', () => {
      // THEN
      platformTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 30000, ThrottlingBurstLimit: 60000 },
      });
    });

    test('no event resource is in the tier stack', () => {
      // THEN
      platformTemplate.resourceCountIs('AWS::Scheduler::Schedule', 0);
      platformTemplate.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
      platformTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
      platformTemplate.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    });
  });

  describe('readiness stack (WorldsFinal2027Readiness)', () => {
    const tableId = logicalId(platform.matchApi.table);
    const clusterId = logicalId(platform.leaderboards.cluster);
    const functionId = logicalId(platform.matchApi.function);
    const deadLetterArn = { 'Fn::GetAtt': [logicalId(readiness.readiness.deadLetterQueue), 'Arn'] };
    const matchRoleId = onlyResourceId(readinessTemplate, 'AWS::IAM::Role',
      Match.objectLike({ Description: `Applies tier 'match-api' capacity changes for event '${EVENT}'` }));
    const leaderboardsRoleId = onlyResourceId(readinessTemplate, 'AWS::IAM::Role',
      Match.objectLike({ Description: `Applies tier 'leaderboards' capacity changes for event '${EVENT}'` }));

    const gateIdOf = (tier: string) => onlyResourceId(readinessTemplate, 'AWS::StepFunctions::StateMachine',
      Match.objectLike({ StateMachineName: `${EVENT}-${tier}-ramp-down` }));

    test('every schedule is in the event\'s schedule group', () => {
      // THEN 3 prewarm calls, 4 gated Scheduler steps, 6 gated Application Auto Scaling steps
      readinessTemplate.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
      readinessTemplate.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'worlds-final-2027' });
      readinessTemplate.resourceCountIs('AWS::Scheduler::Schedule', 13);
      readinessTemplate.resourcePropertiesCountIs('AWS::Scheduler::Schedule', { GroupName: 'worlds-final-2027' }, 13);
    });

    // Seoul wall-clock times; inputs in the AWS SDK's member casing (DbClusterIdentifier, not DBClusterIdentifier).
    test.each([
      ['match-api prewarm: write cap to 20000/s', 'at(2027-11-06T14:00:00)', 'dynamodb:updateTable', 'match-api', [
        '{"TableName":"', importedRef(tableId), '","OnDemandThroughput":{"MaxWriteRequestUnits":20000}}',
      ]],
      ['match-api prewarm+20m: warm writes to 15000/s', 'at(2027-11-06T14:20:00)', 'dynamodb:updateTable', 'match-api', [
        '{"TableName":"', importedRef(tableId), '","WarmThroughput":{"WriteUnitsPerSecond":15000}}',
      ]],
      ['leaderboards prewarm: 16-96 ACU', 'at(2027-11-06T14:00:00)', 'rds:modifyDBCluster', 'leaderboards', [
        '{"DbClusterIdentifier":"', importedRef(clusterId),
        '","ServerlessV2ScalingConfiguration":{"MinCapacity":16,"MaxCapacity":96},"ApplyImmediately":true}',
      ]],
    ])('schedule %s fires %s Seoul time, 2 retries within 15 min, then the dead-letter queue', (_name, at, action, tier, input) => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: at,
        ScheduleExpressionTimezone: ZONE,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: universalTargetArn(action),
          Input: { 'Fn::Join': ['', input] },
          RoleArn: { 'Fn::GetAtt': [tier === 'match-api' ? matchRoleId : leaderboardsRoleId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: { Arn: deadLetterArn },
        },
      });
    });

    // The gated steps: the schedule starts the tier's state machine with the step's call and request.
    // Each gated change is a Task of its tier's state machine, numbered in the tier's plan order:
    // match-api's provisioned concurrency steps are Calls 1-3 and its cap restore Call 4;
    // leaderboards' ACU steps Calls 1-3 and its reader steps Calls 4-6.
    test.each([
      ['match-api baseline: write cap back to 5000/s', 'at(2027-11-07T02:00:00)', 'match-api',
        'baseline: table cost cap write 20000/s -> write 5000/s', 'Call 4',
        ['{"TableName":"', importedRef(tableId), '","OnDemandThroughput":{"MaxWriteRequestUnits":5000}}']],
      ['leaderboards ramp-down-1: 11-69.5 ACU', 'at(2027-11-06T22:00:00)', 'leaderboards', 'ramp-down-1: ACU range 16-96 ACU -> 11-69.5 ACU',
        'Call 1',
        ['{"DbClusterIdentifier":"', importedRef(clusterId), '","ServerlessV2ScalingConfiguration":{"MinCapacity":11,"MaxCapacity":69.5},"ApplyImmediately":true}']],
      ['leaderboards baseline: back to 0.5-16 ACU', 'at(2027-11-07T02:00:00)', 'leaderboards', 'baseline: ACU range 5.5-42.5 ACU -> 0.5-16 ACU',
        'Call 3',
        ['{"DbClusterIdentifier":"', importedRef(clusterId), '","ServerlessV2ScalingConfiguration":{"MinCapacity":0.5,"MaxCapacity":16},"ApplyImmediately":true}']],
      ['match-api ramp-down-1: provisioned concurrency 567', 'at(2027-11-06T22:00:00)', 'match-api', 'ramp-down-1: provisioned concurrency 850 -> 567',
        'Call 1', ['{"ServiceNamespace":"lambda","ResourceId":"function:', importedRef(functionId),
          ':live","ScalableDimension":"lambda:function:ProvisionedConcurrency","MinCapacity":567,"MaxCapacity":567}']],
      ['leaderboards baseline: 2 readers', 'at(2027-11-07T02:00:00)', 'leaderboards', 'baseline: readers 3 -> 2',
        'Call 6', ['{"ServiceNamespace":"rds","ResourceId":"cluster:', importedRef(clusterId),
          '","ScalableDimension":"rds:cluster:ReadReplicaCount","MinCapacity":2,"MaxCapacity":2}']],
    ])('gated step %s: fires %s Seoul time and starts the tier\'s state machine with its call', (_name, at, tier, change, call, request) => {
      // THEN the Task named in the input sends the same request, written into the definition
      const [machine] = Object.values(readinessTemplate.findResources('AWS::StepFunctions::StateMachine', {
        Properties: { StateMachineName: `${EVENT}-${tier}-ramp-down` },
      }));
      const definition = machine.Properties.DefinitionString['Fn::Join'][1]
        .map((p: any) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`)).join('');
      expect(definition).toContain(`"${call}":{"Type":"Task"`);
      // THEN
      const description = `${EVENT}/${tier} ${change}`;
      const input = ['{"change":"', description, '","call":"', call, '","request":', ...request, ',"held":{"seconds":0}}'];
      readinessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: at,
        ScheduleExpressionTimezone: ZONE,
        Description: description,
        Target: {
          Arn: { Ref: gateIdOf(tier) },
          Input: { 'Fn::Join': ['', joined(input)] },
          RoleArn: { 'Fn::GetAtt': [tier === 'match-api' ? matchRoleId : leaderboardsRoleId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: { Arn: deadLetterArn },
        },
      });
    });

    test('the match-api scheduler role may only update the match table, start its gate and send to the dead-letter queue', () => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: matchRoleId }],
        PolicyDocument: {
          Statement: [
            { Action: 'dynamodb:UpdateTable', Effect: 'Allow', Resource: importedArn(tableId) },
            { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: deadLetterArn },
            { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: gateIdOf('match-api') } },
          ],
        },
      });
    });

    test('the leaderboards scheduler role may only modify the leaderboards cluster, start its gate and send to the dead-letter queue', () => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: leaderboardsRoleId }],
        PolicyDocument: {
          Statement: [
            {
              Action: 'rds:ModifyDBCluster',
              Effect: 'Allow',
              Resource: {
                'Fn::Join': ['', [
                  'arn:', { Ref: 'AWS::Partition' }, ':rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' },
                  ':cluster:', importedRef(clusterId),
                ]],
              },
            },
            { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: deadLetterArn },
            { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: gateIdOf('leaderboards') } },
          ],
        },
      });
    });

    test('no identity policy grants anything on a wildcard resource but the gates\' alarm reads, two IAM cannot name (narrowed by condition keys) and what Application Auto Scaling validates', () => {
      // THEN four roles: a scheduler role and a gate role per tier
      const policies = readinessTemplate.findResources('AWS::IAM::Policy');
      expect(Object.keys(policies)).toHaveLength(4);
      const wildcards = Object.values(policies)
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((s: any) => JSON.stringify(s.Resource ?? '*').includes('*') || s.NotResource !== undefined);
      // PutMetricData names no resource (the Service Authorization Reference lists none required):
      // the namespace is its scope. A scalable target's ARN holds an ID Application Auto Scaling
      // assigns at registration, which CloudFormation does not return: namespace and dimension.
      const scalableTargets = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':application-autoscaling:', { Ref: 'AWS::Region' }, ':',
        { Ref: 'AWS::AccountId' }, ':scalable-target/*']] };
      // DescribeAlarms (read-only) returns composite alarms only on '*' (its API reference).
      const describe = { Action: 'cloudwatch:DescribeAlarms', Effect: 'Allow', Resource: '*' };
      expect(wildcards).toEqual([
        describe,
        { Action: 'cloudwatch:PutMetricData', Effect: 'Allow', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'CdkEventReadiness' } } },
        {
          Action: 'application-autoscaling:RegisterScalableTarget', Effect: 'Allow', Resource: scalableTargets,
          Condition: { StringEquals: { 'application-autoscaling:service-namespace': 'lambda', 'application-autoscaling:scalable-dimension': 'lambda:function:ProvisionedConcurrency' } },
        },
        // What Application Auto Scaling checks the caller holds before it accepts RegisterScalableTarget,
        // with resources it makes up (its user guide, "Permissions validation"); see test/support/aas-validation.ts.
        {
          Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'lambda:DeleteProvisionedConcurrencyConfig',
            'lambda:GetProvisionedConcurrencyConfig', 'lambda:PutProvisionedConcurrencyConfig'],
          Effect: 'Allow', Resource: '*',
        },
        describe,
        { Action: 'cloudwatch:PutMetricData', Effect: 'Allow', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'CdkEventReadiness' } } },
        {
          Action: 'application-autoscaling:RegisterScalableTarget', Effect: 'Allow', Resource: scalableTargets,
          Condition: { StringEquals: { 'application-autoscaling:service-namespace': 'rds', 'application-autoscaling:scalable-dimension': 'rds:cluster:ReadReplicaCount' } },
        },
        {
          Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'rds:AddTagsToResource',
            'rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
          Effect: 'Allow', Resource: '*',
        },
      ]);
    });

    test.each(['match-api', 'leaderboards'])('the %s gate role reads alarms and makes only the tier\'s ramp-down calls', (tier) => {
      // THEN
      const roleId = onlyResourceId(readinessTemplate, 'AWS::IAM::Role',
        Match.objectLike({ Description: `Holds and applies tier '${tier}' ramp-down steps of event '${EVENT}'` }));
      const [policy] = Object.values(readinessTemplate.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
      const actions = policy.Properties.PolicyDocument.Statement.map((st: any) => st.Action);
      // Application Auto Scaling checks that the caller of RegisterScalableTarget holds these on the target service.
      const validated = tier === 'match-api'
        ? ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'lambda:DeleteProvisionedConcurrencyConfig',
          'lambda:GetProvisionedConcurrencyConfig', 'lambda:PutProvisionedConcurrencyConfig']
        : ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'rds:AddTagsToResource',
          'rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances'];
      expect(actions).toEqual(['cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricData', 'sqs:SendMessage',
        ...(tier === 'match-api' ? ['application-autoscaling:RegisterScalableTarget', 'dynamodb:UpdateTable']
          : ['rds:ModifyDBCluster', 'application-autoscaling:RegisterScalableTarget']), validated]);
      expect(policy.Properties.PolicyDocument.Statement[0].Resource).toBe('*');
      readinessTemplate.hasResourceProperties('AWS::IAM::Role', {
        Description: `Holds and applies tier '${tier}' ramp-down steps of event '${EVENT}'`,
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':',
                { Ref: 'AWS::AccountId' }, `:stateMachine:${EVENT}-${tier}-ramp-down`]] } },
            },
          }],
        },
      });
    });

    test.each(['match-api', 'leaderboards'])('the %s scheduler role can be assumed only by this event\'s schedules in this account', (tier) => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::IAM::Role', {
        Description: `Applies tier '${tier}' capacity changes for event '${EVENT}'`,
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', [
                    'arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' },
                    ':schedule/worlds-final-2027/*',
                  ]],
                },
              },
            },
          }],
        },
        ManagedPolicyArns: Match.absent(),
      });
    });

    test('provisioned concurrency of the live alias: 850 at 14:00 by a scheduled action, the ramp-down by the gate', () => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'lambda',
        ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        ResourceId: { 'Fn::Join': ['', ['function:', importedRef(functionId), ':live']] },
        MinCapacity: 0,
        MaxCapacity: 0,
        // The ramp-down is the gate's (it updates the target); the prewarm stays a scheduled action.
        ScheduledActions: [
          { ScheduledActionName: 'prewarm', Schedule: 'at(2027-11-06T14:00:00)', Timezone: ZONE, ScalableTargetAction: { MinCapacity: 850, MaxCapacity: 850 } },
        ],
      });
    });

    test('leaderboards readers: 4 at 14:00 by a scheduled action, the ramp-down by the gate', () => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'rds',
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        ResourceId: { 'Fn::Join': ['', ['cluster:', importedRef(clusterId)]] },
        MinCapacity: 2,
        MaxCapacity: 2,
        ScheduledActions: [
          { ScheduledActionName: 'prewarm', Schedule: 'at(2027-11-06T14:00:00)', Timezone: ZONE, ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 4 } },
        ],
      });
      readinessTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    });

    test('the scalable targets use the Application Auto Scaling service-linked roles', () => {
      // THEN
      for (const role of [
        'lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
        'rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
      ]) {
        readinessTemplate.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
          RoleARN: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/aws-service-role/${role}`]],
          },
        });
      }
    });

    test('the event\'s alarms are named after the event and its tiers', () => {
      // THEN
      const names = Object.values(readinessTemplate.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName);
      expect(names.sort()).toEqual([
        'worlds-final-2027-account-concurrency',
        'worlds-final-2027-leaderboards-acu-utilization',
        'worlds-final-2027-leaderboards-connections',
        'worlds-final-2027-leaderboards-cpu',
        'worlds-final-2027-leaderboards-deadlocks',
        'worlds-final-2027-leaderboards-freeable-memory',
        'worlds-final-2027-leaderboards-ramp-down-failed',
        'worlds-final-2027-leaderboards-replica-lag',
        'worlds-final-2027-match-api-api-4xx',
        'worlds-final-2027-match-api-api-5xx',
        'worlds-final-2027-match-api-api-latency',
        'worlds-final-2027-match-api-lambda-errors',
        'worlds-final-2027-match-api-lambda-throttles',
        'worlds-final-2027-match-api-pc-configured',
        'worlds-final-2027-match-api-pc-spillover',
        'worlds-final-2027-match-api-ramp-down-failed',
        'worlds-final-2027-match-api-table-cap-throttles',
        'worlds-final-2027-match-api-table-near-cap',
        'worlds-final-2027-match-api-table-system-errors',
        'worlds-final-2027-match-api-table-throttles',
        'worlds-final-2027-scheduled-change-failed',
        'worlds-final-2027-scheduler-dead-letter-failed',
        'worlds-final-2027-scheduler-target-errors',
        'worlds-final-2027-scheduler-throttled',
      ]);
      const composites = Object.values(readinessTemplate.findResources('AWS::CloudWatch::CompositeAlarm')).map((r) => r.Properties.AlarmName);
      expect(composites.sort()).toEqual([
        'worlds-final-2027-health',
        'worlds-final-2027-leaderboards-health',
        'worlds-final-2027-match-api-health',
      ]);
    });

    test('a message in the dead-letter queue raises an alarm that notifies the alarm topic', () => {
      // THEN
      const topic = { Ref: logicalId(readiness.readiness.alarmTopic) };
      readinessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'worlds-final-2027-scheduled-change-failed',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(readiness.readiness.deadLetterQueue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
      });
      // The event composite above it sends nothing: the alarm's own message is the only one.
      readinessTemplate.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: 'worlds-final-2027-health',
        AlarmActions: Match.absent(),
        OKActions: Match.absent(),
      });
    });

    test('the leaderboards connections alarm fires at 1600, 80 % of the 2000 connections of a 0.5-16 ACU cluster', () => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'worlds-final-2027-leaderboards-connections',
        MetricName: 'DatabaseConnections',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: importedRef(clusterId) }],
        Threshold: 1600,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    test('the dead-letter queue is encrypted, TLS-only, and keeps failed changes 14 days', () => {
      // THEN
      readinessTemplate.resourceCountIs('AWS::SQS::Queue', 1);
      readinessTemplate.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
      });
      readinessTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          })]),
        },
      });
    });

    test('the alarm topic is encrypted with a rotated customer-managed key', () => {
      // THEN
      const keyId = onlyResourceId(readinessTemplate, 'AWS::KMS::Key', {
        Description: 'Encrypts event \'worlds-final-2027\' alarm notifications',
        EnableKeyRotation: true,
      });
      readinessTemplate.hasResourceProperties('AWS::SNS::Topic', {
        DisplayName: 'Event worlds-final-2027 alarms',
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
    });

    test('the dashboard is named worlds-final-2027-readiness and spans an hour either side of prewarm to baseline', () => {
      // THEN
      readinessTemplate.hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: 'worlds-final-2027-readiness',
        DashboardBody: {
          'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^\\{"start":"2027-11-06T04:00:00Z","end":"2027-11-06T18:00:00Z",')])],
        },
      });
      readinessTemplate.hasOutput('*', {
        Value: {
          'Fn::Join': ['', [
            'https://console.aws.amazon.com/cloudwatch/home?region=', { Ref: 'AWS::Region' },
            '#dashboards:name=worlds-final-2027-readiness',
          ]],
        },
      });
    });
  });
});
