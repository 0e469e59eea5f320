/**
 * Event plans for resources the library did not create (`ExistingRdsInstance`,
 * `ExistingAuroraServerlessCluster`, `ExistingStatelessResources`): the same plan as the tiers',
 * nothing added to the resources' own stacks, and clear errors for what an import cannot tell.
 */
import { Duration, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { addExistingShop } from '../examples';
import {
  AcuRange, AuroraServerlessTier, EventReadinessStack, ExistingAuroraServerlessCluster, ExistingRdsInstance,
  ExistingStatelessResources, RdsTier, StatelessTier,
} from '../lib';
import { limitsOf } from './support/alarm-evaluator';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';
import { SynthesizedStack, synthesizedStacks, TemplateResolver } from './support/oracle-app';

const NOW = new Date('2027-01-01T00:00:00Z');
const r7g = (size: ec2.InstanceSize) => ec2.InstanceType.of(ec2.InstanceClass.R7G, size);
const POSTGRES_17 = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 });
const MYSQL_8 = rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 });

describe('existing-shop example: a plain aws-cdk-lib stack and an event planned by import only', () => {
  test('GIVEN the shop WHEN an event is planned for it THEN the shop\'s template is byte-identical', () => {
    const alone = newApp();
    addExistingShop(alone, { now: NOW, withoutEvent: true });
    const withEvent = newApp();
    const { readiness } = addExistingShop(withEvent, { now: NOW });
    const shopAlone = JSON.stringify(alone.synth().getStackByName('ExistingShop').template);
    const assembly = withEvent.synth();
    expect(JSON.stringify(assembly.getStackByName('ExistingShop').template)).toBe(shopAlone);
    // The readiness stack names the shop's resources; it references only the exports the shop publishes anyway.
    const imports = JSON.stringify(assembly.getStackByName(readiness!.stackName).template).match(/"Fn::ImportValue":"[^"]+"/g);
    expect([...new Set(imports)].sort()).toEqual(['"Fn::ImportValue":"shop-database-key"', '"Fn::ImportValue":"shop-internal-load-balancer"',
      '"Fn::ImportValue":"shop-orders-api-targets"', '"Fn::ImportValue":"shop-orders-security-group"']);
    // The orders API's own target tracking stays the shop's: the event registers no target of its own for it.
    const shopTargets = Object.values<any>(assembly.getStackByName('ExistingShop').template.Resources)
      .filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(shopTargets.map((r) => [r.Properties.ScalableDimension, r.Properties.MinCapacity, r.Properties.MaxCapacity]))
      .toEqual([['ecs:service:DesiredCount', 4, 40]]);
  });

  test('the plan changes every resource the shop has, by name', () => {
    const app = newApp();
    const { readiness } = addExistingShop(app, { now: NOW });
    const template = Template.fromStack(readiness!);
    const inputs = Object.values(template.findResources('AWS::Scheduler::Schedule'))
      .map((r) => JSON.stringify(readiness!.resolve(r.Properties.Target.Input)));
    expect(inputs.some((i) => i.includes('\\"DbClusterIdentifier\\":\\"shop-sessions\\"'))).toBe(true);
    expect(inputs.some((i) => i.includes('\\"DbInstanceClass\\":\\"db.r7g.8xlarge\\"'))).toBe(true);
    expect(inputs.some((i) => i.includes('shop-orders-shop-summer-2027-r1'))).toBe(true);
    expect(inputs.some((i) => i.includes('\\"TableName\\":\\"shop-catalog\\"'))).toBe(true);
    // The orders API's floor and ceiling through the team's own target: 40-120 at prewarm, 4-40 (its own bounds) at baseline.
    const api = inputs.filter((i) => i.includes('service/shop/shop-orders-api')).map((i) => JSON.parse(JSON.parse(i)))
      .map((i) => [i.MinCapacity, i.MaxCapacity]);
    expect([api[0], api[api.length - 1]]).toEqual([[40, 120], [4, 40]]);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'function:shop-catalog:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'cluster:shop-sessions', ScalableDimension: 'rds:cluster:ReadReplicaCount',
    });
  });
});

/**
 * One app per side: the tier's own plan, and the plan of an Existing* description of the same
 * resources (the tier's L2s, read as a user's own constructs would be). Resolved for one account
 * and Region, the two readiness stacks' schedules, roles, scalable targets, alarms and log groups
 * must be the same.
 */
