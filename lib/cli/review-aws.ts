/**
 * `event-readiness review`'s reads: the event's deployed alarms (for the dimensions its metrics
 * are read with: the plan cannot hold deploy-time names), each setting's load and each alarm's
 * metric over the event (GetMetricData, batched and paginated), when each alarm fired
 * (DescribeAlarmHistory), and when each scale-up took effect (Application Auto Scaling's scaling
 * activities, RDS events). Everything is read-only.
 */
import { ApplicationAutoScalingClient, DescribeScalingActivitiesCommand, ScalingActivity, ServiceNamespace } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient, DescribeAlarmHistoryCommand, Dimension, GetMetricDataCommand, MetricAlarm, MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeEventsCommand, Event as RdsEvent, RDSClient } from '@aws-sdk/client-rds';
import { EventPlanChange, EventPlanDocument, EventPlanTier } from '../readiness/plan-document';
import { CliError } from './assembly';
import { explain } from './aws-errors';
import { clientConfig, describeAlarms, queriesFor } from './check';
import { CliIo, EXIT, painter, wrap } from './io';
import { notFoundAsEmpty, whenOf } from './reality';
import {
  AlarmReview, alarmMinutesBeyond, Band, plannedSettings, PlannedSetting, resolutionFor, REVIEW_SCHEMA_VERSION, ReviewReport,
  renderReview, reviewSetting, Series, SettingReading, TimingReading,
} from './review';
import { renderSizing, sizeNextEvent } from './sizing';
import { ObservedLane, renderPlanSvg } from './svg';

/** The clients `review` reads with. */
export interface ReviewClients {
  readonly cloudWatch: CloudWatchClient;
  readonly rds: RDSClient;
  readonly applicationAutoScaling: ApplicationAutoScalingClient;
  readonly cloudFormation: CloudFormationClient;
}

/** Every client `review` uses, with the same Region, profile and adaptive retries. */
export function reviewClients(options: { region?: string; profile?: string }): ReviewClients {
  const config = clientConfig(options);
  return {
    cloudWatch: new CloudWatchClient(config),
    rds: new RDSClient(config),
    applicationAutoScaling: new ApplicationAutoScalingClient(config),
    cloudFormation: new CloudFormationClient(config),
  };
}

/** Options of `event-readiness review`. */
export interface ReviewOptions {
  readonly event: string;
  readonly region?: string;
  readonly plan: EventPlanDocument;
  readonly planSource: string;
  /** The deployed readiness stack (its scalable targets are read through it). */
  readonly stackName?: string;
  readonly band: Band;
  readonly growth: number;
  readonly target: number;
  readonly json?: boolean;
  readonly svg?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** GetMetricData's limits per call: 500 queries, 100,800 datapoints. */
const MAX_QUERIES = 500;
const MAX_DATAPOINTS = 100_800;
/** How long AWS keeps what review reads besides metrics. */
const ALARM_HISTORY_DAYS = 30;
const RDS_EVENTS_DAYS = 14;
const SCALING_ACTIVITY_DAYS = 42;

/** `event-readiness review`: reads what happened, prints the review and the next event's sizing; returns the exit code. */
export async function reviewCommand(options: ReviewOptions, io: CliIo, clients: ReviewClients,
  clientsIn?: (region: string) => ReviewClients): Promise<number> {
  let report: ReviewReport;
  let observed: ObservedLane[];
  try {
    ({ report, observed } = await readReview(options, io.now(), clients, clientsIn));
  } catch (error) {
    throw explain(error, { region: options.region, endpointUrl: io.env.AWS_ENDPOINT_URL, command: 'review' });
  }
  const sizing = sizeNextEvent(report, { growth: options.growth, target: options.target });
  if (options.svg) {
    try {
      io.writeFile(options.svg, renderPlanSvg([options.plan], { observed }));
    } catch (error) {
      throw new CliError(`--svg: cannot write '${options.svg}': ${(error as Error).message}`, EXIT.FAILED, 'UNWRITABLE');
    }
  }
  if (options.json) {
    io.out(JSON.stringify({ ...report, sizing }, undefined, 2) + '\n');
  } else {
    io.out(renderReview(report, io.columns, painter(io), wrap) + '\n\n' + renderSizing(sizing, io.columns) + '\n');
  }
  return reviewExitCode(report);
}

/**
 * 2: a setting over the band (or saturated), a scale-up late or failed; 1: a setting under the
 * band or without data, a scale-up with no record where AWS keeps one (NOT FOUND), or the event
 * not over yet; 0: every setting in the band and every scale-up in time.
 */
export function reviewExitCode(report: ReviewReport): number {
  if (report.settings.some((s) => s.verdict === 'OVER') || report.timing.some((t) => t.verdict === 'LATE' || t.verdict === 'FAILED')) {
    return EXIT.NOT_READY;
  }
  if (report.settings.some((s) => s.verdict !== 'IN BAND') || report.timing.some((t) => t.verdict === 'NOT FOUND') || report.inProgress) {
    return EXIT.AT_RISK;
  }
  return EXIT.READY;
}

/** The review of an event, and the load series the chart draws. */
export async function readReview(options: ReviewOptions, now: Date, clients: ReviewClients,
  clientsIn?: (region: string) => ReviewClients): Promise<{ report: ReviewReport; observed: ObservedLane[] }> {
  const { plan } = options;
  const first = Date.parse(plan.timeline[0].utc);
  const last = Date.parse(plan.timeline[plan.timeline.length - 1].utc);
  if (now.getTime() <= first) {
    throw new CliError(`The event ${plan.eventName} has not begun (prewarm at ${plan.timeline[0].utc}): review reads what happened; `
      + 'before the event, run check.', EXIT.USAGE);
  }
  const window = { from: first - HOUR, to: Math.min(last + HOUR, now.getTime()) };
  const event = { start: Date.parse(plan.startUtc), end: Date.parse(plan.endUtc) };
  const resolution = resolutionFor(window.from, now.getTime());
  if (!resolution) {
    throw new CliError(`The event ${plan.eventName} began over 455 days ago: CloudWatch keeps no metric data that old.`, EXIT.FAILED, 'AWS_ERROR');
  }
  const period = resolution.periodSeconds;
  const unseen: string[] = [];
  const { metricAlarms } = await describeAlarms(clients.cloudWatch, plan.alarmNames);
  const byName = new Map(metricAlarms.map((a) => [a.AlarmName!, a]));
  const missing = plan.alarmNames.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    unseen.push(`${missing.length} of the plan's ${plan.alarmNames.length} alarms are not deployed (or were deleted with the readiness stack): `
      + 'their metrics and the dimensions review reads others with are unknown'
      + (missing.length === plan.alarmNames.length ? '. Review an event before retiring its readiness stack, or keep a saved --json.' : ''));
  }

