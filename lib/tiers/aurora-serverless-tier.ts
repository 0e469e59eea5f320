import { Duration, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AcuRange } from '../plans/acu-range';
import { AuroraClusterDescription, AuroraServerlessPlan, AuroraServerlessTierEventOptions } from '../plans/aurora-serverless-plan';
import { teamScalableTarget } from '../plans/owned-scalable-target';
import { ITierEventPlan } from '../plans/tier-plan';
import { auroraPostgresMaxCapacity, auroraPostgresSupportsAutoPause, estimateAuroraMaxConnections } from '../private/aurora-engines';
import { auroraStorageTypeOf } from '../private/billing-facts';
import {
  acknowledgeDatabaseFindings, databaseSettingsProblems, createDatabaseVpc, warnIfNotRetained,
} from '../private/database';
import { MAX_AURORA_READERS } from '../private/limits';
import { defaultDatabaseSubnets } from '../private/plan-helpers';
import { ValidationError } from '../private/validation-error';
import { DatabaseTierProps } from './database-tier-props';

/** Options of the tier's RDS Proxy. */
export interface AuroraProxyOptions {
  /**
   * Share of the cluster's max_connections the proxy may use (1–100).
   * @default 90
   */
  readonly maxConnectionsPercent?: number;
  /**
   * How long an idle client connection is kept: whole seconds, 1 second to 8 hours.
   * @default Duration.minutes(30)
   */
  readonly idleClientTimeout?: Duration;
  /**
   * Clients authenticate to the proxy with IAM.
   * @default true
   */
  readonly iamAuth?: boolean;
}

/** Properties of an {@link AuroraServerlessTier}. */
export interface AuroraServerlessTierProps extends DatabaseTierProps {
  /**
   * The Aurora PostgreSQL version.
   * @default rds.AuroraPostgresEngineVersion.VER_17_5 (supports auto-pause)
   */
  readonly engineVersion?: rds.AuroraPostgresEngineVersion;
  /**
   * Everyday capacity per instance.
   * @default AcuRange.between(0.5, 8)
   */
  readonly capacity?: AcuRange;
  /**
   * Readers besides the writer, managed by CloudFormation (0–15).
   * @default 1
   */
  readonly readers?: number;
  /**
   * Readers scale with the writer (promotion tier 1) rather than on their own load (tier 2).
   * @default true
   */
  readonly readersScaleWithWriter?: boolean;
  /**
   * Put an RDS Proxy (TLS required) in front of the cluster. Not with auto-pause.
   * @default - no proxy
   */
  readonly proxy?: AuroraProxyOptions;
  /**
   * The database created in the cluster.
   * @default - none
   */
  readonly defaultDatabaseName?: string;
  /**
   * Cluster parameters (a parameter group is created when given).
   * @default - the engine's defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * The cluster's name (lowercase letters, digits, hyphens; at most 63). It also names the
   * log group `/aws/rds/cluster/<name>/postgresql`.
   * @default - a name unique to this construct's path
   */
  readonly clusterIdentifier?: string;
}

/**
 * Aurora PostgreSQL Serverless v2 with explicit, validated capacity bounds: a serverless
 * writer, readers that scale with it, optional RDS Proxy, encrypted, IAM-authenticated,
 * deletion-protected, snapshotted on delete, with logs and Database Insights. `forEvent`
 * plans the bounds (and extra readers) for a traffic event.
 */
export class AuroraServerlessTier extends Construct {
  /** Aurora PostgreSQL allows at most this many readers (Aurora Replicas) per cluster. */
  public static readonly MAX_READERS = MAX_AURORA_READERS;

  /**
   * The largest Serverless v2 capacity an Aurora PostgreSQL version allows: 256 ACU on 17+,
   * 16.1+, 15.5+, 14.10+, 13.13+, else 128 (RDS reports it per version as
   * `ServerlessV2FeaturesSupport.MaxCapacity` in `describe-db-engine-versions`).
   */
  public static maxCapacityFor(fullVersion: string): number {
    return auroraPostgresMaxCapacity(fullVersion);
  }

  /** True when an Aurora PostgreSQL version supports auto-pause (17+, 16.3+, 15.7+, 14.12+, 13.15+). */
  public static supportsAutoPause(fullVersion: string): boolean {
    return auroraPostgresSupportsAutoPause(fullVersion);
  }

  /**
   * Estimated max_connections per instance for a capacity range: the default
   * `LEAST({DBInstanceClassMemory/9531392}, 5000)` on the maximum ACU's memory, as AWS lists it
   * (1,669 at 8 ACU, 3,360 at 16, 5,000 from 32; linear in between), at most 2,000 while the
   * minimum is below 1 ACU.
   */
  public static estimateMaxConnections(capacity: AcuRange): number {
    return estimateAuroraMaxConnections('postgres', capacity).value;
  }

