import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { expressionAgainstLimit, timeOf } from '../../private/in-force';
import { ALWAYS_EMITTED } from '../../private/metrics';
import { maxConnectionsFor, parseInstanceClass, RESERVED_MEMORY_SHARE } from '../../private/rds-instance-classes';
import { changeSpan, limitChanges } from '../change-span';
import { ScheduledChange } from '../scheduled-change';
import { TierAlarm, TierEventContext } from '../tier-plan';
import { MAX_ALARM_METRICS, RdsPlanParts } from './options';
import { primaryMetric, replicaIds } from './parts';
import { regionReplicas } from './regions';

/** Every alarm of the tier: the primary's, then the replicas'. */
export function rdsAlarms(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: RdsPlanParts): TierAlarm[] {
  return [...primaryAlarms(scope, context, changes, p), ...replicaAlarms(context, changes, p), ...regionAlarms(context, changes, p)];
}

/**
 * The lag of the event replicas in each other Region, in an alarm of that Region (alarms read
 * metrics of their own Region only), each replica counted once its creation has settled. On
 * PostgreSQL, lag grows while the primary commits nothing, and the primary's write metrics are in
 * another Region: lag counts during the event itself (start to end), when the primary writes.
 * MySQL reports true lag, and -1 for a replica that stopped replicating.
 */
function regionAlarms(context: TierEventContext, changes: ScheduledChange[], p: RdsPlanParts): TierAlarm[] {
  const w = context.window;
  const o = p.options;
  const tier = p.db;
  const path = tier.construct.node.path;
  const postgres = tier.engine === 'postgres';
  const threshold = (o.replicaLagAlarmThreshold ?? Duration.seconds(5)).toMilliseconds() / 1000;
  return regionReplicas(p, w.name).flatMap((r) => {
    const metric = (id: string, name: string) => tier.metricOfInstance(id, name, { statistic: cloudwatch.Stats.MAXIMUM });
    const lags: { [id: string]: cloudwatch.IMetric } = {};
    r.names.forEach((id, i) => {
      lags[`r${i}`] = metric(id, 'ReplicaLag');
    });
    const terms = r.names.map((id, i) => {
      const creation = changes.find((c) => c.options.region === r.region && c.universalOptions?.action === 'createDBInstanceReadReplica'
        && c.universalOptions.input.DbInstanceIdentifier === id)!;
      return `IF(t < ${Math.ceil(creation.settledAt(context.maximumEventAge).getTime() / 1000)}, 0, r${i})`;
    }).join(', ');
    // The time of the first replica's CPU datapoints: it is the last one deleted.
    const t = timeOf('cpu', metric(r.names[0], 'CPUUtilization'));
    const during = `t >= ${Math.floor(w.startInstant.getTime() / 1000)} AND t < ${Math.floor(w.endInstant.getTime() / 1000)}`;
    const alarms: TierAlarm[] = [{
      ...lagAlarm(`replica-lag-${r.region}`, `RDS ${path}: an event read replica in ${r.region} lags the primary (seconds)`
        + `${postgres ? ' during the event' : ''}. Each counts once its creation has settled.`, threshold,
      postgres ? `IF(${during}, MAX([${terms}]), 0)` : `MAX([${terms}])`, { ...lags, t }, `Replica lag in ${r.region} (s)`),
      region: r.region,
    }];
    if (!postgres) {
      alarms.push({ ...stoppedAlarm(`replica-stopped-${r.region}`, `an event read replica in ${r.region}`, path, lags), region: r.region });
    }
    return alarms;
  });
}

