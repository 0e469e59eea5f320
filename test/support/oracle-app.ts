import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { addExistingShop, addFlashSale, addGameDay, addGlobalShop, addPrimeDay } from '../../examples';
import { AcuRange, AuroraServerlessTier, EventReadinessStack, ExistingRdsInstance, ExistingStatelessResources, RdsTier } from '../../lib';
import { newApp } from './app';
import { saleWindow } from './fixtures';

/** The account, Region and partition pseudo parameters resolve to in the oracles. */
export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

const NOW = new Date('2026-01-01T00:00:00Z');

/** One synthesized template, by stack name. */
export interface SynthesizedStack {
  readonly name: string;
  readonly template: any;
  readonly templatePath: string;
  /** The Region it is deployed to: its own, or the oracles' default for an environment-agnostic stack. */
  readonly region: string;
}

/**
 * Every example, plus an RDS event with every option the examples leave out (a customer-managed
 * key, a storage restore, a class ladder and event replicas), synthesized once.
 */
export function synthesizeOracleApp(): SynthesizedStack[] {
  const app = newApp();
  addFlashSale(app, { now: NOW });
  addPrimeDay(app, { now: NOW });
  addGameDay(app, { now: NOW });
  addExistingShop(app, { now: NOW });
  addGlobalShop(app, { now: NOW });
  const tiers = new Stack(app, 'OracleTiers');
  const key = new kms.Key(tiers, 'Key', { enableKeyRotation: true });
  const ledger = new RdsTier(tiers, 'Ledger', {
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
    instanceIdentifier: 'ledger',
    allocatedStorageGiB: 500,
    storageEncryptionKey: key,
  });
  new EventReadinessStack(app, 'OracleEvent', {
    window: saleWindow({ prewarmLead: Duration.hours(6), rampDown: Duration.hours(48), rampDownSteps: 2 }),
    now: NOW,
    tiers: [ledger.forEvent({
      peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE8),
      eventReplicas: 2,
      peakIops: 20000,
      peakStorageThroughput: 1000,
      restoreStorageAfterEvent: true,
    })],
  });
  // An RDS for MySQL instance known only by name: its event replicas use MySQL's option group.
  const mysqlEvent = new EventReadinessStack(app, 'OracleMysqlEvent', {
    window: saleWindow({ name: 'mysql-sale', prewarmLead: Duration.hours(6), rampDown: Duration.hours(48), rampDownSteps: 2 }),
    now: NOW,
  });
  const mysqlEngine = rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 });
  const legacy = new ExistingRdsInstance(mysqlEvent, 'Legacy', {
    instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(mysqlEvent, 'LegacyInstance', {
      instanceIdentifier: 'legacy',
      instanceEndpointAddress: 'legacy.internal',
      port: 3306,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(mysqlEvent, 'LegacySg', 'sg-0123456789abcdef0')],
      engine: mysqlEngine,
    }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE),
    multiAz: true,
    allocatedStorageGiB: 400,
    storageType: rds.StorageType.GP3,
    subnetGroupName: 'legacy-subnets',
    parameterGroupName: 'default.mysql8.0',
    optionGroupName: 'default:mysql-8-0',
    logExports: ['error', 'slowquery'],
  });
  mysqlEvent.addTier(legacy.forEvent({
    peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE4),
    eventReplicas: 1,
    peakIops: 16000,
  }));
  // Beside a team's own scaling: an imported alias whose provisioned concurrency it scales, and a
  // cluster of the app whose readers it scales: the event updates both targets, never registers them.
  const sessions = new AuroraServerlessTier(tiers, 'Sessions', { readers: 1 });
  new appscaling.CfnScalableTarget(tiers, 'SessionsReaderScaling', {
    serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount',
    resourceId: `cluster:${sessions.cluster.clusterIdentifier}`, minCapacity: 1, maxCapacity: 4,
  });
  const scaled = new EventReadinessStack(app, 'OracleScaledEvent', {
    window: saleWindow({ name: 'scaled-sale', prewarmLead: Duration.hours(6), rampDown: Duration.hours(48), rampDownSteps: 2 }),
    now: NOW,
    tiers: [sessions.forEvent({ capacity: AcuRange.between(4, 32), extraReaders: 2 })],
  });
  const catalog = new ExistingStatelessResources(scaled, 'Catalog', {
    function: lambda.Function.fromFunctionName(scaled, 'CatalogFunction', 'catalog'),
    aliasName: 'live',
    provisionedConcurrencyTarget: { minCapacity: 5, maxCapacity: 100 },
  });
  scaled.addTier(catalog.forEvent({ provisionedConcurrency: 300 }));
  const assembly = app.synth();
  return synthesizedStacks(assembly);
}

