import { ArnFormat, CfnElement, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { literalOf, numberOf, sameEnvironmentProblems } from '../private/literals';
import { rdsMetric } from '../private/metrics';
import { rdsIdentifierProblems } from '../private/names';
import { defaultTierName } from '../private/plan-helpers';
import { RdsEngineFacts, rdsEngineFacts } from '../private/rds-engines';
import { parseInstanceClass, MAX_RDS_READ_REPLICAS, offeredFamilies } from '../private/rds-instance-classes';
import { checkNumber } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';
import { RdsInstancePlan, RdsTierEventOptions } from './rds-instance';
import { eventReplicaName } from './rds-instance/parts';
import { ITierEventPlan } from './tier-plan';

/** The RDS instance an `ExistingRdsInstance` plans for, and what cannot be read from it. */
export interface ExistingRdsInstanceProps {
  /**
   * The primary: an `rds.DatabaseInstance` of your own stack, or one imported with
   * `rds.DatabaseInstance.fromDatabaseInstanceAttributes` (give `engine` there, or below).
   * Its identifier must be known at synth time (event replicas are named after it). An import
   * by name needs `instanceEndpointAddress` and `port`, which aws-cdk-lib requires and the
   * plans never read (give the real endpoint, or a placeholder if nothing else uses it), and
   * `securityGroups`, which event replicas are given (or `securityGroups` below).
   */
  readonly instance: rds.IDatabaseInstance;
  /**
   * The engine (RDS for PostgreSQL or RDS for MySQL, with its version).
   * @default - the instance's engine
   */
  readonly engine?: rds.IInstanceEngine;
  /**
   * The primary's everyday class.
   * @default - read from an `rds.DatabaseInstance`; required for an imported instance
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Whether the primary is Multi-AZ (a class change then fails over in 60-120 s instead of
   * taking the instance down).
   * @default - read from an `rds.DatabaseInstance`; required for an imported instance
   */
  readonly multiAz?: boolean;
  /**
   * Allocated storage, GiB (sent unchanged beside a raise of IOPS, as RDS requires).
   * @default - read from an `rds.DatabaseInstance`; required for an imported instance when the event raises storage
   */
  readonly allocatedStorageGiB?: number;
  /**
   * The storage type: IOPS and throughput can be raised only on gp3.
   * @default - read from an `rds.DatabaseInstance` (gp2 when it sets none); required for an imported instance when the event raises storage
   */
  readonly storageType?: rds.StorageType;
  /**
   * gp3 IOPS set on the instance.
   * @default - read from an `rds.DatabaseInstance`; otherwise gp3's baseline
   */
  readonly iops?: number;
  /**
   * gp3 throughput set on the instance, MiB/s.
   * @default - read from an `rds.DatabaseInstance`; otherwise gp3's baseline
   */
  readonly storageThroughput?: number;
  /**
   * The DB subnet group event replicas are created in.
   * @default - read from an `rds.DatabaseInstance`; required for an imported instance when the event adds replicas
   */
  readonly subnetGroupName?: string;
  /**
   * The security groups event replicas get (without them, a replica gets the VPC's default group).
   * @default - the instance's security groups
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The primary's parameter group (same-Region replicas use it; the role creating them needs it).
   * @default - read from an `rds.DatabaseInstance`; required for an imported instance when the event adds replicas
   */
  readonly parameterGroupName?: string;
  /**
   * The primary's option group (event replicas are created with it; the role needs it).
   * @default - read from an `rds.DatabaseInstance`; required for an imported instance when the event adds replicas
   */
  readonly optionGroupName?: string;
  /**
   * Parameters set in that group that the plan checks: `max_connections` (the connections
   * alarm) and, on PostgreSQL, the hot-standby settings.
   * @default - read from the `rds.ParameterGroup` of an `rds.DatabaseInstance`; otherwise the engine's defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * The always-on read replicas (watched for lag; they count against the 15 a source allows).
   * @default - none
   */
  readonly readReplicas?: rds.IDatabaseInstance[];
  /**
   * The always-on replicas' class, the default class of event replicas.
   * @default - read from the first of `readReplicas` when it is an `rds.DatabaseInstanceReadReplica`; otherwise the primary's class
   */
  readonly replicaInstanceType?: ec2.InstanceType;
  /**
   * The Enhanced Monitoring role event replicas use.
   * @default - read from an `rds.DatabaseInstance`; otherwise event replicas have no Enhanced Monitoring
   */
  readonly monitoringRole?: iam.IRole;
  /**
   * The customer managed key the storage is encrypted with (event replicas inherit it; the
   * role creating them needs a grant).
   * @default - read from an `rds.DatabaseInstance`; otherwise none (an AWS managed key or none)
   */
  readonly storageEncryptionKey?: kms.IKey;
  /**
   * Whether the storage is encrypted (with any key). Event replicas in other Regions need to
   * know: an encrypted source needs a key in each of their Regions.
   * @default - read from an `rds.DatabaseInstance`; true when a key is known; otherwise unknown
   */
  readonly storageEncrypted?: boolean;
  /**
   * The log types the instances export to CloudWatch Logs (event replicas export the same).
   * @default - read from an `rds.DatabaseInstance`; otherwise none
   */
  readonly logExports?: string[];
  /**
   * Whether IAM database authentication is on (event replicas get the same).
   * @default - read from an `rds.DatabaseInstance` when the app is synthesized (after any `grantConnect`); otherwise false
   */
  readonly iamAuthentication?: boolean;
  /**
   * Whether Performance Insights is on (event replicas get the same).
   * @default - read from an `rds.DatabaseInstance`; otherwise false
   */
  readonly performanceInsights?: boolean;
}

/**
 * An RDS for PostgreSQL or MySQL instance the library did not create, described for event
 * plans: `forEvent` returns the same plan as `RdsTier.forEvent` (class ladder, storage raise,
 * event read replicas, alarms, dashboard row). It adds no resource to the instance's stack:
 * create it in the readiness stack and pass its plan to `EventReadiness`. Names known at synth
 * time are used as literals; what has none (an app's security groups and KMS key) is
 * referenced, which makes aws-cdk-lib export it from the instance's stack.
 */
export class ExistingRdsInstance extends Construct {
  /** The primary's identifier. */
  public readonly instanceIdentifier: string;
  /** The primary's everyday class, `db.r7g.2xlarge`. */
  public readonly instanceClass: string;
  private readonly props: ExistingRdsInstanceProps;
  private readonly cfn?: rds.CfnDBInstance;
  private readonly engine: RdsEngineFacts;

  constructor(scope: Construct, id: string, props: ExistingRdsInstanceProps) {
    super(scope, id);
    this.props = props;
    const problems: string[] = [];
    if (!props?.instance?.node) {
      throw new ValidationError('ExistingRdsInstance: instance is required (an rds.IDatabaseInstance)', this);
    }
    const cfn = props.instance.node.defaultChild instanceof rds.CfnDBInstance ? props.instance.node.defaultChild : undefined;
    this.cfn = cfn;
    const engine = rdsEngineFacts(props.engine ?? props.instance.engine);
    if (typeof engine === 'string') {
      problems.push(engine);
    }
    this.engine = engine as RdsEngineFacts; // a string is thrown below
    const identifier = identifierOf(props.instance);
    if (identifier === undefined) {
      problems.push(cfn
        ? 'the instance\'s identifier is not known at synth time: give the DatabaseInstance an instanceIdentifier'
        : 'the imported instance\'s identifier is not known at synth time (a deploy-time value, such as an import of another '
          + 'stack\'s output): give fromDatabaseInstanceAttributes the identifier as a literal string, e.g. instanceIdentifier: \'orders\'');
    } else {
      problems.push(...rdsIdentifierProblems('the instance identifier', identifier));
    }
    this.instanceIdentifier = identifier ?? 'unknown';
    const instanceClass = props.instanceType ? `db.${props.instanceType}` : literalOf(cfn?.dbInstanceClass, cfn);
    if (instanceClass === undefined) {
      problems.push('instanceType is required: the class of an imported instance cannot be read');
    } else if (!parseInstanceClass(instanceClass)) {
      problems.push(`instanceType ${instanceClass} is not a class the plans know (families ${offeredFamilies().join(', ')})`);
    }
    this.instanceClass = instanceClass ?? 'unknown';
    if (props.replicaInstanceType && !parseInstanceClass(props.replicaInstanceType.toString())) {
      problems.push(`replicaInstanceType db.${props.replicaInstanceType} is not a class the plans know (families ${offeredFamilies().join(', ')})`);
    }
    if (props.multiAz === undefined && (cfn === undefined || Token.isUnresolved(cfn.multiAz))) {
      problems.push('multiAz is required: whether an imported instance is Multi-AZ cannot be read');
    }
    checkNumber(problems, 'allocatedStorageGiB', props.allocatedStorageGiB, { whole: true, min: 20, max: 65536 });
    checkNumber(problems, 'iops', props.iops, { whole: true, min: 1 });
    checkNumber(problems, 'storageThroughput', props.storageThroughput, { whole: true, min: 1 });
    for (const [name, value] of Object.entries(props.parameters ?? {})) {
      if (typeof value !== 'string') {
        problems.push(`parameters.${name} must be a string, as in a parameter group (e.g. '5000'), got ${JSON.stringify(value)}`);
      }
    }
    const replicas = props.readReplicas ?? [];
    if (replicas.length > MAX_RDS_READ_REPLICAS) {
      problems.push(`readReplicas has ${replicas.length} instances; a source has at most ${MAX_RDS_READ_REPLICAS}`);
    }
    if (replicas.some((r) => !r?.node || identifierOf(r) === undefined)) {
      problems.push('every read replica must be an rds.IDatabaseInstance whose identifier is known at synth time (give instanceIdentifier)');
    } else {
      replicas.forEach((r, i) => problems.push(...rdsIdentifierProblems(`readReplicas[${i}]'s identifier`, identifierOf(r)!)));
    }
    problems.push(...sameEnvironmentProblems(this, props.instance));
    ValidationError.throwIfAny('ExistingRdsInstance', problems, this);
  }

  /**
   * The plan of this instance for one event: peak class and its ladder, event read replicas,
   * storage. Pass it to `EventReadiness`.
   */
  public forEvent(options: RdsTierEventOptions = {}): ITierEventPlan {
    const props = this.props;
    const cfn = this.cfn;
    const engine = this.engine;
    const problems: string[] = [];
    const raisesStorage = options.peakIops !== undefined || options.peakStorageThroughput !== undefined;
    const addsReplicas = (options.eventReplicas ?? 0) > 0;
    const allocated = props.allocatedStorageGiB ?? numberOf(literalOf(cfn?.allocatedStorage, cfn));
    if (raisesStorage && allocated === undefined) {
      problems.push('allocatedStorageGiB is required to raise storage (RDS needs it beside the IOPS): it cannot be read from an imported instance');
    }
    const storageType = props.storageType ?? literalOf(cfn?.storageType, cfn) ?? (cfn ? 'gp2' : undefined);
    if (raisesStorage && storageType === undefined) {
      problems.push('storageType is required to raise storage: it cannot be read from an imported instance');
    } else if (raisesStorage && storageType !== 'gp3') {
      problems.push(`peakIops and peakStorageThroughput raise gp3 storage; the instance's storage is ${storageType}`);
    }
    const subnetGroupName = props.subnetGroupName ?? nameOf(cfn?.dbSubnetGroupName, rds.CfnDBSubnetGroup, 'dbSubnetGroupName');
    const parameterGroup = referenced(cfn?.dbParameterGroupName, rds.CfnDBParameterGroup);
    const parameterGroupName = props.parameterGroupName ?? nameOf(cfn?.dbParameterGroupName, rds.CfnDBParameterGroup, 'dbParameterGroupName')
      ?? (cfn ? engine.defaultParameterGroupName : undefined);
    const optionGroupName = props.optionGroupName ?? nameOf(cfn?.optionGroupName, rds.CfnOptionGroup, 'optionGroupName')
      ?? (cfn ? engine.optionGroupName : undefined);
    const securityGroups = props.securityGroups ?? props.instance.connections.securityGroups;
    if (addsReplicas) {
      for (const [name, value] of [['subnetGroupName', subnetGroupName], ['parameterGroupName', parameterGroupName],
        ['optionGroupName', optionGroupName]] as const) {
        if (value === undefined) {
          problems.push(`${name} is required for event replicas (the role creating them is authorized against it): it cannot be `
            + 'read from an imported instance');
        }
      }
      if (securityGroups.length === 0) {
        problems.push('securityGroups are required for event replicas (without them RDS gives a replica the VPC\'s default '
          + 'security group): give the instance\'s security groups');
      }
      if (literalOf(cfn?.backupRetentionPeriod, cfn) === 0) {
        problems.push('event replicas need automated backups on the source, but the instance\'s backup retention is 0 days');
      }
    }
    ValidationError.throwIfAny(`ExistingRdsInstance.forEvent (tier '${options.tierName ?? defaultTierName(this.node.id)}')`, problems, this);
    if (raisesStorage && literalOf(cfn?.maxAllocatedStorage, cfn) !== undefined) {
      warn(this, 'storage-autoscaling',
        `The storage raise sends AllocatedStorage ${allocated} GiB beside the IOPS, as RDS requires; the instance has storage `
        + 'autoscaling (maxAllocatedStorage), and if it has grown the volume since, RDS rejects the smaller size on the day. '
        + 'Give allocatedStorageGiB the size in force before the event.');
    }

    const stack = Stack.of(this);
    const id = this.instanceIdentifier;
    const metricOfInstance = (instance: string, metricName: string, metricProps?: cloudwatch.MetricOptions) =>
      rdsMetric('DBInstanceIdentifier', instance, metricName, metricProps);
    const firstReplica = (props.readReplicas ?? [])[0]?.node.defaultChild;
    const replicaClass = props.replicaInstanceType ? `db.${props.replicaInstanceType}`
      : (firstReplica instanceof rds.CfnDBInstance ? literalOf(firstReplica.dbInstanceClass, firstReplica) : undefined) ?? this.instanceClass;
    return new RdsInstancePlan({
      construct: this,
      subject: 'ExistingRdsInstance.forEvent',
      engine: engine.family,
      engineLabel: engine.label,
      optionGroupName: optionGroupName ?? 'unknown',
      defaultOptionGroupName: engine.optionGroupName,
      defaultParameterGroupName: engine.defaultParameterGroupName ?? 'unknown',
      instanceIdentifier: id,
      instanceArn: rdsArn(stack, 'db', id),
      arnStack: stack,
      instanceClass: this.instanceClass,
      multiAz: props.multiAz ?? literalOf(cfn?.multiAz, cfn) === true,
      allocatedStorageGiB: allocated ?? 0,
      storageType: storageType ?? 'unknown',
      iops: props.iops ?? numberOf(literalOf(cfn?.iops, cfn)),
      storageThroughput: props.storageThroughput ?? numberOf(literalOf(cfn?.storageThroughput, cfn)),
      parameterGroupName: parameterGroupName ?? 'unknown',
      parameters: props.parameters ?? parametersOf(parameterGroup) ?? {},
      subnetGroupName: subnetGroupName ?? 'unknown',
      securityGroupIds: securityGroups.map((g) => g.securityGroupId),
      monitoringRoleArn: literalOf(cfn?.monitoringInterval, cfn) === 0 ? undefined
        : props.monitoringRole?.roleArn ?? roleArnOf(stack, cfn?.monitoringRoleArn),
      storageEncryptionKeyArn: props.storageEncryptionKey?.keyArn ?? stringOf(cfn?.kmsKeyId),
      logExports: props.logExports ?? literalOf(cfn?.enableCloudwatchLogsExports, cfn) ?? [],
      // aws-cdk-lib renders it lazily (grantConnect turns it on): the L1 value resolves when the app is synthesized.
      iamAuthentication: props.iamAuthentication ?? (cfn?.enableIamDatabaseAuthentication ?? false),
      performanceInsights: props.performanceInsights ?? literalOf(cfn?.enablePerformanceInsights, cfn) === true,
      replicaIdentifiers: (props.readReplicas ?? []).map((r) => identifierOf(r)!),
      replicaInstanceClass: replicaClass,
      storageEncrypted: props.storageEncrypted ?? (props.storageEncryptionKey || stringOf(cfn?.kmsKeyId) ? true
        : encryptedAsDeclared(cfn)),
      eventReplicaIdentifier: (eventName, index, region) => eventReplicaName(id, eventName, index, region),
      metric: (metricName, metricProps) => metricOfInstance(id, metricName, metricProps),
      metricOfInstance,
    }, options);
  }
}

/** An instance's identifier when known at synth time (RDS keeps identifiers in lowercase). */
function identifierOf(instance: rds.IDatabaseInstance): string | undefined {
  const cfn = instance.node.defaultChild instanceof rds.CfnDBInstance ? instance.node.defaultChild : undefined;
  return (literalOf(cfn?.dbInstanceIdentifier, cfn) ?? literalOf(instance.instanceIdentifier))?.toLowerCase();
}

/** The app's L1 of a type that a token refers to (a Ref or Fn::GetAtt), if it is one. */
function referenced<T extends CfnElement>(value: unknown, type: new (...args: any[]) => T): T | undefined {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) {
    return undefined;
  }
  const token = Tokenization.reverseString(value).firstToken;
  return Reference.isReference(token) && token.target instanceof type ? token.target as T : undefined;
}