  const inProgress = now.getTime() < event.end;
  if (inProgress) {
    unseen.push(`the event has not ended (it ends ${plan.endUtc}): the peaks are those so far, and every suggestion is at least`);
  }
  // When each scale-up took effect, where AWS recorded it: the capacity in force from then on (else
  // from its lead time, said here); one that failed was never in force.
  const timing = await readTiming(plan, clients, options.stackName, byName, window, now, clientsIn);
  const recorded = new Map<string, number | 'failed'>(timing.flatMap((t): Array<[string, number | 'failed']> => (t.verdict === 'FAILED'
    ? [[`${t.tier}|${t.setting}|${t.atUtc}`, 'failed']]
    : t.endedUtc && (t.verdict === 'IN TIME' || t.verdict === 'LATE') ? [[`${t.tier}|${t.setting}|${t.atUtc}`, Date.parse(t.endedUtc)]] : [])));
  const assumed = timing.filter((t) => t.verdict === 'NOT FOUND');
  if (assumed.length > 0) {
    unseen.push(`no record of when ${assumed.map((t) => `${t.tier} · ${t.setting} at ${t.when}`).join(', ')} took effect: `
      + 'taken in force once its lead time had passed');
  }
  // Each setting's queries, and each alarm's, as groups a batch never splits.
  const settings = plan.tiers.flatMap((tier) => plannedSettings(tier, (c) => recorded.get(`${tier.name}|${c.setting}|${c.atUtc}`))
    .map((s) => ({ tier, setting: s })));
  const located = await Promise.all(settings.map(({ tier, setting }, i) =>
    locate(setting, tier, byName, clients.rds, `s${i}`, period)));
  const series = await fetchSeries(clients.cloudWatch, located.map((l) => l?.queries ?? []), window, period);

  const reviews = settings.map(({ setting }, i) => {
    const l = located[i];
    const reading: SettingReading | undefined = l && {
      basis: l.basis,
      load: l.derive(series.get(l.loadId) ?? { timestamps: [], values: [] }),
      refusals: l.refusals && { series: series.get(l.refusals.id) ?? { timestamps: [], values: [] }, what: l.refusals.what },
      extra: l.extra && { series: series.get(l.extra.id) ?? { timestamps: [], values: [] }, what: l.extra.what },
      unseen: l.unseen,
    };
    return reviewSetting(setting, reading, window, event, options.band, period);
  });

