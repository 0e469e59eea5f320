import { Duration } from 'aws-cdk-lib';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { ALWAYS_EMITTED } from '../private/metrics';
import { defaultTierName, isWholeNumber } from '../private/plan-helpers';
import { checkDuration, checkNumber, LEAD_TIME } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';
import { AcuRange } from './acu-range';
import { pinnedCapacityRamp, rampSteps } from './capacity-ramp';
import { AutoScalingTarget, ChangeDirection, ExistingScalableTarget, ScheduledChange } from './scheduled-change';
import { ITierEventPlan, TierAlarm, TierDashboardGraph, TierEventBinding, TierEventContext } from './tier-plan';

/** An Aurora Serverless v2 tier's peak settings for one event. */
export interface AuroraServerlessTierEventOptions {
  /**
   * The tier's name in the event (alarm names, dashboard row).
   * @default - the tier construct's id in kebab-case
   */
  readonly tierName?: string;
  /**
   * The capacity range from prewarm to the end of the event. Raising the minimum keeps
   * the buffer pool and caches warm. It steps back to the everyday range over the
   * ramp-down (0.5-ACU rounding, never min > max). Must not pause.
   */
  readonly capacity: AcuRange;
  /**
   * Readers added for the event by Application Auto Scaling (`rds:cluster:ReadReplicaCount`),
   * removed step by step in the ramp-down. Everyday plus extra readers: at most 15.
   * @default 0
   */
  readonly extraReaders?: number;
  /**
   * Worst-case time for an ACU change to take effect.
   * @default Duration.minutes(2)
   */
  readonly capacityLeadTime?: Duration;
  /**
   * Worst-case time for a new reader to be available.
   * @default Duration.minutes(30)
   */
  readonly readerLeadTime?: Duration;
  /**
   * Connections expected at the peak, per instance: warns when they leave less than 20 %
   * headroom under max_connections (which scheduled ACU changes do not raise).
   * @default - not checked
   */
  readonly expectedConnections?: number;
  /**
   * Alarm when ACUUtilization (percent of the maximum in force) stays at or above this for 5 minutes.
   * @default 90
   */
  readonly acuUtilizationAlarmThreshold?: number;
  /**
   * Alarm when CPU stays above this percentage for 2 minutes.
   * @default 70
   */
  readonly cpuAlarmThreshold?: number;
  /**
   * Alarm when connections reach this share of max_connections (3 minutes).
   * @default 0.8
   */
  readonly connectionsAlarmRatio?: number;
  /**
   * Alarm when the slowest reader lags more than this (3 minutes).
   * @default Duration.seconds(1)
   */
  readonly replicaLagAlarmThreshold?: Duration;
  /**
   * Alarm when freeable memory stays below this many bytes for 5 minutes.
   * @default 536870912 (512 MiB)
   */
  readonly freeableMemoryAlarmBytes?: number;
  /**
   * Alarm when the cluster averages this many deadlocks per second or more for 3 minutes in a
   * row (a deadlock now and then is normal; a steady rate under event load is contention).
   * @default 0.1 (6 a minute)
   */
  readonly deadlocksAlarmPerSecond?: number;
  /**
   * With an RDS Proxy in front: alarm when the average time the proxy takes to lend a client a
   * database connection stays above this for 3 minutes (its pool is exhausted or pinned).
   * @default Duration.millis(100)
   */
  readonly proxyBorrowLatencyAlarmThreshold?: Duration;
}

/**
 * What an Aurora Serverless v2 plan needs to know about its cluster, from an
 * `AuroraServerlessTier` or from a cluster the library did not create
 * (`ExistingAuroraServerlessCluster`). Not exported from the package.
 */
export interface AuroraClusterDescription {
  /** The construct the plan is for: errors name its path, warnings are attached to it. */
  readonly construct: IConstruct;
  /** What built the description, for messages (`AuroraServerlessTier.forEvent`). */
  readonly subject: string;
  /** The engine: `Aurora PostgreSQL 17.5`, `Aurora MySQL 3.08.0`. */
  readonly engineLabel: string;
  /** The cluster identifier (a literal or a token). */
  readonly clusterIdentifier: string;
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** Everyday capacity. */
  readonly capacity: AcuRange;
  /** Everyday readers. */
  readonly readers: number;
  /** The most readers a cluster of the engine allows. */
  readonly maxReaders: number;
  /** Estimated max_connections per instance (fixed at boot). */
  readonly maxConnections: number;
  /** How max_connections was derived, for messages. */
  readonly maxConnectionsBasis: string;
  /** The largest capacity the engine version allows. */
  readonly maxCapacityAllowed: number;
  /** True when the engine version supports auto-pause. */
  readonly autoPauseSupported: boolean;
  /**
   * The name of the RDS Proxy in front of it, if any (a literal).
   * @default - no proxy
   */
  readonly proxyName?: string;
  /**
   * The storage configuration, `aurora` (Standard) or `aurora-iopt1` (I/O-Optimized), if known.
   * @default - not known
   */
  readonly storageType?: string;
  /** A cluster metric (dimension DBClusterIdentifier, 1-minute period unless given). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * The cluster's reader-count scalable target, when another stack registered it.
   * @default - looked for in the app (`scalableTargetIn`), else none
   */
  readonly readersTarget?: ExistingScalableTarget;
  /** The scalable target the team registered for the cluster in its own stack, read when the event binds the plan. */
  scalableTargetIn?(resourceId: string, scalableDimension: string): ExistingScalableTarget | undefined;
}