/**
 * A group's name (RDS stores them in lowercase): a literal as given; for a reference to a group
 * of the app, the group's literal name, so nothing refers to its stack; otherwise the reference.
 */
function nameOf<T extends CfnElement>(value: string | undefined, type: new (...args: any[]) => T, nameProperty: keyof T): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Token.isUnresolved(value)) {
    return value.toLowerCase();
  }
  const target = referenced(value, type);
  const name = target ? literalOf(target[nameProperty] as unknown as string | undefined, target) : undefined;
  return name?.toLowerCase() ?? value;
}

/** The parameters an app's parameter group sets, when they are known at synth time. */
function parametersOf(group: rds.CfnDBParameterGroup | undefined): { [name: string]: string } | undefined {
  const parameters = group ? literalOf(group.parameters, group) : undefined;
  return parameters && typeof parameters === 'object'
    ? Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)]))
    : undefined;
}

/** A role's ARN: for a role of the app with a literal name, built from the name (no reference to its stack). */
function roleArnOf(stack: Stack, value: string | undefined): string | undefined {
  const role = referenced(value, iam.CfnRole);
  const name = role ? literalOf(role.roleName, role) : undefined;
  if (name === undefined) {
    return stringOf(value);
  }
  const path = (role && literalOf(role.path, role)) ?? '/';
  return stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${path.slice(1)}${name}` });
}

/** An RDS ARN in the stack's partition, Region and account. */
function rdsArn(stack: Stack, resource: string, name: string): string {
  return stack.formatArn({ service: 'rds', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/** A string value, literal or token (a reference to the other stack is acceptable for names). */
function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether an instance of the app is encrypted, as its L1 declares it: CloudFormation's default is
 * unencrypted, except for an instance restored from a snapshot or made as a replica, which inherits
 * its encryption (unknown here).
 */
function encryptedAsDeclared(cfn: rds.CfnDBInstance | undefined): boolean | undefined {
  if (!cfn) {
    return undefined;
  }
  if (cfn.storageEncrypted === undefined) {
    return cfn.dbSnapshotIdentifier || cfn.sourceDbInstanceIdentifier ? undefined : false;
  }
  return literalOf(cfn.storageEncrypted, cfn) as boolean | undefined;
}