  const composites = [plan.healthAlarmName, ...plan.tiers.flatMap((t) => (t.healthAlarmName ? [t.healthAlarmName] : []))];
  const alarms = await reviewAlarms(clients.cloudWatch, byName, composites, plan.alarmNames, { window, period, now, unseen });
  // The event's other Regions: their alarms (replica lag), each read there; a Region that cannot
  // be read (not enabled, denied, unreachable) is said, and the others still are.
  for (const r of plan.regions ?? []) {
    if (!clientsIn) {
      unseen.push(`the event's alarms in ${r.region}: no client for the Region`);
      continue;
    }
    try {
      const there = clientsIn(r.region).cloudWatch;
      const found = new Map((await describeAlarms(there, r.alarmNames)).metricAlarms.map((a) => [a.AlarmName!, a]));
      alarms.push(...(await reviewAlarms(there, found, [r.healthAlarmName], r.alarmNames, { window, period, now, unseen }))
        .map((a) => ({ ...a, region: r.region })));
    } catch (error) {
      unseen.push(`the event's alarms in ${r.region}: ${explain(error, { region: r.region, command: 'review' }).message}`);
    }
  }

  const report: ReviewReport = {
    schemaVersion: REVIEW_SCHEMA_VERSION, event: plan.eventName, region: options.region, reviewedAt: now.toISOString(), plan: options.planSource,
    timeZone: plan.timeZone, startUtc: plan.startUtc, endUtc: plan.endUtc,
    window: { fromUtc: new Date(window.from).toISOString(), toUtc: new Date(window.to).toISOString() },
    resolution, band: options.band, settings: reviews, alarms, timing, unseen, inProgress: inProgress || undefined,
  };
  const observed: ObservedLane[] = settings.flatMap(({ setting }, i) => {
    const l = located[i];
    if (!l) {
      return [];
    }
    const load = l.derive(series.get(l.loadId) ?? { timestamps: [], values: [] });
    return [{ tier: setting.tier, kind: setting.kind, points: load.timestamps.map((t, k) => [t, load.values[k]] as [number, number]) }];
  });
  return { report, observed };
}

/**
 * Alarms over the window, in one Region: each metric alarm's minutes beyond its threshold and
 * worst value (its own queries, math included), and when each alarm (composites too) fired.
 */
async function reviewAlarms(client: CloudWatchClient, byName: Map<string, MetricAlarm>, composites: string[], names: string[],
  at: { window: { from: number; to: number }; period: number; now: Date; unseen: string[] }): Promise<AlarmReview[]> {
  const { window, period } = at;
  const groups = names.map((name, j) => {
    const alarm = byName.get(name);
    return alarm ? periodAtLeast(queriesFor(alarm, j), period) : [];
  });
  const series = await fetchSeries(client, groups, window, period);
  const history = await alarmHistory(client, [...composites, ...names], window, at.now, at.unseen);
  const alarms: AlarmReview[] = composites.map((name) => ({ name, composite: true, fired: history.get(name) ?? [] }));
  names.forEach((name, j) => {
    const alarm = byName.get(name);
    if (!alarm) {
      alarms.push({ name, fired: history.get(name) ?? [], unseen: 'not deployed' });
      return;
    }
    const s = series.get(returned(groups[j]) ?? '') ?? { timestamps: [], values: [] };
    // Each value stands for its period: the alarm's (a math alarm's, its metrics'), as read.
    const alarmPeriod = Math.max(period, alarm.Period ?? 0, ...groups[j].map((q) => q.MetricStat?.Period ?? 0));
    const beyond = alarm.Threshold !== undefined && alarm.ComparisonOperator && s.values.length > 0
      ? alarmMinutesBeyond(s, alarm.Threshold, alarm.ComparisonOperator, alarmPeriod) : undefined;
    alarms.push({ name, threshold: alarm.Threshold, comparison: alarm.ComparisonOperator, minutesBeyond: beyond?.minutesBeyond,
      worst: beyond?.worst, fired: history.get(name) ?? [] });
  });
  return alarms;
}

/** The id of the query a group returns (its only `ReturnData`). */
function returned(group: MetricDataQuery[]): string | undefined {
  return group.find((q) => q.ReturnData)?.Id;
}

/** Queries read at no finer a period than the resolution CloudWatch still keeps. */
function periodAtLeast(queries: MetricDataQuery[], period: number): MetricDataQuery[] {
  return queries.map((q) => (q.MetricStat ? { ...q, MetricStat: { ...q.MetricStat, Period: Math.max(q.MetricStat.Period ?? period, period) } } : q));
}