function resolvedEvent(build: (app: ReturnType<typeof newApp>, tiers: Stack, readiness: EventReadinessStack) => void) {
  const app = newApp();
  const tiers = new Stack(app, 'Tiers');
  const readiness = new EventReadinessStack(app, 'Event', {
    window: saleWindow({ prewarmLead: Duration.hours(5), rampDown: Duration.hours(48), rampDownSteps: 2 }),
    now: BEFORE_EVENTS,
  });
  build(app, tiers, readiness);
  const stacks: SynthesizedStack[] = synthesizedStacks(app.synth());
  const resolver = new TemplateResolver(stacks);
  const event = stacks.find((s) => s.name === 'Event')!;
  const out: { [id: string]: any } = {};
  for (const [id, resource] of Object.entries<any>(event.template.Resources)) {
    if (['AWS::CloudWatch::Dashboard', 'AWS::CDK::Metadata'].includes(resource.Type)) {
      continue;
    }
    const props = resolver.resolve(event, resource.Properties ?? {});
    delete props.AlarmDescription; // names the construct path, which differs
    out[id] = { Type: resource.Type, Properties: props };
  }
  return out;
}

describe('the plan of an existing resource is the tier\'s plan', () => {
  test('RDS: ExistingRdsInstance on the tier\'s own DatabaseInstance plans what RdsTier.forEvent plans', () => {
    const options = { peakInstanceType: r7g(ec2.InstanceSize.XLARGE8), eventReplicas: 2, peakIops: 20000, restoreStorageAfterEvent: true };
    const props = { instanceType: r7g(ec2.InstanceSize.XLARGE2), instanceIdentifier: 'orders', allocatedStorageGiB: 500 };
    const viaTier = resolvedEvent((_app, tiers, readiness) => {
      readiness.addTier(new RdsTier(tiers, 'Orders', props).forEvent(options));
    });
    const viaExisting = resolvedEvent((_app, tiers, readiness) => {
      const tier = new RdsTier(tiers, 'Orders', props);
      // The parameters come from the tier's rds.ParameterGroup, the replicas' class from the replica L2s.
      readiness.addTier(new ExistingRdsInstance(readiness, 'Orders', { instance: tier.primary, readReplicas: tier.replicas }).forEvent(options));
    });
    expect(Object.keys(viaExisting).length).toBeGreaterThan(20);
    expect(viaExisting).toEqual(viaTier);
  });

  test('Aurora: ExistingAuroraServerlessCluster on the tier\'s own DatabaseCluster plans what AuroraServerlessTier.forEvent plans', () => {
    const options = { capacity: AcuRange.between(4, 32), extraReaders: 2 };
    const props = { capacity: AcuRange.between(0.5, 8), readers: 1, clusterIdentifier: 'sessions' };
    const viaTier = resolvedEvent((_app, tiers, readiness) => {
      readiness.addTier(new AuroraServerlessTier(tiers, 'Sessions', props).forEvent(options));
    });
    const viaExisting = resolvedEvent((_app, tiers, readiness) => {
      const tier = new AuroraServerlessTier(tiers, 'Sessions', props);
      readiness.addTier(new ExistingAuroraServerlessCluster(readiness, 'Sessions', { cluster: tier.cluster }).forEvent(options));
    });
    expect(Object.keys(viaExisting).length).toBeGreaterThan(10);
    expect(viaExisting).toEqual(viaTier);
  });

  test('Lambda and DynamoDB: ExistingStatelessResources on the tier\'s own alias and table plans what StatelessTier.forEvent plans', () => {
    const options = { provisionedConcurrency: 300, warmThroughput: { readUnitsPerSecond: 20000 }, maxReadRequestUnits: 24000 };
    const code = lambda.Code.fromInline('exports.handler = async () => ({})');
    const props = {
      code,
      functionOptions: { functionName: 'catalog' },
      tableProps: { tableName: 'catalog', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
      maxReadRequestUnits: 8000,
    };
    const viaTier = resolvedEvent((_app, tiers, readiness) => {
      readiness.addTier(new StatelessTier(tiers, 'Catalog', props).forEvent(options));
    });
    const viaExisting = resolvedEvent((_app, tiers, readiness) => {
      const tier = new StatelessTier(tiers, 'Catalog', props);
      // What the tier knows of its new table's warm throughput, an existing table's owner states.
      readiness.addTier(new ExistingStatelessResources(readiness, 'Catalog', {
        function: tier.alias, table: tier.table, warmThroughput: tier.knownWarmThroughput,
      }).forEvent(options));
    });
    expect(Object.keys(viaExisting).length).toBeGreaterThan(8);
    expect(viaExisting).toEqual(viaTier);
  });
});

/** A readiness stack and an import scope, for one existing resource at a time. */
function eventFor(env?: { region: string }) {
  const app = newApp();
  const readiness = new EventReadinessStack(app, 'Event', {
    env,
    window: saleWindow({ prewarmLead: Duration.hours(5), rampDown: Duration.hours(48), rampDownSteps: 2 }),
    now: BEFORE_EVENTS,
  });
  return { app, readiness };
}

function importedInstance(scope: Stack, engine: rds.IInstanceEngine | undefined, id = 'Db') {
  return rds.DatabaseInstance.fromDatabaseInstanceAttributes(scope, id, {
    instanceIdentifier: 'legacy',
    instanceEndpointAddress: 'legacy.internal',
    port: 3306,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(scope, `${id}Sg`, 'sg-0123456789abcdef0')],
    engine,
  });
}