/**
 * The event plan of an Aurora Serverless v2 cluster: the ACU range up at prewarm and down the
 * ramp-down, extra readers, alarms and graphs. One implementation for tiers and existing clusters.
 */
export class AuroraServerlessPlan implements ITierEventPlan {
  public readonly tierName: string;
  public readonly tier: IConstruct;

  constructor(private readonly cluster: AuroraClusterDescription, private readonly options: AuroraServerlessTierEventOptions) {
    this.tier = cluster.construct;
    this.tierName = options.tierName ?? defaultTierName(cluster.construct.node.id);
    this.validate();
  }

  public bind(_scope: Construct, context: TierEventContext): TierEventBinding {
    const w = context.window;
    const o = this.options;
    const tier = this.cluster;
    const base = tier.capacity;
    const peak = o.capacity;
    const changes: ScheduledChange[] = [];
    const statement = new iam.PolicyStatement({ actions: ['rds:ModifyDBCluster'], resources: [tier.clusterArn] });

    let previous = base.toString();
    let previousMax = base.maxCapacity;
    for (const step of rampSteps(w)) {
      const range = acuAt(peak, base, step.rampFraction);
      const config: { [key: string]: number } = { MinCapacity: range.minCapacity, MaxCapacity: range.maxCapacity };
      if (range.autoPauseAfter) {
        config.SecondsUntilAutoPause = range.autoPauseAfter.toSeconds();
      }
      const up = step.rampFraction === 0;
      changes.push(ScheduledChange.universal({
        step,
        setting: 'ACU range',
        subject: 'cluster scaling configuration',
        resource: `rds:cluster:${tier.clusterIdentifier}`,
        before: previous,
        after: range.toString(),
        beforeValue: previousMax,
        afterValue: range.maxCapacity,
        direction: up ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN,
        leadTime: o.capacityLeadTime ?? Duration.minutes(2),
        service: 'rds',
        action: 'modifyDBCluster',
        input: {
          DbClusterIdentifier: tier.clusterIdentifier,
          ServerlessV2ScalingConfiguration: config,
          ApplyImmediately: true,
        },
        policyStatements: [statement],
      }));
      previous = range.toString();
      previousMax = range.maxCapacity;
    }

    const extra = o.extraReaders ?? 0;
    if (extra > 0) {
      const readers = tier.readers;
      const resourceId = `cluster:${tier.clusterIdentifier}`;
      const scalableDimension = 'rds:cluster:ReadReplicaCount';
      // The team's own reader scaling, if any: its bounds come back at baseline.
      const owner = tier.readersTarget ?? tier.scalableTargetIn?.(resourceId, scalableDimension);
      const target = new AutoScalingTarget({
        id: 'ReaderCount',
        serviceNamespace: ServiceNamespace.RDS,
        resourceId,
        scalableDimension,
        baselineMinCapacity: owner?.minCapacity ?? readers,
        baselineMaxCapacity: owner?.maxCapacity ?? readers,
        serviceLinkedRole: 'rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
        registeredElsewhere: owner,
      });
      // Beside the team's own reader scaling, the ramp comes down to its minimum, never below it.
      const floor = owner?.minCapacity ?? readers;
      if (owner && readers + extra <= owner.minCapacity) {
        throw new ValidationError(`${tier.subject}: ${readers} everyday readers + extraReaders ${extra} is not above the minimum `
          + `(${owner.minCapacity}) of the cluster's reader scaling, which another stack registers: raise extraReaders`, tier.construct);
      }
      changes.push(...pinnedCapacityRamp({
        window: w,
        target,
        setting: 'readers',
        peak: readers + extra,
        baseline: floor,
        scaleUpLeadTime: o.readerLeadTime ?? Duration.minutes(30),
        scaleDownLeadTime: Duration.minutes(15),
      }));
    }
    return {
      changes,
      alarms: this.alarms(),
      dashboardGraphs: this.graphs(),
      costBasis: { auroraStorageType: this.cluster.storageType, readers: this.cluster.readers },
    };
  }