/** How a setting's load is read: its queries, which of them is the load, and how it becomes the setting's unit. */
interface Located {
  readonly queries: MetricDataQuery[];
  readonly loadId: string;
  readonly derive: (s: Series) => Series;
  readonly basis: SettingReading['basis'];
  readonly refusals?: { readonly id: string; readonly what: string };
  readonly extra?: { readonly id: string; readonly what: string };
  readonly unseen?: string[];
}

/**
 * The dimensions of a metric of the tier's deployed alarms: the first metric in the namespace
 * whose dimensions are exactly these names (and of this metric, if given).
 */
export function dimensionsIn(alarms: MetricAlarm[], namespace: string, names: string[], metricName?: string): Dimension[] | undefined {
  const same = (dims: Dimension[] | undefined) => dims !== undefined && dims.length === names.length
    && names.every((n) => dims.some((d) => d.Name === n));
  for (const a of alarms) {
    const metrics = [
      { Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions },
      ...(a.Metrics ?? []).flatMap((m) => (m.MetricStat?.Metric ? [m.MetricStat.Metric] : [])),
    ];
    const found = metrics.find((m) => m.Namespace === namespace && (metricName === undefined || m.MetricName === metricName) && same(m.Dimensions));
    if (found) {
      return found.Dimensions!.map((d) => ({ Name: d.Name, Value: d.Value }));
    }
  }
  return undefined;
}

const text = (dims: Dimension[]) => dims.map((d) => `${d.Name}=${d.Value}`).join(', ');
const identity = (s: Series) => s;

function stat(id: string, namespace: string, metricName: string, dims: Dimension[], statistic: string, period: number,
  returnData: boolean): MetricDataQuery {
  return {
    Id: id, MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dims }, Period: period, Stat: statistic },
    ReturnData: returnData,
  };
}