function importedCluster(scope: Stack, engine: rds.IClusterEngine | undefined) {
  return rds.DatabaseCluster.fromDatabaseClusterAttributes(scope, 'Cluster', { clusterIdentifier: 'sessions', engine });
}

const AURORA_MYSQL = (version: rds.AuroraMysqlEngineVersion) => rds.DatabaseClusterEngine.auroraMysql({ version });

describe('what an import cannot tell is asked for, with the construct path', () => {
  test.each<[string, (s: Stack) => unknown, RegExp]>([
    ['RDS: class and Multi-AZ of an imported instance',
      (s) => new ExistingRdsInstance(s, 'Legacy', { instance: importedInstance(s, MYSQL_8) }),
      /^\[Event\/Legacy\] ExistingRdsInstance: \n {2}- instanceType is required: .*\n {2}- multiAz is required/],
    ['RDS: an instance imported without its engine',
      (s) => new ExistingRdsInstance(s, 'Legacy', { instance: importedInstance(s, undefined), instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true }),
      /the instance's engine is unknown: give `engine`/],
    ['RDS: an engine the plans do not support',
      (s) => new ExistingRdsInstance(s, 'Legacy', {
        instance: importedInstance(s, rds.DatabaseInstanceEngine.mariaDb({ version: rds.MariaDbEngineVersion.VER_10_11 })),
        instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true,
      }),
      /engine mariadb is not supported; event plans support RDS for PostgreSQL and RDS for MySQL/],
    ['RDS: a class the plans do not know',
      (s) => new ExistingRdsInstance(s, 'Legacy', {
        instance: importedInstance(s, POSTGRES_17), instanceType: ec2.InstanceType.of(ec2.InstanceClass.C7G, ec2.InstanceSize.LARGE), multiAz: true,
      }),
      /instanceType db\.c7g\.large is not a class the plans know/],
    ['RDS: event replicas without the subnet group',
      (s) => new ExistingRdsInstance(s, 'Legacy', { instance: importedInstance(s, MYSQL_8), instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true })
        .forEvent({ eventReplicas: 1 }),
      /ExistingRdsInstance.forEvent \(tier 'legacy'\): \n {2}- subnetGroupName is required for event replicas[\s\S]*- parameterGroupName is required[\s\S]*- optionGroupName is required/],
    ['RDS: a storage raise without size and type',
      (s) => new ExistingRdsInstance(s, 'Legacy', { instance: importedInstance(s, MYSQL_8), instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true })
        .forEvent({ peakIops: 20000 }),
      /allocatedStorageGiB is required to raise storage[\s\S]*storageType is required to raise storage/],
    ['RDS: a storage raise on gp2',
      (s) => new ExistingRdsInstance(s, 'Legacy', {
        instance: importedInstance(s, MYSQL_8), instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true,
        allocatedStorageGiB: 500, storageType: rds.StorageType.GP2,
      }).forEvent({ peakIops: 20000 }),
      /peakIops and peakStorageThroughput raise gp3 storage; the instance's storage is gp2/],
    ['Aurora: the range and readers of an imported cluster',
      (s) => new ExistingAuroraServerlessCluster(s, 'Sessions', { cluster: importedCluster(s, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0)) }),
      /^\[Event\/Sessions\] ExistingAuroraServerlessCluster: \n {2}- capacity is required: .*\n {2}- readers is required/],
    ['Aurora: auto-pause on an Aurora MySQL version without it',
      (s) => new ExistingAuroraServerlessCluster(s, 'Sessions', {
        cluster: importedCluster(s, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_07_1)), capacity: AcuRange.autoPausing(8), readers: 1,
      }),
      /capacity minimum 0 \(auto-pause\) needs an engine that supports it \(.*Aurora MySQL 3\.08\+\), not Aurora MySQL 3\.07\.1;/],
    ['Aurora: a provisioned engine',
      (s) => new ExistingAuroraServerlessCluster(s, 'Sessions', {
        cluster: importedCluster(s, undefined), engine: { engineType: 'mysql' } as any, capacity: AcuRange.between(1, 8), readers: 0,
      }),
      /engine mysql is not supported; event plans support Aurora PostgreSQL and Aurora MySQL/],
    ['stateless: nothing to plan for',
      (s) => new ExistingStatelessResources(s, 'Catalog', {}),
      /ExistingStatelessResources: give a function, a table or both/],
    ['stateless: provisioned concurrency on a bare function',
      (s) => new ExistingStatelessResources(s, 'Catalog', { function: lambda.Function.fromFunctionName(s, 'Fn', 'catalog') })
        .forEvent({ provisionedConcurrency: 100 }),
      /provisionedConcurrency needs a version alias, but function catalog was given without one: .*or the alias's name as aliasName \(ExistingStatelessResources\)$/],
    ['RDS: an instance imported under a deploy-time identifier',
      (s) => new ExistingRdsInstance(s, 'Legacy', {
        instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Db', {
          instanceIdentifier: Fn.importValue('orders-id'), instanceEndpointAddress: 'orders.internal', port: 5432, securityGroups: [], engine: POSTGRES_17,
        }),
        instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true,
      }),
      /the imported instance's identifier is not known at synth time \(a deploy-time value, .*\): give fromDatabaseInstanceAttributes the identifier as a literal string/],
    ['Aurora: a cluster imported under a deploy-time identifier',
      (s) => new ExistingAuroraServerlessCluster(s, 'Sessions', {
        cluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(s, 'Cluster', { clusterIdentifier: Fn.importValue('sessions-id'), engine: AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0) }),
        capacity: AcuRange.between(1, 8), readers: 0,
      }),
      /the imported cluster's identifier is not known at synth time \(a deploy-time value, .*\): give fromDatabaseClusterAttributes the identifier as a literal string/],
    ['stateless: table settings without a table',
      (s) => new ExistingStatelessResources(s, 'Catalog', { function: lambda.Function.fromFunctionName(s, 'Fn', 'catalog'), aliasName: 'live' })
        .forEvent({ warmThroughput: { readUnitsPerSecond: 20000 }, maxReadRequestUnits: 100 }),
      /warmThroughput, maxReadRequestUnits need a table/],
    ['stateless: a provisioned table',
      (s) => new ExistingStatelessResources(s, 'Catalog', {
        table: new dynamodb.Table(new Stack(s.node.root as any, 'Own'), 'T', {
          tableName: 'own', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PROVISIONED,
        }),
      }),
      /the table must be on-demand \(PAY_PER_REQUEST\)/],
  ])('%s', (_name, build, message) => {
    const { readiness } = eventFor();
    expect(() => build(readiness)).toThrow(message);
  });
});

