import { Duration, IResolvable, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { RdsInstanceClass } from '../../private/rds-instance-classes';

/** Storage changes on RDS cool down for at least this long before the next one. */
export const STORAGE_COOLDOWN = Duration.hours(6);
/** The tag every event replica carries: its event's name. IAM conditions use it. */
export const EVENT_TAG = 'cdk-event-readiness:event';
/** A CloudWatch alarm on a metric math expression may use at most this many metrics. */
export const MAX_ALARM_METRICS = 10;
/** RDS DB instance identifiers are at most this long. */
export const MAX_INSTANCE_IDENTIFIER = 63;

/** RDS can't guarantee more than this many read replicas of one source in other Regions (RDS User Guide). */
export const MAX_CROSS_REGION_REPLICAS = 5;

/**
 * Event read replicas of an RDS instance in another Region of the same account and partition.
 * They are created by schedules in that Region (a companion stack of the readiness stack), from
 * the source's ARN, and deleted over the ramp-down like the same-Region ones. Everything here
 * must be in that Region: give literals (imported with `fromXxx`) or resources of a stack in
 * that Region, never of the source's.
 */
export interface EventReplicasInRegion {
  /** The Region, e.g. `eu-west-1`: another commercial Region of the source's partition. */
  readonly region: string;
  /** How many replicas (1 to 5 over all other Regions: RDS can't guarantee more than five cross-Region replicas). */
  readonly count: number;
  /** The DB subnet group in that Region (all replicas of one source in one Region must use subnet groups of one VPC). */
  readonly subnetGroup: rds.ISubnetGroup;
  /** The security groups the replicas get, in that Region's VPC (without them RDS gives the VPC's default group). */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * The KMS key the replicas are encrypted with, in that Region: required when the source is
   * encrypted (KMS keys never leave their Region), refused when it is not.
   * @default - none: only for an unencrypted source
   */
  readonly storageEncryptionKey?: kms.IKey;
  /**
   * The DB parameter group of the replicas, in that Region, of the source's engine family
   * (`postgres17`). Without one, RDS gives a cross-Region replica the Region's default group
   * (`default.postgres17`), not the source's. MySQL takes it in the create call; for PostgreSQL
   * the API does not accept it there, so the replicas are created in the default group, then
   * moved to this one and rebooted (two more scheduled calls each, before the event). The
   * hot-standby rule is checked for this group (RDS overrides the default group's values that
   * would keep a replica from starting).
   * @default - the engine's default parameter group in that Region
   */
  readonly parameterGroupName?: string;
  /**
   * The values `parameterGroupName` sets that the hot-standby rule reads (`max_connections`,
   * `max_worker_processes`, `max_prepared_transactions`, `max_locks_per_transaction`).
   * @default - the engine's defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * The option group of the replicas (MySQL), in that Region.
   * @default - the engine's default option group in that Region
   */
  readonly optionGroupName?: string;
  /**
   * The replicas' class.
   * @default - the event replicas' class (`eventReplicaInstanceType`, else the everyday replicas')
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * The Enhanced Monitoring role (IAM is global: the primary's role may be given by ARN).
   * @default - no Enhanced Monitoring on these replicas
   */
  readonly monitoringRole?: iam.IRole;
  /**
   * Worst-case time for a replica in that Region to be ready: RDS copies a snapshot of the
   * source across Regions first, then the replica catches up and its caches warm.
   * @default Duration.hours(6)
   */
  readonly creationLeadTime?: Duration;
}

/** An RDS tier's peak settings for one event. */
export interface RdsTierEventOptions {
  /**
   * The tier's name in the event (alarm names, dashboard row).
   * @default - the tier construct's id in kebab-case
   */
  readonly tierName?: string;
  /**
   * The primary's class from prewarm to the end of the event (same family, at least the
   * everyday class). It then steps down a ladder over the ramp-down.
   * @default - the class does not change
   */
  readonly peakInstanceType?: ec2.InstanceType;
  /**
   * The classes between the peak and the everyday class, largest first.
   * @default - halve the size each step within the family (16xlarge → 8xlarge → 4xlarge → …)
   */
  readonly instanceClassLadder?: ec2.InstanceType[];
  /**
   * Worst-case time for a class change to complete (Multi-AZ: the standby is changed, then
   * a failover of 60–120 s).
   * @default Duration.minutes(45)
   */
  readonly instanceClassChangeLeadTime?: Duration;
  /**
   * Read replicas created for the event, named `<instanceIdentifier>-<event>-r<n>` and tagged
   * `cdk-event-readiness:event=<event>`, and removed step by step over the ramp-down.
   * Everyday plus event replicas: at most 15. They are configured like the always-on
   * replicas (subnet group, security groups, gp3, IAM authentication, Enhanced Monitoring,
   * Performance Insights, log export). Their final snapshots are skipped: a replica holds
   * no unique data. An RDS Proxy in front of an RDS instance targets only the primary, so
   * replicas are reached at their own endpoints.
   * @default 0
   */
  readonly eventReplicas?: number;
  /**
   * Event read replicas in other Regions, for reads near their readers: see
   * {@link EventReplicasInRegion}. Each Region's schedules, role, dead-letter queue and alarms are
   * in a companion stack of the readiness stack in that Region; the source's Region and
   * identifier must be known at synth (literals).
   * @default - none
   */
  readonly eventReplicasIn?: EventReplicasInRegion[];
  /**
   * The event replicas' class.
   * @default - the everyday replicas' class
   */
  readonly eventReplicaInstanceType?: ec2.InstanceType;
  /**
   * Worst-case time for a new read replica to be ready: built from a snapshot, blocks load
   * lazily, then caches warm. Real databases take hours.
   * @default Duration.hours(3)
   */
  readonly replicaCreationLeadTime?: Duration;
  /**
   * gp3 IOPS from prewarm (raised only: storage changes cool down for 6 h).
   * @default - unchanged
   */
  readonly peakIops?: number;
  /**
   * gp3 throughput from prewarm, MiB/s.
   * @default - unchanged
   */
  readonly peakStorageThroughput?: number;
  /**
   * Worst-case time for a storage change to take effect.
   * @default Duration.minutes(30)
   */
  readonly storageChangeLeadTime?: Duration;
  /**
   * Lower IOPS and throughput back after the event, in a call of its own at the baseline
   * step, or `storageCooldown` after the raise if that is later.
   * @default false
   */
  readonly restoreStorageAfterEvent?: boolean;
  /**
   * How long after the storage raise the restore may come. RDS blocks the next storage
   * change for 6 hours or until storage optimization finishes, whichever is longer (it can
   * take more than a day); a restore sent too early is rejected. At least 6 hours.
   * @default Duration.hours(24)
   */
  readonly storageCooldown?: Duration;
  /**
   * The shortest time between the event's end and the first instance-class change down
   * (each ends in a Multi-AZ failover of 60–120 s): traffic rarely stops on the minute.
   * @default Duration.minutes(30)
   */
  readonly failoverGapAfterEnd?: Duration;
  /**
   * Alarm when primary CPU stays above this percentage for 2 minutes.
   * @default 70
   */
  readonly cpuAlarmThreshold?: number;
  /**
   * Alarm when a replica lags more than this (3 minutes).
   * @default Duration.seconds(5)
   */
  readonly replicaLagAlarmThreshold?: Duration;
  /**
   * Alarm when connections reach this share of the max_connections in force: the primary's
   * class at the time (before prewarm, at peak, in each ramp-down step, after the event); while
   * a class change may still be under way, the smaller class's.
   * @default 0.8
   */
  readonly connectionsAlarmRatio?: number;
  /**
   * Alarm when read or write latency stays above this (3 minutes).
   * @default Duration.millis(20)
   */
  readonly latencyAlarmThreshold?: Duration;
}

/**
 * What an RDS instance plan needs to know about the primary and its replicas, from an `RdsTier`
 * or from an instance the library did not create (`ExistingRdsInstance`). Not exported from
 * the package.
 */
export interface RdsInstanceDescription {
  /** The construct the plan is for: errors name its path, warnings are attached to it. */
  readonly construct: IConstruct;
  /** What built the description, for messages (`RdsTier.forEvent`). */
  readonly subject: string;
  /** The engine. */
  readonly engine: 'postgres' | 'mysql';
  /** `RDS for PostgreSQL 17.5`. */
  readonly engineLabel: string;
  /** The option group of the primary (and same-Region replicas): `default:postgres-17`, or a custom one. */
  readonly optionGroupName: string;
  /** The engine's default option group, as in every Region (`default:postgres-17`, `default:mysql-8-0`). */
  readonly defaultOptionGroupName: string;
  /** The engine's default parameter group, as in every Region (`default.postgres17`, `default.mysql8.0`); `unknown` without a version. */
  readonly defaultParameterGroupName: string;
  /** The primary's identifier (a literal or a token). */
  readonly instanceIdentifier: string;
  /** The primary's ARN. */
  readonly instanceArn: string;
  /** The stack whose partition, Region and account the database's ARNs are in. */
  readonly arnStack: Stack;
  /** The primary's everyday class, `db.r7g.2xlarge`. */
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly allocatedStorageGiB: number;
  /** The storage type (`gp3`, `gp2`, `io1`, `io2`). */
  readonly storageType: string;
  /**
   * Provisioned IOPS, if set (gp3 includes a baseline).
   * @default - none
   */
  readonly iops?: number;
  /**
   * gp3 throughput, MiB/s, if set.
   * @default - none
   */
  readonly storageThroughput?: number;
  /** The parameter group the primary (and same-Region replicas) use. */
  readonly parameterGroupName: string;
  /** The parameters known to be set in it (max_connections, the hot-standby settings). */
  readonly parameters: { [name: string]: string };
  /** The subnet group replicas are created in. */
  readonly subnetGroupName: string;
  /** The security groups replicas get. */
  readonly securityGroupIds: string[];
  /**
   * Enhanced Monitoring role for event replicas, if the primary has one.
   * @default - none
   */
  readonly monitoringRoleArn?: string;
  /**
   * The storage encryption key, if customer managed.
   * @default - none
   */
  readonly storageEncryptionKeyArn?: string;
  /**
   * Whether the storage is encrypted.
   * @default - not known at synth
   */
  readonly storageEncrypted?: boolean;
  /** The log types the instances export. */
  readonly logExports: string[];
  /** IAM database authentication: a boolean, or an L1's (lazily rendered) value. */
  readonly iamAuthentication: boolean | IResolvable;
  readonly performanceInsights: boolean;
  /** The always-on read replicas' identifiers. */
  readonly replicaIdentifiers: string[];
  /** Their class, and the default class of event replicas. */
  readonly replicaInstanceClass: string;
  /** The identifier of an event's read replica (in another Region: with the Region's name before `-r<index>`). */
  eventReplicaIdentifier(eventName: string, index: number, region?: string): string;
  /** A metric of the primary (1-minute period unless given). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** A metric of an instance by identifier (1-minute period unless given). */
  metricOfInstance(instanceIdentifier: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** What an RDS plan is made of: the instance, the event's options and the tier's name. */
export interface RdsPlanInputs {
  readonly db: RdsInstanceDescription;
  readonly options: RdsTierEventOptions;
  readonly tierName: string;
}

/** The inputs and the class ladder they were validated into (peak first, everyday last). */
export interface RdsPlanParts extends RdsPlanInputs {
  readonly ladder: RdsInstanceClass[];
}
