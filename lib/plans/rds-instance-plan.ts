import { ArnFormat, Aws, Duration, IResolvable, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { TimelineStep } from '../event/timeline-step';
import { instanceLogGroups } from '../private/database';
import { expressionAgainstLimit, LimitChange, timeOf } from '../private/in-force';
import { ALWAYS_EMITTED } from '../private/metrics';
import { findingResource } from '../private/nag';
import { defaultTierName, isWholeNumber, steppedValue } from '../private/plan-helpers';
import {
  Bound, RESERVED_MEMORY_SHARE, compareSizes, gp3Problems, halvingLadder, HOT_STANDBY_PARAMETERS, hotStandbyValue,
  MAX_RDS_READ_REPLICAS, memoryGiB, parseInstanceClass, maxConnectionsFor, RdsInstanceClass,
} from '../private/rds-instance-classes';
import { checkDuration, checkNumber, LEAD_TIME } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';
import { rampSteps } from './capacity-ramp';
import { changeSpan } from './change-span';
import { ChangeDirection, ScheduledChange } from './scheduled-change';
import { ITierEventPlan, TierAlarm, TierDashboardGraph, TierEventBinding, TierEventContext } from './tier-plan';

/** Storage changes on RDS cool down for at least this long before the next one. */
const STORAGE_COOLDOWN = Duration.hours(6);
/** The tag every event replica carries: its event's name. IAM conditions use it. */
const EVENT_TAG = 'cdk-event-readiness:event';
/** A CloudWatch alarm on a metric math expression may use at most this many metrics. */
const MAX_ALARM_METRICS = 10;
/** RDS DB instance identifiers are at most this long. */
const MAX_INSTANCE_IDENTIFIER = 63;

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
  /** The engine's default option group (`default:postgres-17`, `default:mysql-8-0`). */
  readonly optionGroupName: string;
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
  /** The log types the instances export. */
  readonly logExports: string[];
  /** IAM database authentication: a boolean, or an L1's (lazily rendered) value. */
  readonly iamAuthentication: boolean | IResolvable;
  readonly performanceInsights: boolean;
  /** The always-on read replicas' identifiers. */
  readonly replicaIdentifiers: string[];
  /** Their class, and the default class of event replicas. */
  readonly replicaInstanceClass: string;
  /** The identifier of an event's read replica. */
  eventReplicaIdentifier(eventName: string, index: number): string;
  /** A metric of the primary (1-minute period unless given). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** A metric of an instance by identifier (1-minute period unless given). */
  metricOfInstance(instanceIdentifier: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * The event plan of an RDS instance: the primary's class up at prewarm and down a ladder,
 * a storage raise, event read replicas, alarms and graphs. One implementation for tiers and
 * existing instances.
 */
export class RdsInstancePlan implements ITierEventPlan {
  public readonly tierName: string;
  public readonly tier: IConstruct;
  private readonly ladder: RdsInstanceClass[];

  constructor(private readonly db: RdsInstanceDescription, private readonly options: RdsTierEventOptions) {
    this.tier = db.construct;
    this.tierName = options.tierName ?? defaultTierName(db.construct.node.id);
    this.ladder = this.validate();
  }

  public bind(scope: Construct, context: TierEventContext): TierEventBinding {
    const w = context.window;
    const o = this.options;
    const tier = this.db;
    this.validateForEvent(w.name);
    const changes: ScheduledChange[] = [];
    const stack = tier.arnStack;
    const primaryArn = tier.instanceArn;
    const modify = new iam.PolicyStatement({ actions: ['rds:ModifyDBInstance'], resources: [primaryArn] });
    const classLead = o.instanceClassChangeLeadTime ?? Duration.minutes(45);
    const storageLead = o.storageChangeLeadTime ?? Duration.minutes(30);
    // A change that waits for another of the primary waits for it to be applied (up to the
    // maximum event age late, retries included) and then to take effect; in whole minutes.
    const after = (lead: Duration) => Math.ceil((lead.toMilliseconds() + context.maximumEventAge.toMilliseconds()) / 60000) * 60000;
    // A delay after a step, in whole minutes as schedules fire; none when not positive.
    const delayOf = (ms: number) => (ms > 0 ? Duration.minutes(Math.ceil(ms / 60000)) : undefined);
    const raisesStorage = o.peakIops !== undefined || o.peakStorageThroughput !== undefined;
    const gapAfterEnd = (o.failoverGapAfterEnd ?? Duration.minutes(30)).toMilliseconds();
    const steps = rampSteps(w);
    const modifyChange = (step: TimelineStep, delay: Duration | undefined, setting: string, from: string, to: string,
      direction: ChangeDirection, leadTime: Duration, input: { [key: string]: any }) => ScheduledChange.universal({
      step, delay, setting, subject: 'primary instance', resource: `rds:db:${tier.instanceIdentifier}`, before: from, after: to,
      direction, leadTime,
      service: 'rds', action: 'modifyDBInstance',
      input: { DbInstanceIdentifier: tier.instanceIdentifier, ...input, ApplyImmediately: true },
      policyStatements: [modify],
    });

    // 1. The primary's class: up at prewarm, then down the ladder. Every class change of a
    //    Multi-AZ primary ends in a failover, so none comes sooner than failoverGapAfterEnd
    //    after the event's end.
    let previousClass = tier.instanceClass;
    let prewarmDelay = 0;
    let baselineClassChange: ScheduledChange | undefined;
    for (const step of steps) {
      const cls = this.classAt(step);
      if (cls === previousClass) {
        continue;
      }
      const up = step.rampFraction === 0;
      const earliest = w.endInstant.getTime() + gapAfterEnd;
      const delay = up ? undefined : delayOf(earliest - step.instant.getTime());
      const change = modifyChange(step, delay, 'instance class', previousClass, cls,
        up ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN, classLead, { DbInstanceClass: cls });
      changes.push(change);
      if (up) {
        prewarmDelay = after(classLead);
      }
      if (step.rampFraction >= 1) {
        baselineClassChange = change;
      }
      previousClass = cls;
    }

    // 2. Storage: its own call (a rejected storage change must not hold back a class change),
    //    after the prewarm class change. RDS requires AllocatedStorage beside Iops; the current
    //    size is sent, so nothing grows.
    if (raisesStorage) {
      // gp3 from 400 GiB (the only storage a raise is planned on) includes 12,000 IOPS and 500 MiB/s.
      const everyday = storageText(tier.iops ?? 12000, tier.storageThroughput ?? 500);
      const peak = storageText(o.peakIops ?? tier.iops ?? 12000, o.peakStorageThroughput ?? tier.storageThroughput ?? 500);
      const raise = modifyChange(w.prewarm, delayOf(prewarmDelay), 'storage', everyday, peak,
        ChangeDirection.SCALE_UP, storageLead, this.storageInput(o.peakIops, o.peakStorageThroughput));
      changes.push(raise);
      prewarmDelay += after(storageLead);
      if (!o.restoreStorageAfterEvent) {
        warn(scope, 'storage-not-restored',
          `Tier '${this.tierName}' raises its storage from ${everyday} to ${peak} at prewarm and never lowers it: the raise `
          + 'is billed every month after the event. Set restoreStorageAfterEvent: true to lower it back after the storage '
          + 'cooldown; if the raise is meant to stay, accept this warning.');
      } else {
        // The next storage change waits for the cooldown (6 h, or until optimization ends,
        // which can exceed 24 h) and for the baseline class change to be done.
        const cooldown = o.storageCooldown ?? Duration.hours(24);
        const notBefore = Math.max(raise.fireAt.getTime() + cooldown.toMilliseconds(),
          baselineClassChange ? baselineClassChange.fireAt.getTime() + after(classLead) : 0);
        changes.push(modifyChange(w.baseline, delayOf(notBefore - w.baseline.instant.getTime()), 'storage', peak, everyday,
          ChangeDirection.SCALE_DOWN, storageLead,
          this.storageInput(o.peakIops === undefined ? undefined : tier.iops ?? 12000,
            o.peakStorageThroughput === undefined ? undefined : tier.storageThroughput ?? 500)));
      }
    }

    // 3. Event replicas: created once the primary's modifications are done, configured like the
    //    always-on replicas, tagged with the event; removed step by step. The role may create
    //    only instances named and tagged for this event, and delete only those tagged so.
    const count = o.eventReplicas ?? 0;
    if (count > 0) {
      const pattern = `${tier.eventReplicaIdentifier(w.name, 0).slice(0, -1)}*`;
      const rdsArn = (resource: string, name: string) => stack.formatArn({
        service: 'rds', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      const replicaArn = rdsArn('db', pattern);
      const tagged = { StringEquals: { [`aws:RequestTag/${EVENT_TAG}`]: w.name } };
      const create = [
        new iam.PolicyStatement({
          actions: ['rds:CreateDBInstanceReadReplica', 'rds:AddTagsToResource'],
          resources: [replicaArn],
          conditions: tagged,
        }),
        // The other resources the call is authorized against (IAM Service Authorization Reference):
        // the source, its option group, the parameter group the replica inherits, the subnet group.
        new iam.PolicyStatement({
          actions: ['rds:CreateDBInstanceReadReplica'],
          resources: [primaryArn, rdsArn('og', tier.optionGroupName),
            rdsArn('pg', tier.parameterGroupName), rdsArn('subgrp', tier.subnetGroupName)],
        }),
      ];
      if (tier.monitoringRoleArn) {
        create.push(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [tier.monitoringRoleArn] }));
      }
      if (tier.storageEncryptionKeyArn) {
        create.push(new iam.PolicyStatement({
          actions: ['kms:CreateGrant', 'kms:DescribeKey'],
          resources: [tier.storageEncryptionKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': `rds.${Aws.REGION}.amazonaws.com` } },
        }));
      }
      const remove = new iam.PolicyStatement({
        actions: ['rds:DeleteDBInstance'],
        resources: [replicaArn],
        conditions: { StringEquals: { [`aws:ResourceTag/${EVENT_TAG}`]: w.name } },
      });
      Validations.of(scope).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${findingResource(scope, replicaArn)}]`,
        reason: `The wildcard covers only event '${w.name}'s read replicas (${tier.eventReplicaIdentifier(w.name, 1)} `
          + '…), which the schedules create and delete; creating needs the event\'s tag in the request and deleting '
          + 'needs it on the instance, and the primary and the always-on replicas match neither the name nor the tag.',
      });
      const replicaClass = this.eventReplicaClass;
      for (let k = 1; k <= count; k++) {
        const name = tier.eventReplicaIdentifier(w.name, k);
        changes.push(ScheduledChange.universal({
          step: w.prewarm,
          delay: delayOf(prewarmDelay),
          setting: `event replica ${k}`,
          // Built from a snapshot of the primary: its window is the primary's.
          resource: `rds:db:${tier.instanceIdentifier}`,
          before: 'none',
          after: `${name} (${replicaClass})`,
          beforeValue: k - 1,
          afterValue: k,
          direction: ChangeDirection.SCALE_UP,
          leadTime: o.replicaCreationLeadTime ?? Duration.hours(3),
          service: 'rds',
          action: 'createDBInstanceReadReplica',
          input: {
            SourceDBInstanceIdentifier: tier.instanceIdentifier,
            DbInstanceIdentifier: name,
            DbInstanceClass: replicaClass,
            // Same-Region replicas take the source's parameter group (the API does not accept
            // DbParameterGroupName for same-Region PostgreSQL or MySQL replicas); the role may still use it.
            DbSubnetGroupName: tier.subnetGroupName,
            VpcSecurityGroupIds: tier.securityGroupIds,
            StorageType: 'gp3',
            EnableIAMDatabaseAuthentication: tier.iamAuthentication,
            ...(tier.monitoringRoleArn ? { MonitoringInterval: 60, MonitoringRoleArn: tier.monitoringRoleArn } : {}),
            EnablePerformanceInsights: tier.performanceInsights,
            EnableCloudwatchLogsExports: tier.logExports,
            AutoMinorVersionUpgrade: true,
            PubliclyAccessible: false,
            DeletionProtection: false,
            Tags: [{ Key: EVENT_TAG, Value: w.name }],
          },
          policyStatements: create,
        }));
      }
      let remaining = count;
      for (const step of steps.slice(1)) {
        const target = steppedValue(count, 0, step.rampFraction);
        for (let k = remaining; k > target; k--) {
          const name = tier.eventReplicaIdentifier(w.name, k);
          changes.push(ScheduledChange.universal({
            step,
            setting: `event replica ${k}`,
            before: name,
            after: 'deleted',
            beforeValue: k,
            afterValue: k - 1,
            direction: ChangeDirection.SCALE_DOWN,
            leadTime: Duration.minutes(15),
            service: 'rds',
            action: 'deleteDBInstance',
            input: { DbInstanceIdentifier: name, SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
            policyStatements: [remove],
          }));
        }
        remaining = Math.min(remaining, target);
      }
      for (let k = 1; k <= count; k++) {
        instanceLogGroups(scope, `EventReplica${k}`, tier.eventReplicaIdentifier(w.name, k), tier.logExports);
      }
    }

    if (!tier.multiAz && this.ladder.length > 1) {
      warn(scope, 'single-az-class-change',
        `Tier '${this.tierName}' changes the class of a single-AZ primary: it is unavailable during each move. `
        + 'Use multiAz (a failover of 60-120 s instead).');
    }
    return {
      changes,
      alarms: this.alarms(scope, context, changes),
      dashboardGraphs: this.graphs(w.name),
      costBasis: {
        rdsEngine: tier.engine,
        multiAz: tier.multiAz,
        instanceClass: tier.instanceClass,
        eventReplicaInstanceClass: count > 0 ? this.eventReplicaClass : undefined,
        storageType: tier.storageType === 'unknown' ? undefined : tier.storageType,
        allocatedStorageGiB: tier.allocatedStorageGiB > 0 ? tier.allocatedStorageGiB : undefined,
        iops: tier.iops,
        storageThroughput: tier.storageThroughput,
      },
    };
  }

  /**
   * Read + write IOPS at 90 % of the provisioned IOPS in force (gp3: the everyday setting, or
   * 3,000 / 12,000 included below / from 400 GiB; io1/io2: as set), the event's raise from when
   * it has surely applied. Above it, requests queue (DiskQueueDepth) and latency climbs.
   */
  private iopsAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[]): TierAlarm | undefined {
    const tier = this.db;
    const type = tier.storageType.toLowerCase();
    const everyday = type === 'gp3' ? tier.iops ?? (tier.allocatedStorageGiB < 400 ? 3000 : 12000)
      : type === 'io1' || type === 'io2' ? tier.iops : undefined;
    if (everyday === undefined) {
      return undefined;
    }
    const w = context.window;
    const settled = (c: ScheduledChange) => c.settledAt(context.maximumEventAge).getTime();
    const storage = changes.filter((c) => c.options.setting === 'storage' && c.universalOptions?.input.Iops !== undefined);
    const limitChanges: LimitChange[] = [];
    let before = everyday;
    for (const c of storage) {
      const after = c.universalOptions!.input.Iops as number;
      limitChanges.push({ at: c.fireAt.getTime(), settledAt: settled(c), before, after });
      before = after;
    }
    const read = this.primaryMetric('ReadIOPS', cloudwatch.Stats.AVERAGE);
    const expression = expressionAgainstLimit(scope, `rds:db:${tier.instanceIdentifier}:iops`, {
      eventName: w.name,
      ...changeSpan(w, changes, context.maximumEventAge),
      initial: everyday,
      changes: limitChanges,
    }, { time: 't', guard: 'r >= 0 AND w >= 0', segment: (v) => `100 * (r + w) / ${v}`, quiet: '0' });
    return {
      id: 'storage-iops',
      description: `RDS ${tier.construct.node.path}: read + write IOPS at 90 % of the storage's provisioned IOPS in force `
        + `for 3 minutes (${everyday} everyday; an event's raise counts once surely applied, and stays in force unless an `
        + 'event restores it): requests queue and latency climbs.',
      metric: new cloudwatch.MathExpression({
        expression,
        usingMetrics: { r: read, w: this.primaryMetric('WriteIOPS', cloudwatch.Stats.AVERAGE), t: timeOf('r', read) },
        label: 'IOPS (% of provisioned in force)',
        period: Duration.minutes(1),
      }),
      threshold: 90,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: ALWAYS_EMITTED,
    };
  }

  /**
   * The connections alarm: DatabaseConnections in percent of the max_connections of the class in
   * force at each minute (the lower one while a class change may be under way, retries included).
   */
  private connectionsAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[]): TierAlarm {
    const w = context.window;
    const tier = this.db;
    // The lower bound of a class-derived value: the alarm must not fire late for an optimistic limit.
    const limitOf = (name: string) => maxConnectionsFor(parseInstanceClass(name)!, tier.parameters, tier.engine, 'lower');
    const settled = (c: ScheduledChange) => c.settledAt(context.maximumEventAge).getTime();
    const classChanges: LimitChange[] = changes.filter((c) => c.options.setting === 'instance class').map((c) => ({
      at: c.fireAt.getTime(), settledAt: settled(c), before: limitOf(c.options.before), after: limitOf(c.options.after),
    }));
    const ratio = this.options.connectionsAlarmRatio ?? 0.8;
    const percent = Math.round(ratio * 1000) / 10;
    const peak = this.ladder[0].name;
    const expression = expressionAgainstLimit(scope, `rds:db:${tier.instanceIdentifier}:max_connections`, {
      eventName: w.name,
      ...changeSpan(w, changes, context.maximumEventAge),
      initial: limitOf(tier.instanceClass),
      changes: classChanges,
    }, { time: 't', guard: 'connections >= 0', segment: (v) => `100 * connections / ${v}`, quiet: '0' });
    const connections = this.primaryMetric('DatabaseConnections', cloudwatch.Stats.MAXIMUM);
    return {
      id: 'connections',
      description: `RDS ${this.db.construct.node.path}: connections at ${percent} % of the max_connections in force `
        + `(${limitOf(tier.instanceClass)} on the everyday ${tier.instanceClass}`
        + (peak === tier.instanceClass ? '' : `, ${limitOf(peak)} on ${peak} at peak, and each ramp-down class's in turn`) + ')'
        + (tier.parameters.max_connections === undefined ? ': the default formula on each class\'s memory less what the OS '
          + `and RDS are taken to keep (${Math.round(RESERVED_MEMORY_SHARE * 100)} %, at least 512 MiB; AWS publishes no `
          + 'figure), a low estimate so the alarm is not late. Pin max_connections for an exact limit.' : '.'),
      metric: new cloudwatch.MathExpression({
        expression,
        usingMetrics: { connections, t: timeOf('connections', connections) },
        label: 'Connections (% of max_connections in force)',
        period: Duration.minutes(1),
      }),
      threshold: percent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: ALWAYS_EMITTED,
    };
  }

  /** A ModifyDBInstance storage request: the current size with the IOPS/throughput to set. */
  private storageInput(iops: number | undefined, throughput: number | undefined): { [key: string]: any } {
    const input: { [key: string]: any } = { AllocatedStorage: this.db.allocatedStorageGiB };
    if (iops !== undefined) {
      input.Iops = iops;
    }
    if (throughput !== undefined) {
      input.StorageThroughput = throughput;
    }
    return input;
  }

  /** The event replicas' class: `eventReplicaInstanceType`, else the always-on replicas'. */
  private get eventReplicaClass(): string {
    const type = this.options.eventReplicaInstanceType;
    return type ? `db.${type}` : this.db.replicaInstanceClass;
  }

  /** Checks what depends on the event's name: the event replicas' identifiers. */
  private validateForEvent(eventName: string): void {
    const count = this.options.eventReplicas ?? 0;
    const longest = count > 0 ? this.db.eventReplicaIdentifier(eventName, count) : '';
    if (longest.length > MAX_INSTANCE_IDENTIFIER) {
      throw new ValidationError(`${this.db.subject} (tier '${this.tierName}'): event replica identifier '${longest}' is `
        + `${longest.length} characters; RDS allows ${MAX_INSTANCE_IDENTIFIER}. Use a shorter instanceIdentifier or event name.`,
      this.db.construct);
    }
  }

  /**
   * A PostgreSQL hot standby pauses replay while any of its hot-standby settings is below the
   * primary's. The primary takes every class of the ladder; the replicas keep theirs.
   */
  private hotStandbyProblems(ladder: RdsInstanceClass[]): string[] {
    const o = this.options;
    const tier = this.db;
    const replicaClasses = new Set<string>();
    if (tier.replicaIdentifiers.length > 0) {
      replicaClasses.add(tier.replicaInstanceClass);
    }
    if ((o.eventReplicas ?? 0) > 0) {
      replicaClasses.add(this.eventReplicaClass);
    }
    const replicas = [...replicaClasses].map((c) => parseInstanceClass(c)).filter((c): c is RdsInstanceClass => !!c);
    if (replicas.length === 0) {
      return [];
    }
    const problems: string[] = [];
    for (const name of HOT_STANDBY_PARAMETERS) {
      if (ladder.concat(replicas).some((c) => hotStandbyValue(name, c, tier.parameters) === undefined)) {
        problems.push(`parameter ${name} is '${tier.parameters[name]}', which cannot be checked against the hot-standby `
          + 'rule (a replica\'s value must be at least the primary\'s at every class): set it to a number');
        continue;
      }
      // A memory-derived value (max_connections from the default formula) is known only between
      // bounds, DBInstanceClassMemory being less than the class's memory: a replica is surely high
      // enough when it is of the primary's family with at least its memory (the formula grows with
      // it), or when its lowest value reaches the primary's highest. Other values are exact.
      const value = (c: RdsInstanceClass, bound: Bound) => hotStandbyValue(name, c, tier.parameters, bound)!;
      const highest = ladder.reduce((a, b) => (value(b, 'upper') > value(a, 'upper') ? b : a));
      const top = value(highest, 'upper');
      const surelyAsHigh = (c: RdsInstanceClass) => value(c, 'lower') >= top
        || (value(c, 'lower') !== value(c, 'upper') && c.family === highest.family && memoryGiB(c) >= memoryGiB(highest));
      const r = replicas.find((c) => !surelyAsHigh(c));
      if (r) {
        const derived = value(r, 'lower') !== value(r, 'upper');
        problems.push(`${name} would be ${derived ? `as low as ${value(r, 'lower')} (the default formula on the class's memory `
          + 'less what the OS and RDS are taken to keep)' : value(r, 'lower')} on read replicas of class ${r.name} `
          + `but ${derived ? 'up to ' : ''}${top} on the primary at ${highest.name}; a PostgreSQL hot standby pauses replay when `
          + `its value is below the primary's. Pin it in the parameter group (e.g. ${name}: '${top}'; a static parameter: `
          + `instances take it at their next reboot: reboot them before the event) or use replicas of class ${highest.name}`);
      }
    }
    return problems;
  }

  /** The primary's class at a step: the ladder entry for its ramp fraction. */
  private classAt(step: TimelineStep): string {
    const ladder = this.ladder;
    const index = Math.round(step.rampFraction * (ladder.length - 1));
    return ladder[index].name;
  }

  private replicaIds(eventName: string): string[] {
    const count = this.options.eventReplicas ?? 0;
    return [...this.db.replicaIdentifiers,
      ...Array.from({ length: count }, (_, i) => this.db.eventReplicaIdentifier(eventName, i + 1))];
  }

  private alarms(scope: Construct, context: TierEventContext, changes: ScheduledChange[]): TierAlarm[] {
    const eventName = context.window.name;
    const o = this.options;
    const tier = this.db;
    const path = tier.construct.node.path;
    const latency = (o.latencyAlarmThreshold ?? Duration.millis(20)).toMilliseconds() / 1000;
    const alarms: TierAlarm[] = [
      {
        id: 'cpu',
        description: `RDS ${path} primary CPU is high for 2 minutes.`,
        metric: this.primaryMetric('CPUUtilization', cloudwatch.Stats.MAXIMUM),
        threshold: o.cpuAlarmThreshold ?? 70,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: ALWAYS_EMITTED,
      },
      this.connectionsAlarm(scope, context, changes),
      {
        id: 'freeable-memory',
        description: `RDS ${path} primary is short of memory.`,
        metric: this.primaryMetric('FreeableMemory', cloudwatch.Stats.MINIMUM),
        threshold: 1024 ** 3,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: ALWAYS_EMITTED,
      },
      {
        id: 'free-storage',
        description: `RDS ${path} primary has less than 10 % of its storage free.`,
        metric: this.primaryMetric('FreeStorageSpace', cloudwatch.Stats.MINIMUM),
        threshold: Math.floor(tier.allocatedStorageGiB * 1024 ** 3 * 0.1),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: ALWAYS_EMITTED,
      },
      {
        id: 'read-latency',
        description: `RDS ${path} primary read latency is high (seconds).`,
        metric: this.primaryMetric('ReadLatency', cloudwatch.Stats.AVERAGE),
        threshold: latency,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: ALWAYS_EMITTED,
      },
      {
        id: 'write-latency',
        description: `RDS ${path} primary write latency is high (seconds).`,
        metric: this.primaryMetric('WriteLatency', cloudwatch.Stats.AVERAGE),
        threshold: latency,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: ALWAYS_EMITTED,
      },
    ];
    // A CloudWatch alarm on a math expression takes at most 10 metrics: up to 15 replicas
    // need two alarms of each kind (`replica-lag`, `replica-lag-2`).
    //
    // PostgreSQL's ReplicaLag is now − the last replayed commit: it grows while the primary
    // commits nothing, so an idle primary would trip a plain lag alarm. The lag counts only in
    // minutes the primary writes WAL (TransactionLogsGeneration > 0). PostgreSQL never reports
    // -1 for a replica that stopped replicating; its lag grows while the primary writes, which
    // this alarm catches. MySQL reports -1 (and its lag is measured from the binlog, so an idle
    // primary is quiet): there, `replica-stopped` watches for it.
    const iops = this.iopsAlarm(scope, context, changes);
    if (iops) {
      alarms.push(iops);
    }
    // Classes below 4xlarge burst their EBS bandwidth (EBSIOBalance%, EBSByteBalance%); the larger
    // ones report neither, so a minute without them is not breaching. A smaller ramp-down step
    // running out of burst is throttled to its baseline bandwidth, whatever the IOPS raise.
    alarms.push({
      id: 'ebs-burst-balance',
      description: `RDS ${path}: the primary's EBS burst balance (I/O or throughput) is below 20 %: once spent, its `
        + 'storage I/O is throttled to the class\'s baseline bandwidth.',
      metric: new cloudwatch.MathExpression({
        expression: 'MIN([io, bytes])',
        usingMetrics: {
          io: this.primaryMetric('EBSIOBalance%', cloudwatch.Stats.MINIMUM),
          bytes: this.primaryMetric('EBSByteBalance%', cloudwatch.Stats.MINIMUM),
        },
        label: 'Lowest EBS burst balance (%)',
        period: Duration.minutes(1),
      }),
      threshold: 20,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
    });
    const postgres = tier.engine === 'postgres';
    const replicas = this.replicaIds(eventName);
    // Beside the replicas' lags, an alarm reads PostgreSQL's WAL generation, and with event
    // replicas the time (an expression of its own, which aws-cdk-lib counts among the 10).
    const timedAlarms = (o.eventReplicas ?? 0) > 0;
    const perAlarm = MAX_ALARM_METRICS - (postgres ? 1 : 0) - (timedAlarms ? 1 : 0);
    for (let first = 0; first < replicas.length; first += perAlarm) {
      const group = replicas.slice(first, first + perAlarm);
      const suffix = first === 0 ? '' : `-${first / perAlarm + 1}`;
      const of = replicas.length > perAlarm ? ` (${group[0]} to ${group[group.length - 1]})` : '';
      const lags: { [id: string]: cloudwatch.IMetric } = {};
      group.forEach((id, i) => {
        lags[`r${i}`] = tier.metricOfInstance(id, 'ReplicaLag', { statistic: cloudwatch.Stats.MAXIMUM });
      });
      const names = Object.keys(lags).join(', ');
      // An event replica catches up from its snapshot after it is created: large lag that is no
      // fault. It counts from the time its creation has settled (lead time and retries) on.
      const settling = group.map((id, i) => {
        const creation = changes.find((c) => c.universalOptions?.action === 'createDBInstanceReadReplica'
          && c.universalOptions.input.DbInstanceIdentifier === id);
        return creation ? { name: `r${i}`, settled: Math.ceil(creation.settledAt(context.maximumEventAge).getTime() / 1000) } : undefined;
      });
      const lagTerms = Object.keys(lags).map((name, i) => {
        const s = settling[i];
        return s ? `IF(t < ${s.settled}, 0, ${name})` : name;
      }).join(', ');
      const wal = this.primaryMetric('TransactionLogsGeneration', cloudwatch.Stats.AVERAGE);
      const timed = settling.some(Boolean);
      const threshold = (o.replicaLagAlarmThreshold ?? Duration.seconds(5)).toMilliseconds() / 1000;
      const caughtUp = timed ? ' Event replicas count once their creation has settled (they catch up from a snapshot first).' : '';
      alarms.push(postgres ? {
        id: `replica-lag${suffix}`,
        description: `RDS ${path}: a read replica${of} lags the primary (seconds) while the primary writes, or has `
          + `stopped replicating.${caughtUp}`,
        metric: new cloudwatch.MathExpression({
          expression: `IF(wal > 0, MAX([${lagTerms}]), 0)`,
          usingMetrics: { ...lags, wal, ...(timed ? { t: timeOf('wal', wal) } : {}) },
          label: 'Replica lag while the primary writes (s)',
          period: Duration.minutes(1),
        }),
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      } : {
        id: `replica-lag${suffix}`,
        description: `RDS ${path}: a read replica${of} lags the primary (seconds).${caughtUp}`,
        metric: new cloudwatch.MathExpression({
          expression: `MAX([${lagTerms}])`,
          // The time of the primary's CPU datapoints (every minute it runs), read for no other value.
          usingMetrics: { ...lags, ...(timed ? { t: timeOf('cpu', this.primaryMetric('CPUUtilization', cloudwatch.Stats.MAXIMUM)) } : {}) },
          label: 'Replica lag (s)',
          period: Duration.minutes(1),
        }),
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      });
      if (!postgres) {
        alarms.push({
          id: `replica-stopped${suffix}`,
          description: `RDS ${path}: a read replica${of} reports ReplicaLag -1 (not replicating).`,
          metric: new cloudwatch.MathExpression({ expression: `MIN([${names}])`, usingMetrics: lags, label: 'Lowest replica lag (s)', period: Duration.minutes(1) }),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 3,
        });
      }
    }
    return alarms;
  }

  /** A metric of the primary. */
  private primaryMetric(metricName: string, statistic: string): cloudwatch.Metric {
    return this.db.metric(metricName, { statistic });
  }

  private graphs(eventName: string): TierDashboardGraph[] {
    const tier = this.db;
    const lags = this.replicaIds(eventName).map((id) => tier.metricOfInstance(id, 'ReplicaLag', { statistic: cloudwatch.Stats.MAXIMUM, label: id }));
    const graphs: TierDashboardGraph[] = [
      {
        title: 'RDS CPU and connections',
        left: [this.primaryMetric('CPUUtilization', cloudwatch.Stats.MAXIMUM)],
        right: [this.primaryMetric('DatabaseConnections', cloudwatch.Stats.MAXIMUM)],
      },
      {
        title: 'RDS latency (s)',
        left: [this.primaryMetric('ReadLatency', cloudwatch.Stats.AVERAGE), this.primaryMetric('WriteLatency', cloudwatch.Stats.AVERAGE)],
      },
      {
        title: 'RDS IOPS and disk queue depth',
        left: [this.primaryMetric('ReadIOPS', cloudwatch.Stats.AVERAGE), this.primaryMetric('WriteIOPS', cloudwatch.Stats.AVERAGE)],
        right: [this.primaryMetric('DiskQueueDepth', cloudwatch.Stats.AVERAGE)],
      },
      {
        title: 'RDS EBS burst balance (%, classes that burst)',
        left: [this.primaryMetric('EBSIOBalance%', cloudwatch.Stats.MINIMUM), this.primaryMetric('EBSByteBalance%', cloudwatch.Stats.MINIMUM)],
      },
      {
        title: 'RDS memory and storage (bytes)',
        left: [this.primaryMetric('FreeableMemory', cloudwatch.Stats.MINIMUM)],
        right: [this.primaryMetric('FreeStorageSpace', cloudwatch.Stats.MINIMUM)],
      },
    ];
    if (lags.length > 0) {
      const threshold = (this.options.replicaLagAlarmThreshold ?? Duration.seconds(5)).toMilliseconds() / 1000;
      graphs.push({ title: 'RDS replica lag (s)', left: lags, leftAnnotations: [{ value: threshold, label: 'alarm threshold' }] });
    }
    return graphs;
  }

  private validate(): RdsInstanceClass[] {
    const o = this.options;
    const tier = this.db;
    const problems: string[] = [];
    const baseline = parseInstanceClass(tier.instanceClass)!;
    let ladder: RdsInstanceClass[] = [baseline];
    if (o.peakInstanceType) {
      const peak = parseInstanceClass(o.peakInstanceType.toString());
      if (!peak) {
        problems.push(`peakInstanceType db.${o.peakInstanceType} is not offered by ${tier.engineLabel}`);
      } else if (peak.family !== baseline.family) {
        problems.push(`peakInstanceType ${peak.name} is from another family than the everyday ${baseline.name}; `
          + 'a class change within the family keeps the same engine build and storage behaviour');
      } else if (compareSizes(peak.size, baseline.size) < 0) {
        problems.push(`peakInstanceType ${peak.name} is smaller than the everyday ${baseline.name}`);
      } else if (o.instanceClassLadder) {
        const given = o.instanceClassLadder.map((t) => ({ text: `db.${t}`, parsed: parseInstanceClass(t.toString()) }));
        let previous = peak;
        for (const step of given) {
          if (!step.parsed) {
            problems.push(`instanceClassLadder: ${step.text} is not offered by ${tier.engineLabel}`);
          } else if (step.parsed.family !== peak.family) {
            problems.push(`instanceClassLadder: ${step.text} is from another family than ${peak.name}`);
          } else if (compareSizes(step.parsed.size, previous.size) >= 0 || compareSizes(step.parsed.size, baseline.size) <= 0) {
            problems.push(`instanceClassLadder: ${step.text} must be smaller than ${previous.name} and larger than the `
              + `everyday ${baseline.name} (largest first)`);
          } else {
            previous = step.parsed;
          }
        }
        ladder = [peak, ...given.map((g) => g.parsed!).filter(Boolean), baseline];
      } else {
        ladder = halvingLadder(peak, baseline);
      }
    } else if (o.instanceClassLadder) {
      problems.push('instanceClassLadder needs peakInstanceType');
    }
    const count = o.eventReplicas ?? 0;
    if (!isWholeNumber(count) || count < 0) {
      problems.push(`eventReplicas must be a whole number of at least 0, got ${count}`);
    } else if (tier.replicaIdentifiers.length + count > MAX_RDS_READ_REPLICAS) {
      problems.push(`${tier.replicaIdentifiers.length} everyday replicas + ${count} event replicas = `
        + `${tier.replicaIdentifiers.length + count}, more than the ${MAX_RDS_READ_REPLICAS} read replicas ${tier.engineLabel} allows`);
    }
    if (o.eventReplicaInstanceType && !parseInstanceClass(o.eventReplicaInstanceType.toString())) {
      problems.push(`eventReplicaInstanceType db.${o.eventReplicaInstanceType} is not offered by ${tier.engineLabel}`);
    }
    if (o.peakIops !== undefined || o.peakStorageThroughput !== undefined) {
      problems.push(...gp3Problems({ iops: 'peakIops', throughput: 'peakStorageThroughput' }, tier.allocatedStorageGiB,
        o.peakIops, o.peakStorageThroughput));
      // gp3 from 400 GiB includes 12,000 IOPS and 500 MiB/s. Below 400 GiB the size is the
      // one problem: comparing with an everyday figure that size cannot have would contradict it.
      const sized = tier.allocatedStorageGiB >= 400;
      const everydayIops = tier.iops ?? 12000;
      const everydayThroughput = tier.storageThroughput ?? 500;
      if (sized && o.peakIops !== undefined && o.peakIops <= everydayIops) {
        problems.push(`peakIops (${o.peakIops}) must be above the everyday ${everydayIops}: storage is raised before `
          + 'the event, never lowered during it');
      }
      if (sized && o.peakStorageThroughput !== undefined && o.peakStorageThroughput <= everydayThroughput) {
        problems.push(`peakStorageThroughput (${o.peakStorageThroughput}) must be above the everyday ${everydayThroughput}`);
      }
    } else if (o.restoreStorageAfterEvent) {
      problems.push('restoreStorageAfterEvent needs peakIops or peakStorageThroughput');
    }
    // RDS blocks storage changes for 6 hours after one.
    checkDuration(problems, 'storageCooldown', o.storageCooldown,
      { minMs: STORAGE_COOLDOWN.toMilliseconds(), maxMs: 90 * 86400_000, wholeMinutes: true, allowed: 'from 6 hours to 90 days' });
    checkDuration(problems, 'failoverGapAfterEnd', o.failoverGapAfterEnd,
      { minMs: 0, maxMs: 90 * 86400_000, wholeMinutes: true, allowed: 'from 0 to 90 days' });
    checkDuration(problems, 'instanceClassChangeLeadTime', o.instanceClassChangeLeadTime, LEAD_TIME);
    checkDuration(problems, 'replicaCreationLeadTime', o.replicaCreationLeadTime, LEAD_TIME);
    checkDuration(problems, 'storageChangeLeadTime', o.storageChangeLeadTime, LEAD_TIME);
    if (tier.engine === 'postgres') {
      problems.push(...this.hotStandbyProblems(ladder));
    }
    checkNumber(problems, 'connectionsAlarmRatio', o.connectionsAlarmRatio, { above: 0, max: 1 });
    checkNumber(problems, 'cpuAlarmThreshold', o.cpuAlarmThreshold, { above: 0, max: 100 });
    checkDuration(problems, 'replicaLagAlarmThreshold', o.replicaLagAlarmThreshold,
      { aboveMs: 0, maxMs: 86400_000, allowed: 'whole milliseconds, more than 0 and at most 24 hours' });
    checkDuration(problems, 'latencyAlarmThreshold', o.latencyAlarmThreshold,
      { aboveMs: 0, maxMs: 3600_000, allowed: 'whole milliseconds, more than 0 and at most 1 hour' });
    ValidationError.throwIfAny(`${tier.subject} (tier '${this.tierName}')`, problems, tier.construct);
    return ladder;
  }
}

function storageText(iops: number, throughput: number): string {
  return `${iops} IOPS / ${throughput} MiB/s`;
}