describe('MySQL: its own connection limits, no hot-standby rule, its option group', () => {
  test('RDS for MySQL: max_connections is DBInstanceClassMemory / 12582880 and replicas may be smaller than the peak', () => {
    // GIVEN an imported RDS for MySQL 8.0 instance whose always-on replica stays small
    const { readiness } = eventFor();
    const legacy = new ExistingRdsInstance(readiness, 'Legacy', {
      instance: importedInstance(readiness, MYSQL_8),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE),
      multiAz: true,
      subnetGroupName: 'legacy-subnets',
      parameterGroupName: 'default.mysql8.0',
      optionGroupName: 'default:mysql-8-0',
      readReplicas: [importedInstance(readiness, MYSQL_8, 'Replica')],
    });
    // WHEN the event raises the primary to 4xlarge (64 GiB) with an event replica
    readiness.addTier(legacy.forEvent({ peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE4), eventReplicas: 1 }));
    const template = Template.fromStack(readiness);
    // THEN the connections alarm is at 80 % of the max_connections in force: 16 GiB / 12582880 =
    // The formula on the 90 % of each class's memory RDS surely leaves (DBInstanceClassMemory is less
    // than the class's memory, so the formula on all of it is only an upper bound): 16 GiB × 0.9 /
    // 12582880 = 1228 everyday, 64 GiB → 4915 at the peak, 32 GiB → 2457 on the 2xlarge step (floored)
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-legacy-connections', Threshold: 80 });
    expect(limitsOf(template, 'sale-legacy-connections', 'connections')).toEqual([1228, 4915, 2457]);
    // and the role creating the replica may use MySQL 8.0's default option and parameter groups
    const statements = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy')).map((p) => readiness.resolve(p.Properties)));
    expect(statements).toContain(':og:default:mysql-8-0');
    expect(statements).toContain(':pg:default.mysql8.0');
    expect(statements).not.toContain('postgres');
  });

  test('Aurora MySQL: max_connections from the everyday maximum as AWS lists it, no 2,000 cap at a low minimum', () => {
    // GIVEN an Aurora MySQL 3.08 cluster of 0.5-16 ACU
    const { readiness } = eventFor();
    const sessions = new ExistingAuroraServerlessCluster(readiness, 'Sessions', {
      cluster: importedCluster(readiness, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0)),
      capacity: AcuRange.between(0.5, 16),
      readers: 1,
    });
    readiness.addTier(sessions.forEvent({ capacity: AcuRange.between(2, 64) }));
    // THEN AWS's Aurora MySQL table gives 2,000 at 16 ACU (with a minimum of 0.5 ACU: no cap applies), alarmed at 80 %
    Template.fromStack(readiness).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-sessions-connections', Threshold: 1600 });
  });

  test('Aurora MySQL 3.08 may auto-pause every day; the event plan then never pauses', () => {
    const { readiness } = eventFor();
    const sessions = new ExistingAuroraServerlessCluster(readiness, 'Sessions', {
      cluster: importedCluster(readiness, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0)),
      capacity: AcuRange.autoPausing(8),
      readers: 0,
    });
    expect(() => readiness.addTier(sessions.forEvent({ capacity: AcuRange.autoPausing(32) }))).toThrow(/would pause during the event/);
  });
});