/** The queries for a setting's load, with the dimensions from the tier's deployed alarms. */
async function locate(setting: PlannedSetting, tier: EventPlanTier, alarms: Map<string, MetricAlarm>, rds: RDSClient, id: string,
  period: number): Promise<Located | undefined> {
  const own = tier.alarmNames.flatMap((n) => (alarms.has(n) ? [alarms.get(n)!] : []));
  switch (setting.kind) {
    case 'provisioned-concurrency': {
      const dims = dimensionsIn(own, 'AWS/Lambda', ['FunctionName', 'Resource']);
      if (!dims) {
        return undefined;
      }
      return {
        queries: [
          stat(id, 'AWS/Lambda', 'ConcurrentExecutions', dims, 'Maximum', period, true),
          stat(`${id}_throttles`, 'AWS/Lambda', 'Throttles', dims, 'Sum', period, true),
          stat(`${id}_spillover`, 'AWS/Lambda', 'ProvisionedConcurrencySpilloverInvocations', dims, 'Sum', period, true),
        ],
        loadId: id, derive: identity,
        basis: { metric: 'AWS/Lambda ConcurrentExecutions Maximum', dimensions: text(dims), periodSeconds: period },
        refusals: { id: `${id}_throttles`, what: 'throttled invocations (Throttles)' },
        extra: { id: `${id}_spillover`, what: 'invocations spilled over provisioned concurrency (served on demand, with cold starts)' },
      };
    }
    case 'table-reads':
    case 'table-writes': {
      const dims = dimensionsIn(own, 'AWS/DynamoDB', ['TableName']);
      if (!dims) {
        return undefined;
      }
      const side = setting.kind === 'table-reads' ? 'Read' : 'Write';
      const capped = setting.capped !== false;
      return {
        queries: [
          stat(id, 'AWS/DynamoDB', `Consumed${side}CapacityUnits`, dims, 'Sum', period, true),
          stat(`${id}_throttles`, 'AWS/DynamoDB', capped ? `${side}MaxOnDemandThroughputThrottleEvents` : `${side}ThrottleEvents`, dims, 'Sum',
            period, true),
        ],
        loadId: id,
        // A period's sum over its seconds: the average rate within it (a burst inside a minute is averaged).
        derive: (s) => ({ timestamps: s.timestamps, values: s.values.map((v) => v / period) }),
        basis: { metric: `AWS/DynamoDB Consumed${side}CapacityUnits Sum`, dimensions: text(dims), periodSeconds: period,
          derivation: `÷ ${period} s: the per-second rate averaged over each period` },
        // Requests refused: at the cost cap, or (without one) by the table's partitions: the true peak was higher.
        refusals: capped ? { id: `${id}_throttles`, what: `requests throttled at the cost cap (${side}MaxOnDemandThroughputThrottleEvents)` }
          : { id: `${id}_throttles`, what: `throttled ${side.toLowerCase()} events (${side}ThrottleEvents)` },
      };
    }
    case 'acu': {
      const dims = dimensionsIn(own, 'AWS/RDS', ['DBClusterIdentifier']);
      if (!dims) {
        return undefined;
      }
      // Per instance: the cluster-level figure averages its instances, hiding the busiest one.
      const cluster = dims[0].Value!;
      const members = (await notFoundAsEmpty(() => rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: cluster }))))
        ?.DBClusters?.[0]?.DBClusterMembers?.map((m) => m.DBInstanceIdentifier!) ?? [];
      if (members.length === 0) {
        return {
          queries: [stat(id, 'AWS/RDS', 'ServerlessDatabaseCapacity', dims, 'Maximum', period, true)], loadId: id, derive: identity,
          basis: { metric: 'AWS/RDS ServerlessDatabaseCapacity Maximum', dimensions: text(dims), periodSeconds: period },
          unseen: [`cluster ${cluster} was not found now: its cluster-level ACU averages its instances, so the busiest one may have been higher`],
        };
      }
      const parts = members.map((m, k) => stat(`${id}_i${k}`, 'AWS/RDS', 'ServerlessDatabaseCapacity', [{ Name: 'DBInstanceIdentifier', Value: m }],
        'Maximum', period, false));
      return {
        queries: [...parts, { Id: id, Expression: `MAX([${parts.map((q) => q.Id).join(', ')}])`, ReturnData: true }],
        loadId: id, derive: identity,
        basis: { metric: 'AWS/RDS ServerlessDatabaseCapacity Maximum', dimensions: `DBInstanceIdentifier=${members.join(' | ')}`, periodSeconds: period,
          derivation: 'the busiest of the cluster\'s instances now; readers the event added and removed are not among them' },
      };
    }
    case 'instance-cpu': {
      const dims = dimensionsIn(own, 'AWS/RDS', ['DBInstanceIdentifier'], 'CPUUtilization');
      if (!dims) {
        return undefined;
      }
      return {
        queries: [stat(id, 'AWS/RDS', 'CPUUtilization', dims, 'Maximum', period, true)], loadId: id, derive: identity,
        basis: { metric: 'AWS/RDS CPUUtilization Maximum', dimensions: text(dims), periodSeconds: period,
          derivation: 'percent of the class in force, as vCPUs used' },
      };
    }
    case 'storage-iops':
    case 'storage-throughput': {
      const dims = dimensionsIn(own, 'AWS/RDS', ['DBInstanceIdentifier'], 'CPUUtilization')
        ?? dimensionsIn(own, 'AWS/RDS', ['DBInstanceIdentifier'], 'ReadIOPS');
      if (!dims) {
        return undefined;
      }
      const iops = setting.kind === 'storage-iops';
      const [r, w] = iops ? ['ReadIOPS', 'WriteIOPS'] : ['ReadThroughput', 'WriteThroughput'];
      return {
        queries: [
          stat(`${id}_r`, 'AWS/RDS', r, dims, 'Average', period, false),
          stat(`${id}_w`, 'AWS/RDS', w, dims, 'Average', period, false),
          { Id: id, Expression: iops ? `${id}_r + ${id}_w` : `(${id}_r + ${id}_w) / 1048576`, ReturnData: true },
        ],
        loadId: id, derive: identity,
        basis: { metric: `AWS/RDS ${r} + ${w} Average`, dimensions: text(dims), periodSeconds: period,
          derivation: iops ? 'reads and writes per second, added' : 'bytes per second added, ÷ 1,048,576 for MiB/s' },
      };
    }
  }
}

/**
 * Every group's series over the window: groups (an alarm's or a setting's queries) are never split
 * across calls; each call holds at most 500 queries and 100,800 datapoints; pages are followed.
 */
