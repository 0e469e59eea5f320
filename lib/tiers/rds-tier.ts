import { Duration, Names, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RdsInstanceDescription, RdsInstancePlan, RdsTierEventOptions } from '../plans/rds-instance';
import { eventReplicaName } from '../plans/rds-instance/parts';
import { ITierEventPlan } from '../plans/tier-plan';
import {
  acknowledgeDatabaseFindings, databaseSettingsProblems, createDatabaseVpc, instanceLogGroups,
  warnIfNotRetained,
} from '../private/database';
import { rdsMetric } from '../private/metrics';
import { defaultDatabaseSubnets } from '../private/plan-helpers';
import {
  gp3Problems, maxConnectionsFor, MAX_RDS_READ_REPLICAS, offeredFamilies, parseInstanceClass, RdsInstanceClass,
} from '../private/rds-instance-classes';
import { ValidationError } from '../private/validation-error';
import { DatabaseTierProps } from './database-tier-props';

/** The parameters the tier sets for event load; see `RdsTier.DEFAULT_PARAMETERS`. */
const DEFAULT_PARAMETERS: { [name: string]: string } = {
  'shared_buffers': '{DBInstanceClassMemory/32768}',
  'work_mem': '16384',
  'maintenance_work_mem': 'GREATEST({DBInstanceClassMemory/16384},65536)',
  'autovacuum_vacuum_scale_factor': '0.05',
  'autovacuum_analyze_scale_factor': '0.02',
  'autovacuum_vacuum_cost_limit': '2000',
  'checkpoint_timeout': '900',
  'checkpoint_completion_target': '0.9',
  'max_wal_size': '8192',
  'random_page_cost': '1.1',
  'rds.force_ssl': '1',
  // A hot standby pauses replay when this is below the primary's value; RDS derives it from the
  // class (GREATEST(vCPU × 2, 8)), so a primary raised for an event would stop its replicas.
  // Pinned: one value for every instance of every class.
  'max_worker_processes': '32',
};

/** Options of the tier's RDS Proxy. */
export interface RdsProxyOptions {
  /**
   * Share of max_connections the proxy may use (1–100).
   * @default 90
   */
  readonly maxConnectionsPercent?: number;
  /**
   * Clients authenticate to the proxy with IAM.
   * @default true
   */
  readonly iamAuth?: boolean;
}

/** Properties of an {@link RdsTier}. */
export interface RdsTierProps extends DatabaseTierProps {
  /**
   * The PostgreSQL version.
   * @default rds.PostgresEngineVersion.VER_17_5
   */
  readonly engineVersion?: rds.PostgresEngineVersion;
  /**
   * The primary's everyday class.
   * @default db.r7g.large
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * A standby in another AZ.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * gp3 storage, GiB (20–65,536). Below 400 GiB gp3 has a fixed 3,000 IOPS / 125 MiB/s.
   * @default 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Everyday gp3 IOPS (only with 400 GiB or more).
   * @default - gp3's baseline
   */
  readonly iops?: number;
  /**
   * Everyday gp3 throughput, MiB/s (only with 400 GiB or more).
   * @default - gp3's baseline
   */
  readonly storageThroughput?: number;
  /**
   * Always-on read replicas, managed by CloudFormation.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The replicas' class.
   * @default - the primary's class
   */
  readonly replicaInstanceType?: ec2.InstanceType;
  /**
   * Put an RDS Proxy (transaction pooling, TLS required) in front of the primary.
   * @default - no proxy
   */
  readonly proxy?: RdsProxyOptions;
  /**
   * Parameters, applied over `RdsTier.DEFAULT_PARAMETERS`.
   * @default - the tier's event-load defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * The database created on the primary.
   * @default - none
   */
  readonly databaseName?: string;
  /**
   * The primary's identifier (1–50 lowercase letters, digits, single hyphens). Replicas
   * are `<id>-replica-<n>`; an event's replicas `<id>-<event>-r<n>`.
   * @default - unique to this construct's path
   */
  readonly instanceIdentifier?: string;
}

/**
 * RDS for PostgreSQL, the "traditional" database: a Multi-AZ gp3 primary with always-on
 * read replicas, an optional RDS Proxy and a parameter group tuned for event load. Scaling
 * it (a bigger class, more replicas, more IOPS) takes minutes to hours, so `forEvent`
 * schedules it well ahead and steps it down over the ramp-down.
 */