describe('tables of either generation', () => {
  test('an on-demand dynamodb.Table of the app: its name and cost cap are read, and nothing references its stack', () => {
    // GIVEN an older Table with a read cap, in a stack of its own
    const { app, readiness } = eventFor();
    const own = new Stack(app, 'Legacy');
    const table = new dynamodb.Table(own, 'Orders', {
      tableName: 'legacy-orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      maxReadRequestUnits: 500,
    });
    // WHEN the event raises the cap
    readiness.addTier(new ExistingStatelessResources(readiness, 'Orders', { table }).forEvent({ maxReadRequestUnits: 2000 }));
    // THEN the raise names the table and the restore sends the everyday cap read from the Table
    const inputs = Object.values(Template.fromStack(readiness).findResources('AWS::Scheduler::Schedule'))
      .map((r) => JSON.parse(readiness.resolve(r.Properties.Target.Input)));
    expect(inputs).toEqual([
      { TableName: 'legacy-orders', OnDemandThroughput: { MaxReadRequestUnits: 2000 } },
      { TableName: 'legacy-orders', OnDemandThroughput: { MaxReadRequestUnits: 500 } },
    ]);
    expect(JSON.stringify(app.synth().getStackByName('Event').template)).not.toContain('Fn::ImportValue');
  });
});

describe('Aurora MySQL max_connections, as AWS lists it by maximum ACU (1 to 128), and its formula between and beyond', () => {
  test.each([[1, 90], [4, 135], [8, 1000], [12, 1584], [16, 2000], [32, 3000], [64, 4000], [128, 5000], [256, 6000]])(
    'a maximum of %d ACU: %d', (acu, expected) => {
      const { readiness } = eventFor();
      const sessions = new ExistingAuroraServerlessCluster(readiness, 'Sessions', {
        cluster: importedCluster(readiness, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0)),
        capacity: AcuRange.between(1, acu),
        readers: 0,
      });
      readiness.addTier(sessions.forEvent({ capacity: AcuRange.between(1, acu), connectionsAlarmRatio: 1 }));
      Template.fromStack(readiness).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-sessions-connections', Threshold: expected });
    });
});