export async function fetchSeries(client: CloudWatchClient, groups: MetricDataQuery[][], window: { from: number; to: number },
  period: number): Promise<Map<string, Series>> {
  const points = Math.max(1, Math.ceil((window.to - window.from) / (period * 1000)));
  const perCall = Math.max(1, Math.min(MAX_QUERIES, Math.floor(MAX_DATAPOINTS / points)));
  const batches: MetricDataQuery[][] = [[]];
  for (const group of groups.filter((g) => g.length > 0)) {
    if (batches[batches.length - 1].length + group.length > perCall) {
      batches.push([]);
    }
    batches[batches.length - 1].push(...group);
  }
  const out = new Map<string, { timestamps: number[]; values: number[] }>();
  for (const batch of batches.filter((b) => b.length > 0)) {
    let token: string | undefined;
    do {
      const page = await client.send(new GetMetricDataCommand({
        MetricDataQueries: batch, StartTime: new Date(window.from), EndTime: new Date(window.to), ScanBy: 'TimestampAscending', NextToken: token,
      }));
      for (const r of page.MetricDataResults ?? []) {
        const s = out.get(r.Id!) ?? { timestamps: [], values: [] };
        (r.Timestamps ?? []).forEach((t, k) => {
          s.timestamps.push(new Date(t).getTime());
          s.values.push(r.Values![k]);
        });
        out.set(r.Id!, s);
      }
      token = page.NextToken;
    } while (token);
  }
  // Oldest first, whatever order the pages came in.
  for (const [key, s] of out) {
    const order = s.timestamps.map((_, k) => k).sort((a, b) => s.timestamps[a] - s.timestamps[b]);
    out.set(key, { timestamps: order.map((k) => s.timestamps[k]), values: order.map((k) => s.values[k]) });
  }
  return out;
}

/** Each alarm's moves into ALARM in the window (DescribeAlarmHistory, kept 30 days). */
async function alarmHistory(client: CloudWatchClient, names: string[], window: { from: number; to: number }, now: Date,
  unseen: string[]): Promise<Map<string, Array<{ at: string; reason?: string }>>> {
  const fired = new Map<string, Array<{ at: string; reason?: string }>>();
  if (now.getTime() - window.from > ALARM_HISTORY_DAYS * DAY) {
    unseen.push(`when the alarms fired: CloudWatch keeps alarm history ${ALARM_HISTORY_DAYS} days`);
    return fired;
  }
  for (const name of names) {
    let token: string | undefined;
    do {
      const page = await client.send(new DescribeAlarmHistoryCommand({
        AlarmName: name, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], HistoryItemType: 'StateUpdate',
        StartDate: new Date(window.from), EndDate: new Date(window.to), ScanBy: 'TimestampAscending', MaxRecords: 100, NextToken: token,
      }));
      for (const item of page.AlarmHistoryItems ?? []) {
        let data: any;
        try {
          data = JSON.parse(item.HistoryData ?? '{}');
        } catch {
          continue;
        }
        if (data?.newState?.stateValue === 'ALARM' && item.Timestamp) {
          fired.set(name, [...fired.get(name) ?? [], { at: new Date(item.Timestamp).toISOString(), reason: data.newState.stateReason }]);
        }
      }
      token = page.NextToken;
    } while (token);
  }
  return fired;
}

/** RDS event messages (RDS User Guide, "Amazon RDS event categories and event messages"). */
const RDS_MESSAGES = {
  classStart: /applying modification to (database|db) instance class/i, // RDS-EVENT-0012
  classEnd: /finished applying modification to (database|db) instance class/i, // RDS-EVENT-0014
  storageStart: /^applying modification to allocated storage/i, // RDS-EVENT-0018
  storageEnd: /finished applying modification to allocated storage/i, // RDS-EVENT-0017
  created: /^DB instance created/i, // RDS-EVENT-0005
  restarted: /^DB instance restarted/i, // RDS-EVENT-0006
};
/** The event that ends each kind of change, as the report names it. */
const RDS_EVENT_TEXT = {
  class: 'Finished applying modification to DB instance class', created: 'DB instance created', restarted: 'DB instance restarted',
};