export class RdsTier extends Construct {
  /**
   * The parameters the tier sets for event load (each overridable with `parameters`):
   * memory for caching and sorting, autovacuum that keeps up with a write burst, spread-out
   * checkpoints, SSD-aware planning, and TLS required.
   */
  public static readonly DEFAULT_PARAMETERS: { [name: string]: string } = DEFAULT_PARAMETERS;
  /** RDS for PostgreSQL allows at most this many read replicas per source instance. */
  public static readonly MAX_READ_REPLICAS = MAX_RDS_READ_REPLICAS;
  /** The log types every instance of the tier exports to CloudWatch Logs (all RDS for PostgreSQL has). */
  public static readonly LOG_EXPORTS: string[] = ['postgresql', 'upgrade'];

  /** The primary. */
  public readonly primary: rds.DatabaseInstance;
  /** The always-on read replicas. */
  public readonly replicas: rds.DatabaseInstanceReadReplica[];
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The master credentials. */
  public readonly secret: secretsmanager.ISecret;
  /** The proxy, if asked for. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The parameter group (shared by primary, replicas and event replicas). */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The parameter group's name. */
  public readonly parameterGroupName: string;
  /** The primary's identifier. */
  public readonly instanceIdentifier: string;
  /** Identifiers of the always-on replicas. */
  public readonly replicaIdentifiers: string[];
  /** The primary's DB subnet group (event replicas are created in it). */
  public readonly subnetGroup: rds.ISubnetGroup;
  /** The security groups of the primary, the always-on replicas and every event replica. */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** The Enhanced Monitoring role of the primary (event replicas are monitored with it). */
  public readonly monitoringRole: iam.IRole;
  /** The PostgreSQL major version, e.g. `17` (names the default option group `default:postgres-17`). */
  public readonly engineMajorVersion: string;
  /** The primary's everyday class, e.g. `db.r7g.large`. */
  public readonly instanceClass: string;
  /** The replicas' class. */
  public readonly replicaInstanceClass: string;
  /** Multi-AZ. */
  public readonly multiAz: boolean;
  /** Allocated storage, GiB. */
  public readonly allocatedStorageGiB: number;
  /** Everyday IOPS (gp3 baseline when not set). */
  public readonly iops?: number;
  /** Everyday throughput, MiB/s. */
  public readonly storageThroughput?: number;
  /** The storage encryption key, if customer-managed. */
  public readonly storageEncryptionKey?: kms.IKey;
  /**
   * max_connections: the `parameters` value, or the default formula's value for the everyday
   * class on its nominal memory, an upper bound: RDS evaluates the formula on
   * DBInstanceClassMemory, what is left after the operating system and RDS take theirs.
   */
  public readonly maxConnections: number;
  /** The effective parameters. */
  public readonly parameters: { [name: string]: string };

  constructor(scope: Construct, id: string, props: RdsTierProps = {}) {
    super(scope, id);
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE);
    const replicaType = props.replicaInstanceType ?? instanceType;
    const primaryClass = this.validate(props, instanceType, replicaType);
    this.instanceClass = primaryClass.name;
    this.replicaInstanceClass = `db.${replicaType}`;
    this.multiAz = props.multiAz ?? true;
    this.allocatedStorageGiB = props.allocatedStorageGiB ?? 100;
    this.iops = props.iops;
    this.storageThroughput = props.storageThroughput;
    this.storageEncryptionKey = props.storageEncryptionKey;
    this.parameters = { ...DEFAULT_PARAMETERS, ...props.parameters };
    this.maxConnections = maxConnectionsFor(primaryClass, this.parameters);