describe('read from the app\'s own L2s, as they will be deployed', () => {
  const postgres = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 });

  /** A plain aws-cdk-lib database stack with literal names, and an event for it. */
  function plainDatabase(configure?: (db: rds.DatabaseInstance, stack: Stack) => void) {
    const { app, readiness } = eventFor();
    const stack = new Stack(app, 'Database');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const parameterGroup = new rds.ParameterGroup(stack, 'Params', {
      name: 'Orders-Params', engine: postgres, parameters: { max_connections: '5000', max_worker_processes: '64' },
    });
    const db = new rds.DatabaseInstance(stack, 'Orders', {
      instanceIdentifier: 'orders',
      engine: postgres,
      instanceType: r7g(ec2.InstanceSize.XLARGE2),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      subnetGroup: new rds.SubnetGroup(stack, 'Subnets', { subnetGroupName: 'Orders-Subnets', description: 'orders', vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
      parameterGroup,
      monitoringInterval: Duration.minutes(1),
      monitoringRole: new iam.Role(stack, 'Monitoring', { roleName: 'orders-monitoring', assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com') }),
      allocatedStorage: 500,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
    });
    const replica = new rds.DatabaseInstanceReadReplica(stack, 'Replica', {
      instanceIdentifier: 'orders-replica-1', sourceDatabaseInstance: db, instanceType: r7g(ec2.InstanceSize.LARGE), vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, parameterGroup,
    });
    configure?.(db, stack);
    return { app, readiness, stack, db, replica };
  }

  test('names known at synth time are used as literals: the database stack exports only its security group', () => {
    // GIVEN a database with named subnet group, parameter group and monitoring role
    const { app, readiness, db, replica } = plainDatabase();
    // WHEN an event raises its class and adds replicas
    readiness.addTier(new ExistingRdsInstance(readiness, 'Orders', { instance: db, readReplicas: [replica] })
      .forEvent({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE4), eventReplicas: 1 }));
    const assembly = app.synth();
    // THEN the only thing the event needs from the database's stack is its security group's id (never literal)
    const outputs = Object.values<any>(assembly.getStackByName('Database').template.Outputs ?? {});
    expect(outputs.map((o) => JSON.stringify(o.Value))).toEqual([expect.stringContaining('GroupId')]);
    const input = Object.values<any>(assembly.getStackByName('Event').template.Resources)
      .filter((r) => r.Type === 'AWS::Scheduler::Schedule' && JSON.stringify(r).includes('createDBInstanceReadReplica'))
      .map((r) => r.Properties.Target.Input)[0];
    // the groups by their names as RDS stores them (lowercase), the role by its name
    expect(JSON.stringify(input)).toContain('\\"DbSubnetGroupName\\":\\"orders-subnets\\"');
    expect(JSON.stringify(input)).toContain(':role/orders-monitoring');
    const policies = JSON.stringify(Object.values<any>(assembly.getStackByName('Event').template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy'));
    expect(policies).toContain(':pg:orders-params');
    expect(policies).toContain(':subgrp:orders-subnets');
  });

  test('the parameter group\'s values and the replica\'s class are read: the pinned hot-standby settings satisfy the rule', () => {
    const { readiness, db, replica } = plainDatabase();
    const plan = new ExistingRdsInstance(readiness, 'Orders', { instance: db, readReplicas: [replica] })
      .forEvent({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE8), eventReplicas: 1 });
    readiness.addTier(plan);
    const template = Template.fromStack(readiness);
    // max_connections pinned at 5000 in the group: the alarm is at 80 % of it, whatever the class
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-orders-connections', Threshold: 80 });
    expect(limitsOf(template, 'sale-orders-connections', 'connections')).toEqual([5000]);
    // the event replica takes the always-on replica's class (large), not the primary's
    const inputs = JSON.stringify(Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r) => readiness.resolve(r.Properties.Target.Input)));
    expect(inputs).toContain('\\"DbInstanceClass\\":\\"db.r7g.large\\"');
  });

  test('IAM authentication turned on by grantConnect after the plan is made is what the event replica gets', () => {
    const { app, readiness, db } = plainDatabase();
    readiness.addTier(new ExistingRdsInstance(readiness, 'Orders', { instance: db, parameters: { max_connections: '5000', max_worker_processes: '64' } })
      .forEvent({ eventReplicas: 1 }));
    db.grantConnect(new iam.Role(db.stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), 'app');
    expect(JSON.stringify(app.synth().getStackByName('Event').template)).toContain('\\"EnableIAMDatabaseAuthentication\\":true');
  });

  test('a TableV2 with replicas: the everyday read cap restored is the table\'s own Region\'s', () => {
    const { app, readiness } = eventFor();
    const stack = new Stack(app, 'Tables', { env: { region: 'us-east-1' } });
    const table = new dynamodb.TableV2(stack, 'Catalog', {
      tableName: 'catalog',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand({ maxReadRequestUnits: 8000 }),
      replicas: [{ region: 'us-west-2', maxReadRequestUnits: 100 }],
    });
    const events = new EventReadinessStack(app, 'Events', { env: { region: 'us-east-1' }, window: saleWindow({ name: 'catalog-sale' }), now: BEFORE_EVENTS });
    void readiness;
    events.addTier(new ExistingStatelessResources(events, 'Catalog', { table }).forEvent({ maxReadRequestUnits: 24000 }));
    const inputs = Object.values(Template.fromStack(events).findResources('AWS::Scheduler::Schedule'))
      .map((r) => JSON.parse(events.resolve(r.Properties.Target.Input)));
    expect(inputs.map((i) => i.OnDemandThroughput.MaxReadRequestUnits)).toEqual([24000, 8000]);
  });
});