/** When each of the plan's scale-ups took effect, where AWS keeps a record of it. */
async function readTiming(plan: EventPlanDocument, clients: ReviewClients, stackName: string | undefined, alarms: Map<string, MetricAlarm>,
  window: { from: number; to: number }, now: Date, clientsIn?: (region: string) => ReviewClients): Promise<TimingReading[]> {
  const out: TimingReading[] = [];
  const start = Date.parse(plan.startUtc);
  const activities = new Map<string, Promise<ScalingActivity[] | string>>();
  const events = new Map<string, Promise<RdsEvent[] | string>>();
  for (const tier of plan.tiers) {
    const own = tier.alarmNames.flatMap((n) => (alarms.has(n) ? [alarms.get(n)!] : []));
    const primary = dimensionsIn(own, 'AWS/RDS', ['DBInstanceIdentifier'], 'CPUUtilization')?.[0]?.Value;
    for (const c of tier.changes.filter((x) => x.direction === 'SCALE_UP' && x.scheduled)) {
      const base = {
        tier: tier.name, setting: c.setting, when: whenOf(c), atUtc: c.atUtc, readyByUtc: c.readyByUtc, leadTimeSeconds: c.leadTimeSeconds,
      };
      const at = Date.parse(c.atUtc);
      const readyBy = c.readyByUtc ? Date.parse(c.readyByUtc) : start;
      const verdict = (end: number) => (end <= readyBy ? 'IN TIME' : 'LATE') as TimingReading['verdict'];
      if (c.region !== undefined && !clientsIn) {
        out.push({ ...base, source: 'none', verdict: 'NOT FOUND', note: `in ${c.region}: no client for the Region` });
        continue;
      }
      // A scheduled action, or a RegisterScalableTarget call on a target another stack registered: its scaling activity.
      if (c.mechanism === 'APPLICATION_AUTO_SCALING' || c.action === 'applicationautoscaling:registerScalableTarget') {
        const key = c.scalableTargetLogicalId ?? c.scalableTargetId ?? '';
        if (!activities.has(key)) {
          activities.set(key, scalingActivities(c, clients, stackName, window, now));
        }
        const found = await activities.get(key)!;
        if (typeof found === 'string') {
          out.push({ ...base, source: 'scaling activity', verdict: 'NOT FOUND', note: found });
          continue;
        }
        // The scheduled action's activity: the first to start from its time on (it runs within a minute or so).
        const activity = found.find((a) => a.StartTime && a.StartTime.getTime() >= at - 60_000 && a.StartTime.getTime() <= at + HOUR);
        if (!activity?.StartTime) {
          out.push({ ...base, source: 'scaling activity', verdict: 'NOT FOUND', note: 'no scaling activity from its time' });
          continue;
        }
        const failed = activity.StatusCode === 'Failed' || activity.StatusCode === 'Unfulfilled';
        const end = activity.EndTime?.getTime();
        out.push({
          ...base, source: 'scaling activity', startedUtc: activity.StartTime.toISOString(), endedUtc: end === undefined ? undefined : new Date(end).toISOString(),
          tookSeconds: end === undefined ? undefined : (end - activity.StartTime.getTime()) / 1000,
          verdict: failed ? 'FAILED' : end === undefined ? 'NOT FOUND' : verdict(end),
          note: failed ? `${activity.StatusCode}: ${activity.StatusMessage ?? activity.Description ?? ''}`
            : end === undefined ? `still ${activity.StatusCode}` : 'the activity\'s end (Application Auto Scaling does not document that it waits for the capacity)',
        });
        continue;
      }
      // An event replica (here or in another Region) is timed by its own events: its creation, and
      // (a replica moved to its parameter group) its reboot; the move itself is taken at once.
      const replicaSetting = /^(event replica \d+(?: in [a-z0-9-]+)?)(?:: (reboot|parameter group))?$/.exec(c.setting);
      const created = replicaSetting && tier.changes.find((x) => x.setting === replicaSetting[1] && x.direction === 'SCALE_UP');
      const replica = created ? /^(\S+) \(/.exec(created.after)?.[1] : undefined;
      const kind = c.setting === 'instance class' ? 'class' : c.setting === 'storage' ? 'storage'
        : replicaSetting?.[2] === 'reboot' ? 'restarted' : replicaSetting && !replicaSetting[2] ? 'created' : undefined;
      if (kind === undefined) {
        out.push({ ...base, source: 'none', verdict: 'NO RECORD', note: c.setting === 'warm throughput'
          ? 'DynamoDB keeps no history of warm-throughput updates' : replicaSetting?.[2] === 'parameter group'
            ? 'the move to the group takes effect when the call returns (its values at the reboot, timed on its own)'
            : 'it takes effect when the call returns; AWS keeps no record of when' });
        continue;
      }
      const source = kind === 'class' || kind === 'storage' ? primary : replica;
      if (source === undefined) {
        out.push({ ...base, source: 'RDS events', verdict: 'NOT FOUND', note: kind === 'class' || kind === 'storage'
          ? 'the primary\'s identifier is unknown (its CPU alarm is not deployed)' : 'the replica\'s identifier is not in the plan' });
        continue;
      }
      const eventsKey = `${c.region ?? ''}|${source}`;
      if (!events.has(eventsKey)) {
        const rds = c.region === undefined ? clients.rds : clientsIn!(c.region).rds;
        events.set(eventsKey, rdsEvents(rds, source, window, now).catch((error) =>
          `not read${c.region ? ` in ${c.region}` : ''}: ${explain(error, { region: c.region, command: 'review' }).message}`));
      }
      const found = await events.get(eventsKey)!;
      if (typeof found === 'string') {
        out.push({ ...base, source: 'RDS events', verdict: 'NOT FOUND', note: found });
        continue;
      }
      const after = found.filter((e) => e.Date && e.Date.getTime() >= at - 60_000);
      const [startRe, endRe] = kind === 'class' ? [RDS_MESSAGES.classStart, RDS_MESSAGES.classEnd]
        : kind === 'storage' ? [RDS_MESSAGES.storageStart, RDS_MESSAGES.storageEnd]
          : [undefined, kind === 'created' ? RDS_MESSAGES.created : RDS_MESSAGES.restarted];
      const began = startRe ? after.find((e) => startRe.test(e.Message ?? '') && !endRe.test(e.Message ?? ''))?.Date : new Date(at);
      const ended = began ? after.find((e) => endRe.test(e.Message ?? '') && e.Date!.getTime() >= began.getTime())?.Date : undefined;
      if (!began || !ended) {
        // RDS documents events for allocated storage, none for an IOPS or throughput change alone: not a missing record.
        out.push(kind === 'storage'
          ? { ...base, source: 'RDS events', verdict: 'NO RECORD', startedUtc: began?.toISOString(),
            note: 'no storage modification event (RDS documents them for allocated storage, none for an IOPS or throughput change alone)' }
          : { ...base, source: 'RDS events', verdict: 'NOT FOUND', startedUtc: began?.toISOString(),
            note: `no RDS event '${RDS_EVENT_TEXT[kind]}' for ${source} after its time${c.region ? ` in ${c.region}` : ''}` });
        continue;
      }
      out.push({ ...base, source: 'RDS events', startedUtc: began.toISOString(), endedUtc: ended.toISOString(),
        tookSeconds: (ended.getTime() - began.getTime()) / 1000, verdict: verdict(ended.getTime()),
        note: kind === 'created' ? 'from the create call to RDS-EVENT-0005 (DB instance created)'
          : kind === 'restarted' ? 'from the reboot call to RDS-EVENT-0006 (DB instance restarted)' : undefined });
    }
  }
  return out;
}

/** A scalable target's scaling activities in the window (kept six weeks), or why they cannot be read. */
async function scalingActivities(c: EventPlanChange, clients: ReviewClients, stackName: string | undefined, window: { from: number; to: number },
  now: Date): Promise<ScalingActivity[] | string> {
  if (now.getTime() - window.from > SCALING_ACTIVITY_DAYS * DAY) {
    return 'Application Auto Scaling keeps scaling activities six weeks';
  }
  let physicalId = c.scalableTargetId;
  if (physicalId === undefined) {
    if (c.scalableTargetLogicalId === undefined) {
      return 'its scalable target is registered by another stack, and its resource ID is known only once deployed';
    }
    if (stackName === undefined) {
      return 'its scalable target cannot be found without the deployed stack\'s name';
    }
    const resource = await notFoundAsEmpty(() => clients.cloudFormation.send(new DescribeStackResourceCommand({
      StackName: stackName, LogicalResourceId: c.scalableTargetLogicalId,
    })));
    physicalId = resource?.StackResourceDetail?.PhysicalResourceId;
  }
  const [resourceId, dimension, namespace] = (physicalId ?? '').split('|');
  if (!resourceId || !dimension || !namespace) {
    return `scalable target ${c.scalableTargetLogicalId} not found in stack ${stackName}`;
  }
  const found: ScalingActivity[] = [];
  let token: string | undefined;
  do {
    const page = await clients.applicationAutoScaling.send(new DescribeScalingActivitiesCommand({
      ServiceNamespace: namespace as ServiceNamespace, ResourceId: resourceId, ScalableDimension: dimension as any, NextToken: token,
    }));
    const items = page.ScalingActivities ?? [];
    found.push(...items);
    // Newest first: stop once past the window's start.
    token = items.some((a) => a.StartTime && a.StartTime.getTime() < window.from) ? undefined : page.NextToken;
  } while (token);
  return found.sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0));
}

/** An instance's RDS events in the window (kept 14 days), oldest first, or why they cannot be read. */
async function rdsEvents(rds: RDSClient, id: string, window: { from: number; to: number }, now: Date): Promise<RdsEvent[] | string> {
  if (now.getTime() - window.from > RDS_EVENTS_DAYS * DAY) {
    return `RDS keeps events ${RDS_EVENTS_DAYS} days`;
  }
  const found: RdsEvent[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(new DescribeEventsCommand({
      SourceIdentifier: id, SourceType: 'db-instance', StartTime: new Date(window.from), EndTime: new Date(window.to), MaxRecords: 100, Marker: marker,
    }));
    found.push(...page.Events ?? []);
    marker = page.Marker;
  } while (marker);
  return found.sort((a, b) => (a.Date?.getTime() ?? 0) - (b.Date?.getTime() ?? 0));
}