/** CPU, connections, memory, storage, latency, IOPS and burst balance of the primary. */
function primaryAlarms(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: RdsPlanParts): TierAlarm[] {
  const o = p.options;
  const tier = p.db;
  const path = tier.construct.node.path;
  const latency = (o.latencyAlarmThreshold ?? Duration.millis(20)).toMilliseconds() / 1000;
  const alarms: TierAlarm[] = [
    {
      id: 'cpu',
      description: `RDS ${path} primary CPU is high for 2 minutes.`,
      metric: primaryMetric(p, 'CPUUtilization', cloudwatch.Stats.MAXIMUM),
      threshold: o.cpuAlarmThreshold ?? 70,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: ALWAYS_EMITTED,
    },
    connectionsAlarm(scope, context, changes, p),
    {
      id: 'freeable-memory',
      description: `RDS ${path} primary is short of memory.`,
      metric: primaryMetric(p, 'FreeableMemory', cloudwatch.Stats.MINIMUM),
      threshold: 1024 ** 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: ALWAYS_EMITTED,
    },
    {
      id: 'free-storage',
      description: `RDS ${path} primary has less than 10 % of its storage free.`,
      metric: primaryMetric(p, 'FreeStorageSpace', cloudwatch.Stats.MINIMUM),
      threshold: Math.floor(tier.allocatedStorageGiB * 1024 ** 3 * 0.1),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: ALWAYS_EMITTED,
    },
    {
      id: 'read-latency',
      description: `RDS ${path} primary read latency is high (seconds).`,
      metric: primaryMetric(p, 'ReadLatency', cloudwatch.Stats.AVERAGE),
      threshold: latency,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: ALWAYS_EMITTED,
    },
    {
      id: 'write-latency',
      description: `RDS ${path} primary write latency is high (seconds).`,
      metric: primaryMetric(p, 'WriteLatency', cloudwatch.Stats.AVERAGE),
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
  const iops = iopsAlarm(scope, context, changes, p);
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
        io: primaryMetric(p, 'EBSIOBalance%', cloudwatch.Stats.MINIMUM),
        bytes: primaryMetric(p, 'EBSByteBalance%', cloudwatch.Stats.MINIMUM),
      },
      label: 'Lowest EBS burst balance (%)',
      period: Duration.minutes(1),
    }),
    threshold: 20,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 5,
  });
  return alarms;
}

/**
 * Replica lag and (PostgreSQL) replicas not replicating, over every replica in alarms of at most
 * MAX_ALARM_METRICS metrics; event replicas count once their creation has settled.
 */
function replicaAlarms(context: TierEventContext, changes: ScheduledChange[], p: RdsPlanParts): TierAlarm[] {
  const eventName = context.window.name;
  const o = p.options;
  const tier = p.db;
  const path = tier.construct.node.path;
  const alarms: TierAlarm[] = [];
  const postgres = tier.engine === 'postgres';
  const replicas = replicaIds(p, eventName);
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
    const wal = primaryMetric(p, 'TransactionLogsGeneration', cloudwatch.Stats.AVERAGE);
    const timed = settling.some(Boolean);
    const threshold = (o.replicaLagAlarmThreshold ?? Duration.seconds(5)).toMilliseconds() / 1000;
    const caughtUp = timed ? ' Event replicas count once their creation has settled (they catch up from a snapshot first).' : '';
    alarms.push(postgres
      ? lagAlarm(`replica-lag${suffix}`, `RDS ${path}: a read replica${of} lags the primary (seconds) while the primary writes, `
        + `or has stopped replicating.${caughtUp}`, threshold, `IF(wal > 0, MAX([${lagTerms}]), 0)`,
      { ...lags, wal, ...(timed ? { t: timeOf('wal', wal) } : {}) }, 'Replica lag while the primary writes (s)')
      // The time of the primary's CPU datapoints (every minute it runs), read for no other value.
      : lagAlarm(`replica-lag${suffix}`, `RDS ${path}: a read replica${of} lags the primary (seconds).${caughtUp}`, threshold,
        `MAX([${lagTerms}])`, { ...lags, ...(timed ? { t: timeOf('cpu', primaryMetric(p, 'CPUUtilization', cloudwatch.Stats.MAXIMUM)) } : {}) },
        'Replica lag (s)'));
    if (!postgres) {
      alarms.push(stoppedAlarm(`replica-stopped${suffix}`, `a read replica${of}`, path, lags));
    }
  }
  return alarms;
}
/**
 * Read + write IOPS at 90 % of the provisioned IOPS in force (gp3: the everyday setting, or
 * 3,000 / 12,000 included below / from 400 GiB; io1/io2: as set), the event's raise from when
 * it has surely applied. Above it, requests queue (DiskQueueDepth) and latency climbs.
 */