describe('more bad input, each with the construct path', () => {
  test.each<[string, (s: Stack) => unknown, RegExp]>([
    ['no instance', (s) => new ExistingRdsInstance(s, 'X', {} as any), /^\[Event\/X\] ExistingRdsInstance: instance is required/],
    ['no cluster', (s) => new ExistingAuroraServerlessCluster(s, 'X', {} as any), /^\[Event\/X\] ExistingAuroraServerlessCluster: cluster is required/],
    ['a replica class the plans do not know',
      (s) => new ExistingRdsInstance(s, 'X', {
        instance: importedInstance(s, POSTGRES_17), instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true,
        replicaInstanceType: ec2.InstanceType.of(ec2.InstanceClass.C7G, ec2.InstanceSize.LARGE),
      }),
      /replicaInstanceType db\.c7g\.large is not a class the plans know/],
    ['a parameter that is not a string',
      (s) => new ExistingRdsInstance(s, 'X', {
        instance: importedInstance(s, POSTGRES_17), instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true,
        parameters: { max_connections: 5000 as any },
      }),
      /parameters\.max_connections must be a string, as in a parameter group \(e\.g\. '5000'\), got 5000/],
    ['an alias name Lambda rejects',
      (s) => new ExistingStatelessResources(s, 'X', { function: lambda.Function.fromFunctionName(s, 'Fn', 'catalog'), aliasName: 'bad name!' }),
      /aliasName must be 1-128 letters, digits, hyphens and underscores, not only digits, got 'bad name!'/],
    ['a negative warm throughput',
      (s) => new ExistingStatelessResources(s, 'X', { table: dynamodb.TableV2.fromTableName(s, 'T', 'catalog'), warmThroughput: { readUnitsPerSecond: -1 } }),
      /warmThroughput\.readUnitsPerSecond must be a whole number from 1 to 2147483647, got -1/],
    ['an index name DynamoDB rejects',
      (s) => new ExistingStatelessResources(s, 'X', { table: dynamodb.TableV2.fromTableName(s, 'T', 'catalog'), globalSecondaryIndexNames: ['by sku'] }),
      /^\[Event\/X\] ExistingStatelessResources: globalSecondaryIndexNames: 'by sku' is not an index name \(3-255 characters/],
    ['an index named twice',
      (s) => new ExistingStatelessResources(s, 'X', { table: dynamodb.TableV2.fromTableName(s, 'T', 'catalog'), globalSecondaryIndexNames: ['by-sku', 'by-sku'] }),
      /globalSecondaryIndexNames names an index twice: by-sku, by-sku/],
    ...['-proxy', 'sessions--proxy', 'sessions-', '1proxy', 'p'.repeat(64)].map((name): [string, (s: Stack) => unknown, RegExp] => [
      `proxy name '${name.slice(0, 20)}'`,
      (s) => new ExistingAuroraServerlessCluster(s, 'X', {
        cluster: importedCluster(s, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0)), capacity: AcuRange.between(1, 8), readers: 1,
        proxyName: name,
      }),
      new RegExp(`^\\[Event/X\\] ExistingAuroraServerlessCluster: proxyName '${name}' is not an RDS Proxy name`)]),
  ])('%s', (_name, build, message) => {
    const { readiness } = eventFor();
    expect(() => build(readiness)).toThrow(message);
  });
});

test('an existing cluster\'s proxy and an imported table\'s indexes, given by name, are watched', () => {
  const { readiness } = eventFor();
  const sessions = new ExistingAuroraServerlessCluster(readiness, 'Sessions', {
    cluster: importedCluster(readiness, AURORA_MYSQL(rds.AuroraMysqlEngineVersion.VER_3_08_0)), capacity: AcuRange.between(1, 8), readers: 1,
    proxyName: 'sessions-proxy',
  });
  readiness.addTier(sessions.forEvent({ capacity: AcuRange.between(2, 16) }));
  const catalog = new ExistingStatelessResources(readiness, 'Catalog', {
    table: dynamodb.TableV2.fromTableName(readiness, 'T', 'catalog'), globalSecondaryIndexNames: ['by-sku'], warmThroughput: { readUnitsPerSecond: 12000 },
  });
  readiness.addTier(catalog.forEvent({ warmThroughput: { readUnitsPerSecond: 20000 } }));
  const t = Template.fromStack(readiness);
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'sale-sessions-proxy-borrow-latency', MetricName: 'DatabaseConnectionsBorrowLatency',
    Dimensions: [{ Name: 'ProxyName', Value: 'sessions-proxy' }], Threshold: 100000,
  });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'sale-catalog-index-throttles',
    Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({
      MetricName: 'ReadThrottleEvents', Dimensions: Match.arrayWith([{ Name: 'GlobalSecondaryIndexName', Value: 'by-sku' }]),
    }) }) })]),
  });
});

