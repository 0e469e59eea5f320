import { Annotations, ArnFormat, Aws, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { RdsTier } from './rds-tier';
import { ValidationError } from '../errors';
import { TimelineStep } from '../event/timeline-step';
import { ChangeDirection, ScheduledChange } from '../readiness/scheduled-change';
import { ITierEventPlan, TierAlarm, TierDashboardGraph, TierEventBinding, TierEventContext } from '../readiness/tier-plan';
import { defaultTierName, isWholeNumber, rampSteps, steppedValue } from '../private/plan-helpers';
import {
  compareSizes, gp3Problems, halvingLadder, MAX_RDS_READ_REPLICAS, parseInstanceClass,
  maxConnectionsFor, RdsInstanceClass,
} from '../private/rds-instance-classes';

/** Storage changes on RDS cool down for at least this long before the next one. */
const STORAGE_COOLDOWN = Duration.hours(6);

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
   * Read replicas created for the event, named `<instanceIdentifier>-event-<n>`, and
   * removed step by step over the ramp-down. Everyday plus event replicas: at most 15.
   * Their final snapshots are skipped: a replica holds no unique data.
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
   * Lower IOPS and throughput back at the baseline step. Only allowed when the baseline
   * step is at least 6 hours after prewarm (storage changes cool down for 6 h).
   * @default false
   */
  readonly restoreStorageAfterEvent?: boolean;
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
   * Alarm when connections reach this share of the peak class's max_connections.
   * @default 0.8
   */
  readonly connectionsAlarmRatio?: number;
  /**
   * Alarm when read or write latency stays above this (3 minutes).
   * @default Duration.millis(20)
   */
  readonly latencyAlarmThreshold?: Duration;
}

/** @internal */
export class RdsTierPlan implements ITierEventPlan {
  public readonly tierName: string;
  private readonly ladder: RdsInstanceClass[];

  constructor(public readonly tier: RdsTier, private readonly options: RdsTierEventOptions) {
    this.tierName = options.tierName ?? defaultTierName(tier.node.id);
    this.ladder = this.validate();
  }