  /** The cluster. */
  public readonly cluster: rds.DatabaseCluster;
  /** The VPC the cluster runs in. */
  public readonly vpc: ec2.IVpc;
  /** The master credentials. */
  public readonly secret: secretsmanager.ISecret;
  /** The proxy, if one was asked for. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The proxy's name, if it has one known at synth time. */
  private readonly proxyName?: string;
  /** Everyday capacity. */
  public readonly capacity: AcuRange;
  /** Everyday readers (CloudFormation-managed). */
  public readonly readers: number;
  /** The engine version. */
  public readonly engineVersion: rds.AuroraPostgresEngineVersion;
  /**
   * Estimated max_connections per instance, fixed at boot from the everyday maximum ACU
   * (see `AuroraServerlessTier.estimateMaxConnections`: 1,669 at 8 ACU, at most 2,000 while the
   * minimum is below 1 ACU).
   * Raising the maximum on a schedule does not raise it.
   */
  public readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: AuroraServerlessTierProps = {}) {
    super(scope, id);
    this.engineVersion = props.engineVersion ?? rds.AuroraPostgresEngineVersion.VER_17_5;
    this.capacity = props.capacity ?? AcuRange.between(0.5, 8);
    this.readers = props.readers ?? 1;
    this.validate(props);
    this.maxConnections = estimateAuroraMaxConnections('postgres', this.capacity).value;

    this.vpc = props.vpc ?? createDatabaseVpc(this);
    const subnets = props.vpcSubnets ?? defaultDatabaseSubnets(this.vpc);
    const scaleWithWriter = props.readersScaleWithWriter ?? true;
    // The cluster's name is fixed (not generated) so its log group can be created, with a
    // retention, before RDS starts exporting to it; no log-retention Lambda is needed.
    const clusterIdentifier = props.clusterIdentifier ?? Names.uniqueResourceName(this, {
      maxLength: 63, separator: '-',
    }).toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, 'c');
    const postgresqlLogs = new logs.LogGroup(this, 'PostgresqlLogs', {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      retention: logs.RetentionDays.ONE_YEAR,
      // RDS names the group after the cluster: a retained group would make re-creating the
      // stack fail ("already exists"). The cluster itself is snapshotted on delete.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      clusterIdentifier,
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: this.engineVersion }),
      vpc: this.vpc,
      vpcSubnets: subnets,
      writer: rds.ClusterInstance.serverlessV2('Writer', { enablePerformanceInsights: true }),
      readers: Array.from({ length: this.readers }, (_, i) => rds.ClusterInstance.serverlessV2(`Reader${i + 1}`, {
        scaleWithWriter,
        enablePerformanceInsights: true,
      })),
      serverlessV2MinCapacity: this.capacity.minCapacity,
      serverlessV2MaxCapacity: this.capacity.maxCapacity,
      serverlessV2AutoPauseDuration: this.capacity.autoPauseAfter,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? 'dbadmin'),
      defaultDatabaseName: props.defaultDatabaseName,
      parameters: props.parameters,
      storageEncrypted: true,
      storageEncryptionKey: props.storageEncryptionKey,
      iamAuthentication: true,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
      backup: { retention: props.backupRetention ?? Duration.days(7) },
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.minutes(1),
      enablePerformanceInsights: true,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
    });
    this.cluster.node.addDependency(postgresqlLogs);
    this.secret = this.cluster.secret!;
    if (props.credentialRotation) {
      this.cluster.addRotationSingleUser({ automaticallyAfter: props.credentialRotation });
    }
    acknowledgeDatabaseFindings(this.cluster, props.credentialRotation !== undefined);

    if (props.proxy) {
      // Proxy names are unique per account and region; the default ('Proxy') is not.
      const proxyName = Token.isUnresolved(clusterIdentifier)
        ? `${clusterIdentifier}-proxy`
        : `${clusterIdentifier.slice(0, 57).replace(/-$/, '')}-proxy`;
      this.proxyName = Token.isUnresolved(proxyName) ? undefined : proxyName;
      this.proxy = this.cluster.addProxy('Proxy', {
        dbProxyName: proxyName,
        secrets: [this.secret],
        vpc: this.vpc,
        vpcSubnets: subnets,
        requireTLS: true,
        iamAuth: props.proxy.iamAuth ?? true,
        maxConnectionsPercent: props.proxy.maxConnectionsPercent ?? 90,
        idleClientTimeout: props.proxy.idleClientTimeout ?? Duration.minutes(30),
      });
    }
  }

  /**
   * The plan of this tier for one event: peak ACU range (and extra readers). Pass it to
   * `EventReadiness`; it adds nothing to this tier's stack.
   */
  public forEvent(options: AuroraServerlessTierEventOptions): ITierEventPlan {
    return new AuroraServerlessPlan(this._describe(), options);
  }

  /**
   * What the event plans need to know of this tier's cluster.
   * @internal
   */
  public _describe(): AuroraClusterDescription {
    const base = this.capacity;
    return {
      construct: this,
      subject: 'AuroraServerlessTier.forEvent',
      engineLabel: `Aurora PostgreSQL ${this.engineVersion.auroraPostgresFullVersion}`,
      clusterIdentifier: this.cluster.clusterIdentifier,
      clusterArn: this.cluster.clusterArn,
      capacity: base,
      readers: this.readers,
      maxReaders: MAX_AURORA_READERS,
      maxConnections: this.maxConnections,
      maxConnectionsBasis: estimateAuroraMaxConnections('postgres', base).basis,
      maxCapacityAllowed: this.maxCapacityAllowed,
      autoPauseSupported: this.autoPauseSupported,
      // The name as given to the proxy, when literal: a reference would export it from this stack.
      proxyName: this.proxyName,
      storageType: auroraStorageTypeOf(this.cluster),
      metric: (metricName, props) => this.metric(metricName, props),
      scalableTargetIn: (resourceId, dimension) => teamScalableTarget(this.cluster, resourceId, dimension),
    };
  }

  /** The largest capacity the engine version allows (see `AuroraServerlessTier.maxCapacityFor`). */
  public get maxCapacityAllowed(): number {
    const version = this.engineVersion.auroraPostgresFullVersion;
    return Token.isUnresolved(version) ? AcuRange.MAX_ACU : auroraPostgresMaxCapacity(version);
  }

  /** True when the engine version supports auto-pause (minimum 0 ACU). */
  public get autoPauseSupported(): boolean {
    return auroraPostgresSupportsAutoPause(this.engineVersion.auroraPostgresFullVersion);
  }

  /** A cluster metric (dimension DBClusterIdentifier). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.cluster.metric(metricName, { period: Duration.minutes(1), ...props });
  }

  /** ACUs in use (maximum over instances). */
  public metricCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ServerlessDatabaseCapacity', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** ACUs in use as a percentage of the maximum in force (moves when the maximum moves). */
  public metricAcuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ACUUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** CPU utilization, percent (maximum). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Database connections (maximum). */
  public metricConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Replica lag of the slowest reader, in milliseconds (maximum). */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AuroraReplicaLagMaximum', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Freeable memory, bytes (minimum). */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  private validate(props: AuroraServerlessTierProps): void {
    const version = this.engineVersion.auroraPostgresFullVersion;
    const pauseSupported = Token.isUnresolved(version) || auroraPostgresSupportsAutoPause(version);
    const problems = this.capacity._problems('capacity', pauseSupported, this.maxCapacityAllowed,
      `Aurora PostgreSQL ${version}`);
    const readers = this.readers;
    if (!Number.isInteger(readers) || readers < 0 || readers > MAX_AURORA_READERS) {
      problems.push(`readers must be a whole number from 0 to ${MAX_AURORA_READERS}, got ${readers}`);
    }
    if (props.proxy && this.capacity.pauses) {
      problems.push(`capacity ${this.capacity} auto-pauses (minimum 0), which RDS Proxy does not support; `
        + 'use a minimum of at least 0.5 ACU or no proxy');
    }
    problems.push(...databaseSettingsProblems({
      backupRetention: props.backupRetention,
      credentialRotation: props.credentialRotation,
      masterUsername: props.masterUsername,
      proxyMaxConnectionsPercent: props.proxy?.maxConnectionsPercent,
      proxyIdleClientTimeout: props.proxy?.idleClientTimeout,
    }));
    const name = props.clusterIdentifier;
    if (name !== undefined && !Token.isUnresolved(name) && !/^[a-z](?!.*--)[a-z0-9-]{0,62}$/.test(name)) {
      problems.push(`clusterIdentifier must be 1-63 lowercase letters, digits and single hyphens, starting with a `
        + `letter, got '${name}'`);
    } else if (name?.endsWith('-')) {
      problems.push(`clusterIdentifier must not end with a hyphen, got '${name}'`);
    }
    ValidationError.throwIfAny('AuroraServerlessTier', problems, this);
    warnIfNotRetained(this, props.removalPolicy);
  }

}