  private alarms(): TierAlarm[] {
    const o = this.options;
    const tier = this.cluster;
    const path = tier.construct.node.path;
    const gte = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const alarms: TierAlarm[] = [
      {
        id: 'acu-utilization',
        description: `Aurora ${path} runs at its ACU ceiling: raise the maximum.`,
        metric: this.metricAcuUtilization(),
        threshold: o.acuUtilizationAlarmThreshold ?? 90,
        comparisonOperator: gte,
        evaluationPeriods: 5,
        treatMissingData: ALWAYS_EMITTED,
      },
      {
        id: 'cpu',
        description: `Aurora ${path} CPU is high for 2 minutes.`,
        metric: tier.metric('CPUUtilization', { statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: o.cpuAlarmThreshold ?? 70,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: ALWAYS_EMITTED,
      },
      {
        id: 'connections',
        description: `Aurora ${path} connections near max_connections (~${tier.maxConnections}, fixed at boot).`,
        metric: tier.metric('DatabaseConnections', { statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: Math.floor(tier.maxConnections * (o.connectionsAlarmRatio ?? 0.8)),
        comparisonOperator: gte,
        evaluationPeriods: 3,
        treatMissingData: ALWAYS_EMITTED,
      },
      {
        id: 'freeable-memory',
        description: `Aurora ${path} is short of memory.`,
        metric: tier.metric('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM }),
        threshold: o.freeableMemoryAlarmBytes ?? 512 * 1024 * 1024,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: ALWAYS_EMITTED,
      },
    ];
    const deadlocks = o.deadlocksAlarmPerSecond ?? 0.1;
    alarms.push({
      id: 'deadlocks',
      description: `Aurora ${path}: an instance (the writer, as a rule) has ${deadlocks} or more deadlocks a second for 3 `
        + 'minutes: transactions wait on each other under load and are rolled back.',
      // Each instance reports its own rate: the highest one, not an average that the event's
      // extra readers (with few deadlocks) would dilute.
      metric: tier.metric('Deadlocks', { statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: deadlocks,
      comparisonOperator: gte,
      evaluationPeriods: 3,
    });
    if (tier.proxyName !== undefined) {
      const latency = o.proxyBorrowLatencyAlarmThreshold ?? Duration.millis(100);
      alarms.push({
        id: 'proxy-borrow-latency',
        description: `RDS Proxy ${tier.proxyName} of ${path} takes more than ${latency.toHumanString()} to lend a database `
          + 'connection (its pool is exhausted, or sessions are pinned): clients wait, then time out.',
        metric: this.proxyMetric('DatabaseConnectionsBorrowLatency', cloudwatch.Stats.AVERAGE),
        // The metric is in microseconds.
        threshold: latency.toMilliseconds() * 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      });
    }
    if (tier.readers + (o.extraReaders ?? 0) > 0) {
      alarms.push({
        id: 'replica-lag',
        description: `Aurora ${path} readers lag the writer (milliseconds).`,
        metric: this.metricReplicaLag(),
        threshold: (o.replicaLagAlarmThreshold ?? Duration.seconds(1)).toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      });
    }
    return alarms;
  }

  private graphs(): TierDashboardGraph[] {
    const tier = this.cluster;
    const max = (name: string) => tier.metric(name, { statistic: cloudwatch.Stats.MAXIMUM });
    const proxy: TierDashboardGraph[] = tier.proxyName === undefined ? [] : [{
      title: 'RDS Proxy connections, pinning and borrow latency (µs)',
      // Published per proxy node: Sum is the proxy's total (the RDS docs' most useful statistic).
      left: [this.proxyMetric('ClientConnections', cloudwatch.Stats.SUM), this.proxyMetric('DatabaseConnections', cloudwatch.Stats.SUM),
        this.proxyMetric('DatabaseConnectionsCurrentlySessionPinned', cloudwatch.Stats.SUM)],
      right: [this.proxyMetric('DatabaseConnectionsBorrowLatency', cloudwatch.Stats.AVERAGE)],
    }];
    return [
      {
        title: 'Aurora capacity (ACU)',
        left: [max('ServerlessDatabaseCapacity')],
        right: [this.metricAcuUtilization()],
        leftAnnotations: [
          { value: this.options.capacity.maxCapacity, label: 'event maximum' },
          { value: tier.capacity.maxCapacity, label: 'everyday maximum' },
        ],
      },
      { title: 'Aurora CPU and memory', left: [max('CPUUtilization')], right: [tier.metric('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM })] },
      {
        title: 'Aurora connections and replica lag',
        left: [max('DatabaseConnections')],
        right: [this.metricReplicaLag()],
        leftAnnotations: [{ value: tier.maxConnections, label: 'max_connections (estimated)' }],
      },
      { title: 'Aurora deadlocks per second (highest instance)', left: [tier.metric('Deadlocks', { statistic: cloudwatch.Stats.MAXIMUM })] },
      ...proxy,
    ];
  }

  /** A metric of the tier's RDS Proxy (dimension ProxyName, 1-minute period). */
  private proxyMetric(metricName: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS', metricName, dimensionsMap: { ProxyName: this.cluster.proxyName! }, statistic, period: Duration.minutes(1),
    });
  }

  private metricAcuUtilization(): cloudwatch.Metric {
    return this.cluster.metric('ACUUtilization', { statistic: cloudwatch.Stats.MAXIMUM });
  }

  /** Replica lag of the slowest reader, in milliseconds. */
  private metricReplicaLag(): cloudwatch.Metric {
    return this.cluster.metric('AuroraReplicaLagMaximum', { statistic: cloudwatch.Stats.MAXIMUM });
  }

  private validate(): void {
    const o = this.options;
    const tier = this.cluster;
    const base = tier.capacity;
    const peak = o.capacity;
    const problems: string[] = [];
    if (!(peak instanceof AcuRange)) {
      problems.push('capacity must be an AcuRange (AcuRange.between(min, max))');
    } else {
      problems.push(...peak._problems('peak capacity', tier.autoPauseSupported, tier.maxCapacityAllowed, tier.engineLabel));
      if (peak.pauses) {
        problems.push(`peak capacity ${peak} would pause during the event; give a minimum of at least 0.5 ACU`);
      }
      if (peak.minCapacity < base.minCapacity || peak.maxCapacity < base.maxCapacity) {
        problems.push(`peak capacity ${peak} is below the everyday capacity ${base}; the peak must not lower `
          + 'either bound');
      }
    }
    const extra = o.extraReaders ?? 0;
    if (!isWholeNumber(extra) || extra < 0) {
      problems.push(`extraReaders must be a whole number of at least 0, got ${extra}`);
    } else if (tier.readers + extra > tier.maxReaders) {
      problems.push(`${tier.readers} everyday readers + ${extra} extra readers = ${tier.readers + extra}, more than `
        + `the ${tier.maxReaders} an Aurora cluster allows`);
    }
    checkNumber(problems, 'connectionsAlarmRatio', o.connectionsAlarmRatio, { above: 0, max: 1 });
    const expected = o.expectedConnections;
    checkNumber(problems, 'expectedConnections', expected, { whole: true, min: 0 });
    checkNumber(problems, 'acuUtilizationAlarmThreshold', o.acuUtilizationAlarmThreshold, { above: 0, max: 100 });
    checkNumber(problems, 'cpuAlarmThreshold', o.cpuAlarmThreshold, { above: 0, max: 100 });
    checkNumber(problems, 'freeableMemoryAlarmBytes', o.freeableMemoryAlarmBytes, { whole: true, min: 1 });
    checkDuration(problems, 'replicaLagAlarmThreshold', o.replicaLagAlarmThreshold,
      { aboveMs: 0, maxMs: 86400_000, allowed: 'whole milliseconds, more than 0 and at most 24 hours' });
    checkDuration(problems, 'capacityLeadTime', o.capacityLeadTime, LEAD_TIME);
    checkDuration(problems, 'readerLeadTime', o.readerLeadTime, LEAD_TIME);
    ValidationError.throwIfAny(`${tier.subject} (tier '${this.tierName}')`, problems, tier.construct);

    if (isWholeNumber(expected) && expected > tier.maxConnections * 0.8) {
      warn(tier.construct, 'max-connections-headroom',
        `Tier '${this.tierName}' expects ${expected} connections per instance, but max_connections is about `
        + `${tier.maxConnections} (${tier.maxConnectionsBasis}); scheduled ACU changes do not raise it. `
        + 'Leave 20 % headroom: raise the everyday capacity (a reboot '
        + 'applies it), set max_connections in parameters, or pool connections through the proxy.');
    }
  }
}

/** The range at a ramp fraction: each bound interpolated to 0.5 ACU; never min > max, never paused mid-ramp. */
export function acuAt(peak: AcuRange, base: AcuRange, rampFraction: number): AcuRange {
  if (rampFraction >= 1) {
    return base;
  }
  const half = (n: number) => Math.round(n * 2) / 2;
  const max = half(peak.maxCapacity + (base.maxCapacity - peak.maxCapacity) * rampFraction);
  const min = Math.min(max, Math.max(0.5, half(peak.minCapacity + (base.minCapacity - peak.minCapacity) * rampFraction)));
  return AcuRange.between(min, max);
}