  public bind(scope: Construct, context: TierEventContext): TierEventBinding {
    const w = context.window;
    const o = this.options;
    const tier = this.tier;
    const changes: ScheduledChange[] = [];
    const primaryArn = tier.primary.instanceArn;
    const modify = new iam.PolicyStatement({ actions: ['rds:ModifyDBInstance'], resources: [primaryArn] });
    const classLead = o.instanceClassChangeLeadTime ?? Duration.minutes(45);
    const storageLead = o.storageChangeLeadTime ?? Duration.minutes(30);
    const raisesStorage = o.peakIops !== undefined || o.peakStorageThroughput !== undefined;
    const steps = rampSteps(w);

    // 1. The primary: one ModifyDBInstance at prewarm (class and storage together: a second
    //    modification of a modifying instance is rejected), then down the ladder.
    let prewarmModifyLead: Duration | undefined;
    let previousClass = tier.instanceClass;
    for (const step of steps) {
      const cls = this.classAt(step);
      const input: { [key: string]: any } = { DbInstanceIdentifier: tier.instanceIdentifier };
      const from: string[] = [];
      const to: string[] = [];
      const leads: Duration[] = [];
      if (cls !== previousClass) {
        input.DbInstanceClass = cls;
        from.push(previousClass);
        to.push(cls);
        leads.push(classLead);
      }
      const isPrewarm = step.rampFraction === 0;
      const restoresStorage = step.rampFraction >= 1 && raisesStorage && o.restoreStorageAfterEvent;
      if ((isPrewarm && raisesStorage) || restoresStorage) {
        const iops = isPrewarm ? o.peakIops : tier.iops;
        const throughput = isPrewarm ? o.peakStorageThroughput : tier.storageThroughput;
        if (o.peakIops !== undefined) {
          input.Iops = iops ?? 12000;
        }
        if (o.peakStorageThroughput !== undefined) {
          input.StorageThroughput = throughput ?? 500;
        }
        from.push(storageText(isPrewarm ? tier.iops : o.peakIops, isPrewarm ? tier.storageThroughput : o.peakStorageThroughput));
        to.push(storageText(iops, throughput));
        leads.push(storageLead);
      }
      if (to.length === 0) {
        continue;
      }
      input.ApplyImmediately = true;
      const lead = leads.reduce((a, b) => (a.toMilliseconds() >= b.toMilliseconds() ? a : b));
      if (isPrewarm) {
        prewarmModifyLead = lead;
      }
      changes.push(ScheduledChange.universal({
        step,
        setting: input.DbInstanceClass && (input.Iops || input.StorageThroughput) ? 'instance class and storage'
          : input.DbInstanceClass ? 'instance class' : 'storage',
        subject: 'primary instance',
        from: from.join(', '),
        to: to.join(', '),
        direction: isPrewarm ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN,
        leadTime: lead,
        service: 'rds',
        action: 'modifyDBInstance',
        input,
        policyStatements: [modify],
      }));
      if (input.DbInstanceClass) {
        previousClass = cls;
      }
    }
    if (raisesStorage && o.restoreStorageAfterEvent) {
      const gap = w.baseline.instant.getTime() - w.prewarm.instant.getTime();
      if (gap < STORAGE_COOLDOWN.toMilliseconds()) {
        throw new ValidationError(`RdsTier.forEvent (tier '${this.tierName}'): restoreStorageAfterEvent lowers storage `
          + `at baseline (${w.baseline.utc}), only ${Math.floor(gap / 60000)} min after the raise at prewarm `
          + `(${w.prewarm.utc}); storage changes cool down for 6 h. Lengthen the ramp-down or keep the raised storage.`,
        tier);
      }
    }

    // 2. Event replicas: created once the primary's modification is done, removed step by step.
    const count = o.eventReplicas ?? 0;
    if (count > 0) {
      const prefix = tier.eventReplicaPrefix;
      const stack = tier.primary.stack;
      const replicaArn = stack.formatArn({ service: 'rds', resource: 'db', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      const parameterGroupArn = stack.formatArn({
        service: 'rds', resource: 'pg', resourceName: tier.parameterGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      const create = [
        new iam.PolicyStatement({ actions: ['rds:CreateDBInstanceReadReplica'], resources: [replicaArn, primaryArn, parameterGroupArn] }),
        new iam.PolicyStatement({ actions: ['rds:AddTagsToResource'], resources: [replicaArn] }),
      ];
      if (tier.storageEncryptionKey) {
        create.push(new iam.PolicyStatement({
          actions: ['kms:CreateGrant', 'kms:DescribeKey'],
          resources: [tier.storageEncryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `rds.${Aws.REGION}.amazonaws.com` } },
        }));
      }
      const remove = new iam.PolicyStatement({ actions: ['rds:DeleteDBInstance'], resources: [replicaArn] });
      Validations.of(scope).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:db:${prefix}*]`,
        reason: `The wildcard covers only this event's read replicas (${prefix}1 … ${prefix}${count}), which the `
          + 'schedules create and delete; the primary and the always-on replicas are outside the prefix.',
      });
      const replicaClass = o.eventReplicaInstanceType ? `db.${o.eventReplicaInstanceType}` : tier.replicaInstanceClass;
      for (let k = 1; k <= count; k++) {
        const name = `${prefix}${k}`;
        changes.push(ScheduledChange.universal({
          step: w.prewarm,
          delay: prewarmModifyLead,
          setting: `event replica ${k}`,
          from: 'none',
          to: `${name} (${replicaClass})`,
          fromValue: k - 1,
          toValue: k,
          direction: ChangeDirection.SCALE_UP,
          leadTime: o.replicaCreationLeadTime ?? Duration.hours(3),
          service: 'rds',
          action: 'createDBInstanceReadReplica',
          input: {
            SourceDbInstanceIdentifier: tier.instanceIdentifier,
            DbInstanceIdentifier: name,
            DbInstanceClass: replicaClass,
            DbParameterGroupName: tier.parameterGroupName,
            PubliclyAccessible: false,
            Tags: [{ Key: 'cdk-event-readiness:event', Value: w.name }],
          },
          policyStatements: create,
        }));
      }
      let remaining = count;
      for (const step of steps.slice(1)) {
        const target = steppedValue(count, 0, step.rampFraction);
        for (let k = remaining; k > target; k--) {
          const name = `${prefix}${k}`;
          changes.push(ScheduledChange.universal({
            step,
            setting: `event replica ${k}`,
            from: name,
            to: 'deleted',
            fromValue: k,
            toValue: k - 1,
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
    }

    if (!tier.multiAz && this.ladder.length > 1) {
      Annotations.of(scope).addWarningV2('cdk-event-readiness:single-az-class-change',
        `Tier '${this.tierName}' changes the class of a single-AZ primary: it is unavailable during each move. `
        + 'Use multiAz (a failover of 60-120 s instead).');
    }
    return { changes, alarms: this.alarms(), dashboardGraphs: this.graphs() };
  }

  /** The primary's class at a step: the ladder entry for its ramp fraction. */
  private classAt(step: TimelineStep): string {
    const ladder = this.ladder;
    const index = Math.round(step.rampFraction * (ladder.length - 1));
    return ladder[index].name;
  }

  private replicaIds(): string[] {
    const count = this.options.eventReplicas ?? 0;
    return [...this.tier.replicaIdentifiers,
      ...Array.from({ length: count }, (_, i) => `${this.tier.eventReplicaPrefix}${i + 1}`)];
  }

  private alarms(): TierAlarm[] {
    const o = this.options;
    const tier = this.tier;
    const path = tier.node.path;
    const peakClass = this.ladder[0];
    const maxConnections = maxConnectionsFor(peakClass, tier.parameters);
    const latency = (o.latencyAlarmThreshold ?? Duration.millis(20)).toMilliseconds() / 1000;
    const alarms: TierAlarm[] = [
      {
        id: 'cpu',
        description: `RDS ${path} primary CPU is high for 2 minutes.`,
        metric: tier.metricCpuUtilization(),
        threshold: o.cpuAlarmThreshold ?? 70,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
      },
      {
        id: 'connections',
        description: `RDS ${path} connections near max_connections (${maxConnections} on ${peakClass.name}).`,
        metric: tier.metricConnections(),
        threshold: Math.floor(maxConnections * (o.connectionsAlarmRatio ?? 0.8)),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
      },
      {
        id: 'freeable-memory',
        description: `RDS ${path} primary is short of memory.`,
        metric: tier.metricFreeableMemory(),
        threshold: 1024 ** 3,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 5,
      },
      {
        id: 'free-storage',
        description: `RDS ${path} primary has less than 10 % of its storage free.`,
        metric: tier.metricFreeStorage(),
        threshold: Math.floor(tier.allocatedStorageGiB * 1024 ** 3 * 0.1),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 5,
      },
      {
        id: 'read-latency',
        description: `RDS ${path} primary read latency is high (seconds).`,
        metric: tier.metricReadLatency(),
        threshold: latency,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      },
      {
        id: 'write-latency',
        description: `RDS ${path} primary write latency is high (seconds).`,
        metric: tier.metricWriteLatency(),
        threshold: latency,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      },
    ];
    const replicas = this.replicaIds();
    if (replicas.length > 0) {
      const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
      replicas.forEach((id, i) => {
        usingMetrics[`r${i}`] = tier.metricOfInstance(id, 'ReplicaLag', { statistic: cloudwatch.Stats.MAXIMUM });
      });
      const names = Object.keys(usingMetrics).join(', ');
      alarms.push({
        id: 'replica-lag',
        description: `RDS ${path}: a read replica lags the primary (seconds).`,
        metric: new cloudwatch.MathExpression({ expression: `MAX([${names}])`, usingMetrics, label: 'Replica lag (s)', period: Duration.minutes(1) }),
        threshold: (o.replicaLagAlarmThreshold ?? Duration.seconds(5)).toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      });
      alarms.push({
        id: 'replica-stopped',
        description: `RDS ${path}: a read replica reports ReplicaLag -1 (not replicating).`,
        metric: new cloudwatch.MathExpression({ expression: `MIN([${names}])`, usingMetrics, label: 'Lowest replica lag (s)', period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
      });
    }
    return alarms;
  }

  private graphs(): TierDashboardGraph[] {
    const tier = this.tier;
    const lags = this.replicaIds().map((id) => tier.metricOfInstance(id, 'ReplicaLag', { statistic: cloudwatch.Stats.MAXIMUM, label: id }));
    const graphs: TierDashboardGraph[] = [
      { title: 'RDS CPU and connections', left: [tier.metricCpuUtilization()], right: [tier.metricConnections()] },
      { title: 'RDS latency (s)', left: [tier.metricReadLatency(), tier.metricWriteLatency()] },
      { title: 'RDS memory and storage (bytes)', left: [tier.metricFreeableMemory()], right: [tier.metricFreeStorage()] },
    ];
    if (lags.length > 0) {
      graphs.push({ title: 'RDS replica lag (s)', left: lags, leftAnnotations: [{ value: 5, label: 'seed: 2-5 s' }] });
    }
    return graphs;
  }

  private validate(): RdsInstanceClass[] {
    const o = this.options;
    const tier = this.tier;
    const problems: string[] = [];
    const baseline = parseInstanceClass(tier.instanceClass)!;
    let ladder: RdsInstanceClass[] = [baseline];
    if (o.peakInstanceType) {
      const peak = parseInstanceClass(o.peakInstanceType.toString());
      if (!peak) {
        problems.push(`peakInstanceType db.${o.peakInstanceType} is not offered by RDS for PostgreSQL`);
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
            problems.push(`instanceClassLadder: ${step.text} is not offered by RDS for PostgreSQL`);
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
        + `${tier.replicaIdentifiers.length + count}, more than the ${MAX_RDS_READ_REPLICAS} read replicas PostgreSQL allows`);
    }
    if (o.eventReplicaInstanceType && !parseInstanceClass(o.eventReplicaInstanceType.toString())) {
      problems.push(`eventReplicaInstanceType db.${o.eventReplicaInstanceType} is not offered by RDS for PostgreSQL`);
    }
    if (o.peakIops !== undefined || o.peakStorageThroughput !== undefined) {
      problems.push(...gp3Problems('peak ', tier.allocatedStorageGiB, o.peakIops, o.peakStorageThroughput));
      // gp3 from 400 GiB includes 12,000 IOPS and 500 MiB/s.
      const everydayIops = tier.iops ?? 12000;
      const everydayThroughput = tier.storageThroughput ?? 500;
      if (o.peakIops !== undefined && o.peakIops <= everydayIops) {
        problems.push(`peakIops (${o.peakIops}) must be above the everyday ${everydayIops}: storage is raised before `
          + 'the event, never lowered during it');
      }
      if (o.peakStorageThroughput !== undefined && o.peakStorageThroughput <= everydayThroughput) {
        problems.push(`peakStorageThroughput (${o.peakStorageThroughput}) must be above the everyday ${everydayThroughput}`);
      }
    } else if (o.restoreStorageAfterEvent) {
      problems.push('restoreStorageAfterEvent needs peakIops or peakStorageThroughput');
    }
    const ratio = o.connectionsAlarmRatio;
    if (ratio !== undefined && !(ratio > 0 && ratio <= 1)) {
      problems.push(`connectionsAlarmRatio must be more than 0 and at most 1, got ${ratio}`);
    }
    ValidationError.throwIfAny(`RdsTier.forEvent (tier '${this.tierName}')`, problems, tier);
    return ladder;
  }
}

function storageText(iops: number | undefined, throughput: number | undefined): string {
  return `${iops ?? 'baseline'} IOPS / ${throughput ?? 'baseline'} MiB/s`;
}