/** The stacks of an assembly, each with the Region it is deployed to (the oracles' default when environment-agnostic). */
export function synthesizedStacks(assembly: CloudAssembly): SynthesizedStack[] {
  return assembly.stacks.map((s) => ({
    name: s.stackName, template: s.template, templatePath: s.templateFullPath,
    region: s.environment.region === 'unknown-region' ? REGION : s.environment.region,
  }));
}

/** A resource's physical name, from the property CloudFormation names it with, else one made up from its logical id. */
const NAME_PROPERTIES: { [type: string]: string } = {
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::DBSubnetGroup': 'DBSubnetGroupName',
  'AWS::RDS::DBParameterGroup': 'DBParameterGroupName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SNS::Topic': 'TopicName',
};

/**
 * Resolves CloudFormation intrinsics to the strings they become when deployed to one account
 * and Region: pseudo parameters, Fn::Join, Fn::ImportValue (through the exporting stack's
 * output), Ref and Fn::GetAtt (physical names, ARNs of roles, keys and tables).
 */
export class TemplateResolver {
  private readonly exports = new Map<string, { stack: SynthesizedStack; value: any }>();

  constructor(private readonly stacks: SynthesizedStack[]) {
    for (const stack of stacks) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        if (output.Export) {
          this.exports.set(this.resolve(stack, output.Export.Name), { stack, value: output.Value });
        }
      }
    }
  }

  public resolve(stack: SynthesizedStack, value: any): any {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(stack, v));
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    if ('Ref' in value) {
      return this.ref(stack, value.Ref);
    }
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'];
      return this.resolve(stack, parts).join(separator);
    }
    if ('Fn::ImportValue' in value) {
      const name = this.resolve(stack, value['Fn::ImportValue']);
      const exported = this.exports.get(name);
      if (!exported) {
        throw new Error(`no stack exports '${name}'`);
      }
      return this.resolve(exported.stack, exported.value);
    }
    if ('Fn::GetAtt' in value) {
      return this.getAtt(stack, value['Fn::GetAtt'][0], value['Fn::GetAtt'][1]);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(stack, v)]));
  }

  /** The template of the stack holding a resource with this physical name and type. */
  public findByName(type: string, name: string): { stack: SynthesizedStack; id: string; resource: any } | undefined {
    for (const stack of this.stacks) {
      for (const [id, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
        if (resource.Type === type && this.ref(stack, id) === name) {
          return { stack, id, resource };
        }
      }
    }
    return undefined;
  }

  private ref(stack: SynthesizedStack, id: string): string {
    const pseudo: { [k: string]: string } = {
      'AWS::Partition': 'aws', 'AWS::Region': stack.region, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack.name,
    };
    if (pseudo[id]) {
      return pseudo[id];
    }
    const resource = stack.template.Resources?.[id];
    if (!resource) {
      throw new Error(`${stack.name}: Ref to unknown ${id}`);
    }
    const prop = NAME_PROPERTIES[resource.Type];
    const named = prop ? resource.Properties?.[prop] : undefined;
    if (named !== undefined) {
      return this.resolve(stack, named);
    }
    // RDS stores subnet and parameter group names in lowercase.
    return `${stack.name}-${id}`.toLowerCase();
  }

  private getAtt(stack: SynthesizedStack, id: string, attribute: string): string {
    const resource = stack.template.Resources?.[id];
    const name = this.ref(stack, id);
    if (attribute === 'Arn') {
      switch (resource?.Type) {
        case 'AWS::IAM::Role': return `arn:aws:iam::${ACCOUNT}:role/${name}`;
        case 'AWS::KMS::Key': return `arn:aws:kms:${stack.region}:${ACCOUNT}:key/${name}`;
        case 'AWS::DynamoDB::GlobalTable':
        case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${stack.region}:${ACCOUNT}:table/${name}`;
        case 'AWS::SQS::Queue': return `arn:aws:sqs:${stack.region}:${ACCOUNT}:${name}`;
        default: return `arn:aws:${resource?.Type}:${stack.region}:${ACCOUNT}:${name}`;
      }
    }
    if (attribute === 'GroupId') {
      return `sg-${name}`;
    }
    return `${name}.${attribute}`;
  }
}