export function iopsAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: RdsPlanParts): TierAlarm | undefined {
  const tier = p.db;
  const type = tier.storageType.toLowerCase();
  const everyday = type === 'gp3' ? tier.iops ?? (tier.allocatedStorageGiB < 400 ? 3000 : 12000)
    : type === 'io1' || type === 'io2' ? tier.iops : undefined;
  if (everyday === undefined) {
    return undefined;
  }
  const w = context.window;
  const storage = changes.filter((c) => c.options.setting === 'storage' && c.universalOptions?.input.Iops !== undefined);
  // Each raise or restore goes from the IOPS the one before it set.
  const iops = (i: number) => (i < 0 ? everyday : storage[i].universalOptions!.input.Iops as number);
  const iopsChanges = limitChanges(storage, context.maximumEventAge, (_, i) => ({ before: iops(i - 1), after: iops(i) }));
  const read = primaryMetric(p, 'ReadIOPS', cloudwatch.Stats.AVERAGE);
  const expression = expressionAgainstLimit(scope, `rds:db:${tier.instanceIdentifier}:iops`, {
    eventName: w.name,
    ...changeSpan(w, changes, context.maximumEventAge),
    initial: everyday,
    changes: iopsChanges,
  }, { time: 't', guard: 'r >= 0 AND w >= 0', segment: (v) => `100 * (r + w) / ${v}`, quiet: '0' });
  return {
    id: 'storage-iops',
    description: `RDS ${tier.construct.node.path}: read + write IOPS at 90 % of the storage's provisioned IOPS in force `
      + `for 3 minutes (${everyday} everyday; an event's raise counts once surely applied, and stays in force unless an `
      + 'event restores it): requests queue and latency climbs.',
    metric: new cloudwatch.MathExpression({
      expression,
      usingMetrics: { r: read, w: primaryMetric(p, 'WriteIOPS', cloudwatch.Stats.AVERAGE), t: timeOf('r', read) },
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
export function connectionsAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: RdsPlanParts): TierAlarm {
  const w = context.window;
  const tier = p.db;
  // The lower bound of a class-derived value: the alarm must not fire late for an optimistic limit.
  const limitOf = (name: string) => maxConnectionsFor(parseInstanceClass(name)!, tier.parameters, tier.engine, 'lower');
  const classChanges = limitChanges(changes.filter((c) => c.options.setting === 'instance class'), context.maximumEventAge,
    (c) => ({ before: limitOf(c.options.before), after: limitOf(c.options.after) }));
  const ratio = p.options.connectionsAlarmRatio ?? 0.8;
  const percent = Math.round(ratio * 1000) / 10;
  const peak = p.ladder[0].name;
  const expression = expressionAgainstLimit(scope, `rds:db:${tier.instanceIdentifier}:max_connections`, {
    eventName: w.name,
    ...changeSpan(w, changes, context.maximumEventAge),
    initial: limitOf(tier.instanceClass),
    changes: classChanges,
  }, { time: 't', guard: 'connections >= 0', segment: (v) => `100 * connections / ${v}`, quiet: '0' });
  const connections = primaryMetric(p, 'DatabaseConnections', cloudwatch.Stats.MAXIMUM);
  return {
    id: 'connections',
    description: `RDS ${p.db.construct.node.path}: connections at ${percent} % of the max_connections in force `
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

/** A replica-lag alarm: the expression's seconds above the threshold for 3 minutes. */
function lagAlarm(id: string, description: string, threshold: number, expression: string,
  usingMetrics: { [id: string]: cloudwatch.IMetric }, label: string): TierAlarm {
  return {
    id,
    description,
    metric: new cloudwatch.MathExpression({ expression, usingMetrics, label, period: Duration.minutes(1) }),
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
  };
}

/** MySQL reports ReplicaLag -1 for a replica that stopped replicating: the lowest lag below 0 for 3 minutes. */
function stoppedAlarm(id: string, which: string, path: string, lags: { [id: string]: cloudwatch.IMetric }): TierAlarm {
  return {
    id,
    description: `RDS ${path}: ${which} reports ReplicaLag -1 (not replicating).`,
    metric: new cloudwatch.MathExpression({
      expression: `MIN([${Object.keys(lags).join(', ')}])`, usingMetrics: lags, label: 'Lowest replica lag (s)', period: Duration.minutes(1),
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 3,
  };
}