    this.instanceIdentifier = props.instanceIdentifier ?? Names.uniqueResourceName(this, { maxLength: 50, separator: '-' })
      .toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, 'db').replace(/-$/, '');
    const replicaCount = props.replicas ?? 1;
    this.replicaIdentifiers = Array.from({ length: replicaCount }, (_, i) => `${this.instanceIdentifier}-replica-${i + 1}`);

    this.vpc = props.vpc ?? createDatabaseVpc(this);
    const subnets = props.vpcSubnets ?? defaultDatabaseSubnets(this.vpc);
    const version = props.engineVersion ?? rds.PostgresEngineVersion.VER_17_5;
    this.engineMajorVersion = version.postgresMajorVersion;
    const engine = rds.DatabaseInstanceEngine.postgres({ version });
    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `Event-load tuning for ${this.node.path}`,
      parameters: this.parameters,
    });

    // The database itself is snapshotted on delete; its log groups go with the stack.
    const logGroups = [this.instanceIdentifier, ...this.replicaIdentifiers].map((name, i) =>
      instanceLogGroups(this, i === 0 ? '' : `Replica${i}`, name, RdsTier.LOG_EXPORTS));

    this.primary = new rds.DatabaseInstance(this, 'Primary', {
      instanceIdentifier: this.instanceIdentifier,
      engine,
      instanceType,
      vpc: this.vpc,
      vpcSubnets: subnets,
      multiAz: this.multiAz,
      storageType: rds.StorageType.GP3,
      allocatedStorage: this.allocatedStorageGiB,
      iops: props.iops,
      storageThroughput: props.storageThroughput,
      storageEncrypted: true,
      storageEncryptionKey: props.storageEncryptionKey,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'dbadmin'),
      databaseName: props.databaseName,
      parameterGroup: this.parameterGroup,
      iamAuthentication: true,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
      backupRetention: props.backupRetention ?? Duration.days(7),
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: RdsTier.LOG_EXPORTS,
      monitoringInterval: Duration.minutes(1),
      enablePerformanceInsights: true,
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
    });
    this.primary.node.addDependency(...logGroups[0]);
    this.parameterGroupName = this.parameterGroup.bindToInstance({}).parameterGroupName;
    this.secret = this.primary.secret!;
    // aws-cdk-lib creates these under fixed ids (changing them would replace every user's
    // subnet group and role); event replicas reuse them, so their names are known to IAM.
    this.subnetGroup = this.primary.node.findChild('SubnetGroup') as rds.SubnetGroup;
    this.monitoringRole = this.primary.node.findChild('MonitoringRole') as iam.Role;
    this.securityGroups = this.primary.connections.securityGroups;

    this.replicas = this.replicaIdentifiers.map((name, i) => {
      const replica = new rds.DatabaseInstanceReadReplica(this, `Replica${i + 1}`, {
        instanceIdentifier: name,
        sourceDatabaseInstance: this.primary,
        instanceType: replicaType,
        vpc: this.vpc,
        vpcSubnets: subnets,
        securityGroups: this.securityGroups,
        storageType: rds.StorageType.GP3,
        // Encryption is inherited from the primary (CloudFormation rejects setting it on a replica).
        parameterGroup: this.parameterGroup,
        // A replica holds no unique data: the primary's snapshot and backups cover it. Deleted
        // with the stack or when `replicas` is lowered, which deletion protection would block.
        deletionProtection: false,
        removalPolicy: RemovalPolicy.DESTROY,
        cloudwatchLogsExports: RdsTier.LOG_EXPORTS,
        monitoringInterval: Duration.minutes(1),
        enablePerformanceInsights: true,
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
        iamAuthentication: true,
      });
      replica.node.addDependency(...logGroups[i + 1]);
      Validations.of(replica).acknowledge({
        id: 'AwsSolutions-RDS3',
        reason: 'Read availability comes from several replicas and the Multi-AZ primary; a standby per read replica '
          + 'would double its cost for a copy that can be recreated from the primary.',
      });
      Validations.of(replica).acknowledge({
        id: 'AwsSolutions-RDS2',
        reason: 'A read replica inherits the primary\'s storage encryption (the primary is encrypted); CloudFormation '
          + 'rejects StorageEncrypted on a replica.',
      });
      Validations.of(replica).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason: 'A read replica holds no unique data and is removed by lowering `replicas` or deleting the stack; '
          + 'the primary, which holds the data, has deletion protection and a snapshot on delete.',
      });
      Validations.of(replica).acknowledge({
        id: 'AwsSolutions-RDS13',
        reason: 'A read replica holds no unique data; automated backups of the primary (7 days by default) cover it.',
      });
      return replica;
    });

    if (props.credentialRotation) {
      this.primary.addRotationSingleUser({ automaticallyAfter: props.credentialRotation });
    }
    for (const instance of [this.primary, ...this.replicas]) {
      // Replicas have no secret of their own: only the primary's rotation matters.
      acknowledgeDatabaseFindings(instance, instance !== this.primary || props.credentialRotation !== undefined);
    }

    if (props.proxy) {
      this.proxy = this.primary.addProxy('Proxy', {
        // Proxy names are unique per account and region; the default ('Proxy') is not.
        dbProxyName: `${this.instanceIdentifier}-proxy`,
        secrets: [this.secret],
        vpc: this.vpc,
        vpcSubnets: subnets,
        requireTLS: true,
        iamAuth: props.proxy.iamAuth ?? true,
        maxConnectionsPercent: props.proxy.maxConnectionsPercent ?? 90,
      });
    }
  }

  /**
   * The plan of this tier for one event: peak class and its ladder, event read replicas,
   * storage. Pass it to `EventReadiness`; it adds nothing to this tier's stack.
   */
  public forEvent(options: RdsTierEventOptions = {}): ITierEventPlan {
    return new RdsInstancePlan(this._describe(), options);
  }

  /**
   * What the event plans need to know of this tier's primary and replicas.
   * @internal
   */
  public _describe(): RdsInstanceDescription {
    return {
      construct: this,
      subject: 'RdsTier.forEvent',
      engine: 'postgres',
      engineLabel: 'RDS for PostgreSQL',
      optionGroupName: `default:postgres-${this.engineMajorVersion}`,
      defaultOptionGroupName: `default:postgres-${this.engineMajorVersion}`,
      defaultParameterGroupName: `default.postgres${this.engineMajorVersion}`,
      instanceIdentifier: this.instanceIdentifier,
      instanceArn: this.primary.instanceArn,
      arnStack: this.primary.stack,
      instanceClass: this.instanceClass,
      multiAz: this.multiAz,
      allocatedStorageGiB: this.allocatedStorageGiB,
      storageType: 'gp3',
      iops: this.iops,
      storageThroughput: this.storageThroughput,
      parameterGroupName: this.parameterGroupName,
      parameters: this.parameters,
      subnetGroupName: this.subnetGroup.subnetGroupName,
      securityGroupIds: this.securityGroups.map((g) => g.securityGroupId),
      monitoringRoleArn: this.monitoringRole.roleArn,
      storageEncryptionKeyArn: this.storageEncryptionKey?.keyArn,
      logExports: RdsTier.LOG_EXPORTS,
      iamAuthentication: true,
      performanceInsights: true,
      replicaIdentifiers: this.replicaIdentifiers,
      replicaInstanceClass: this.replicaInstanceClass,
      storageEncrypted: true,
      eventReplicaIdentifier: (eventName, index, region) => this.eventReplicaIdentifier(eventName, index, region),
      metric: (metricName, props) => this.metric(metricName, props),
      metricOfInstance: (id, metricName, props) => this.metricOfInstance(id, metricName, props),
    };
  }

  /**
   * The identifier of an event's read replica: `<instanceIdentifier>-<event>-r<index>`, or in
   * another Region `<instanceIdentifier>-<event>-<region>-r<index>`. The event's role may create
   * and delete only instances matching that pattern up to `-r` that carry the event's tag.
   */
  public eventReplicaIdentifier(eventName: string, index: number, region?: string): string {
    return eventReplicaName(this.instanceIdentifier, eventName, index, region);
  }

  /** A primary metric (dimension DBInstanceIdentifier). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.primary.metric(metricName, { period: Duration.minutes(1), ...props });
  }

  /** A metric of any instance of the tier by identifier (e.g. an event replica). */
  public metricOfInstance(instanceIdentifier: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return rdsMetric('DBInstanceIdentifier', instanceIdentifier, metricName, props);
  }

  /** Primary CPU utilization, percent (maximum). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Primary connections (maximum). */
  public metricConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Primary freeable memory, bytes (minimum). */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /** Primary free storage, bytes (minimum). */
  public metricFreeStorage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeStorageSpace', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /** Primary read latency, seconds (average). */
  public metricReadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReadLatency', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Primary write latency, seconds (average). */
  public metricWriteLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('WriteLatency', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  private validate(props: RdsTierProps, instanceType: ec2.InstanceType, replicaType: ec2.InstanceType): RdsInstanceClass {
    const problems: string[] = [];
    const primary = parseInstanceClass(instanceType.toString());
    if (!primary) {
      problems.push(`instanceType db.${instanceType} is not offered by RDS for PostgreSQL (families: `
        + `${offeredFamilies().join(', ')})`);
    }
    if (!parseInstanceClass(replicaType.toString())) {
      problems.push(`replicaInstanceType db.${replicaType} is not offered by RDS for PostgreSQL`);
    }
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_RDS_READ_REPLICAS) {
      problems.push(`replicas must be a whole number from 0 to ${MAX_RDS_READ_REPLICAS}, got ${replicas}`);
    }
    const storage = props.allocatedStorageGiB ?? 100;
    if (!Number.isInteger(storage) || storage < 20 || storage > 65536) {
      problems.push(`allocatedStorageGiB must be a whole number from 20 to 65536, got ${storage}`);
    }
    problems.push(...gp3Problems({ iops: 'iops', throughput: 'storageThroughput' }, storage, props.iops, props.storageThroughput));
    const name = props.instanceIdentifier;
    if (name !== undefined && !Token.isUnresolved(name)
      && (!/^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/.test(name) || name.includes('--'))) {
      problems.push(`instanceIdentifier must be 1-50 lowercase letters, digits and single hyphens, starting with a `
        + `letter and not ending with a hyphen, got '${name}'`);
    }
    problems.push(...databaseSettingsProblems({
      backupRetention: props.backupRetention,
      credentialRotation: props.credentialRotation,
      masterUsername: props.masterUsername,
      proxyMaxConnectionsPercent: props.proxy?.maxConnectionsPercent,
    }));
    ValidationError.throwIfAny('RdsTier', problems, this);
    warnIfNotRetained(this, props.removalPolicy);
    return primary!;
  }

}