test('a database in another Region than the event\'s stack is refused', () => {
  const { readiness } = eventFor({ region: 'eu-west-1' });
  const far = new Stack(readiness.node.root as any, 'Far', { env: { region: 'ap-south-1' } });
  const instance = new rds.DatabaseInstance(far, 'Db', {
    instanceIdentifier: 'far', engine: POSTGRES_17, storageEncrypted: true,
    vpc: new ec2.Vpc(far, 'Vpc', { natGateways: 0 }), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  expect(() => new ExistingRdsInstance(readiness, 'X', { instance }))
    .toThrow(/^\[Event\/X\] ExistingRdsInstance: the resource is in region ap-south-1 \(stack Far\) but the event's stack is in eu-west-1/);
});

describe('identifiers given as strings follow the service\'s own rules (a schedule naming another fails when it fires)', () => {
  const instanceNamed = (s: Stack, id: string) => new ExistingRdsInstance(s, 'X', {
    instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Db', {
      instanceIdentifier: id, instanceEndpointAddress: 'db.internal', port: 5432,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-0123456789abcdef0')], engine: POSTGRES_17,
    }),
    instanceType: r7g(ec2.InstanceSize.LARGE), multiAz: true,
  });
  const clusterNamed = (s: Stack, id: string) => new ExistingAuroraServerlessCluster(s, 'X', {
    cluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(s, 'Cluster', {
      clusterIdentifier: id, engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    }),
    capacity: AcuRange.between(0.5, 8), readers: 1,
  });
  const BAD_RDS = ['a'.repeat(64), 'Sessions_DB', 'a--b', '1orders', 'orders-', 'café'];
  test.each(BAD_RDS.map((id) => [id]))('RDS instance %s', (id) => {
    expect(() => instanceNamed(new Stack(newApp(), 'Event'), id)).toThrow(new RegExp(
      `^\\[Event/X\\] ExistingRdsInstance: the instance identifier must be 1-63 letters, digits and hyphens, .*got '${id.toLowerCase()}'`));
  });
  test.each(BAD_RDS.map((id) => [id]))('Aurora cluster %s', (id) => {
    expect(() => clusterNamed(new Stack(newApp(), 'Event'), id)).toThrow(new RegExp(
      `^\\[Event/X\\] ExistingAuroraServerlessCluster: the cluster identifier must be 1-63 letters, digits and hyphens, .*got '${id}'`, 'i'));
  });
  test.each(['a'.repeat(63), 'Orders', 'orders-2', 'o'])('a valid identifier, %s, is accepted', (id) => {
    expect(() => instanceNamed(new Stack(newApp(), 'Event'), id)).not.toThrow();
    expect(() => clusterNamed(new Stack(newApp(), 'Event'), id)).not.toThrow();
  });
  test.each([['ab'], ['orders table'], ['t'.repeat(256)], ['café']])('DynamoDB table %s', (name) => {
    expect(() => new ExistingStatelessResources(new Stack(newApp(), 'Event'), 'X', {
      table: dynamodb.TableV2.fromTableName(new Stack(newApp(), 'Other'), 'T', name),
    })).toThrow(/the table name must be 3-255 letters, digits, underscores, hyphens and dots \(DynamoDB's table-name rules\), got/);
  });
  test.each([['catalog.api'], ['f'.repeat(65)], ['my function']])('Lambda function %s', (name) => {
    const s = new Stack(newApp(), 'Event');
    expect(() => new ExistingStatelessResources(s, 'X', { function: lambda.Function.fromFunctionName(s, 'Fn', name) }))
      .toThrow(/^\[Event\/X\] ExistingStatelessResources: the function name must be 1-64 letters, digits, hyphens and underscores/);
  });
});

describe('the PostgreSQL hot-standby rule compares settings that do not follow memory exactly', () => {
  test('max_worker_processes follows vCPUs: replicas with the primary\'s memory but half its vCPUs would pause replay', () => {
    // GIVEN the default parameter group: max_worker_processes = GREATEST(vCPU × 2, 8)
    const s = new Stack(newApp(), 'Event');
    const orders = new ExistingRdsInstance(s, 'Orders', {
      instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Db', {
        instanceIdentifier: 'orders', instanceEndpointAddress: 'orders.internal', port: 5432,
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-0123456789abcdef0')], engine: POSTGRES_17,
      }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE2), multiAz: true,
      subnetGroupName: 'orders-subnets', parameterGroupName: 'default.postgres17', optionGroupName: 'default:postgres-17',
    });
    // WHEN the primary steps up to m7g.4xlarge (16 vCPUs, 64 GiB) and the event's replicas are r7g.2xlarge (8 vCPUs, 64 GiB)
    const plan = () => orders.forEvent({
      peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE4),
      eventReplicas: 1, eventReplicaInstanceType: r7g(ec2.InstanceSize.XLARGE2),
    });
    // THEN 16 on the replicas against 32 on the primary is an error (max_connections, 5000 on both, is not)
    expect(plan).toThrow(/max_worker_processes would be 16 on read replicas of class db\.r7g\.2xlarge but 32 on the primary at db\.m7g\.4xlarge/);
    expect(plan).not.toThrow(/max_connections would be/);
  });
});
