import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient, CompositeAlarm, DescribeAlarmsCommand, GetMetricDataCommand, MetricAlarm, MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventPlanDocument } from '../readiness/plan-document';
import { CliError } from './assembly';
import { explain } from './aws-errors';
import { CliIo, EXIT, fits, painter, table, wrap } from './io';
import { ChangeReading, QueueReading, readChanges, readQueue, RealityClients } from './reality';

/** Options of `event-readiness check`. */
export interface CheckOptions {
  /** The event's name: its alarms are named `<event>-…`. */
  readonly event: string;
  /** The AWS Region. */
  readonly region?: string;
  /** The AWS profile. */
  readonly profile?: string;
  /** Print JSON. */
  readonly json?: boolean;
  /** How far back to look for each alarm's latest value. @default 60 minutes */
  readonly windowMinutes?: number;
  /** A metric within this share of its threshold is AT RISK. @default 0.2 */
  readonly riskHeadroom?: number;
  /**
   * The exact names of the event's alarms, from its plan (`--app`). Without them, they are read
   * from the deployed alarms: the event's composite `<event>-health` and the alarms its rule
   * names, down the tree.
   */
  readonly expectedAlarms?: string[];
  /**
   * The event's plan (from `--app` or `--stack`): every change due is compared with the resource
   * as AWS reports it. Without it, only alarms are read, and the verdict is at best AT RISK.
   */
  readonly plan?: EventPlanDocument;
  /** Where the plan came from, for the report. */
  readonly planSource?: string;
  /** The deployed readiness stack the plan is in (its scalable targets are read through it). */
  readonly stackName?: string;
}

/** One alarm's reading. */
export interface AlarmReading {
  readonly name: string;
  /**
   * `missing`: the event's plan (or its composite alarms) names it, but CloudWatch has no such alarm;
   * `unread`: the alarms of another Region of the event could not be read (`error` says why).
   */
  readonly kind: 'metric' | 'composite' | 'missing' | 'unread';
  /**
   * Why the alarms of a Region could not be read (`unread`).
   * @default - none
   */
  readonly error?: string;
  readonly state: string;
  readonly value?: number;
  readonly valueAt?: string;
  readonly threshold?: number;
  readonly comparison?: string;
  /** How far the value is from the threshold, as a share of the threshold (negative: breaching). */
  readonly headroom?: number;
  readonly verdict: 'READY' | 'AT RISK' | 'NOT READY';
  /** The Region of an alarm of the event in another Region (its companion stack's). */
  readonly region?: string;
}

/** The version of `check --json`'s report: a new one for any change a reader could trip on. */
export const CHECK_REPORT_SCHEMA_VERSION = 1;

/** What `check` found. */
export interface CheckReport {
  readonly schemaVersion: number;
  readonly event: string;
  readonly region?: string;
  readonly checkedAt: string;
  readonly verdict: 'READY' | 'AT RISK' | 'NOT READY';
  readonly alarms: AlarmReading[];
  /** Where the plan came from; absent when none was read (capacity not compared). */
  readonly plan?: string;
  /** Each change of the plan against the resource now (with a plan). */
  readonly changes?: ChangeReading[];
  /** The schedules' dead-letter queue. */
  readonly deadLetterQueue?: QueueReading;
  /** The dead-letter queues of the event's other Regions (with a plan that has some). */
  readonly deadLetterQueuesElsewhere?: Array<QueueReading & { readonly region: string }>;
}

/** The clients `check` reads with. */
export interface CheckClients extends RealityClients {
  readonly cloudWatch: CloudWatchClient;
}

/** The CloudWatch client the CLI uses: the SDK's adaptive retry absorbs throttling. */
export function cloudWatchClient(options: { region?: string; profile?: string }): CloudWatchClient {
  return new CloudWatchClient(clientConfig(options));
}

/** Every client `check` uses, with the same Region, profile and adaptive retries. */
export function checkClients(options: { region?: string; profile?: string }): CheckClients {
  const config = clientConfig(options);
  return {
    cloudWatch: new CloudWatchClient(config),
    scheduler: new SchedulerClient(config),
    rds: new RDSClient(config),
    dynamodb: new DynamoDBClient(config),
    sqs: new SQSClient(config),
    applicationAutoScaling: new ApplicationAutoScalingClient(config),
    lambda: new LambdaClient(config),
    cloudFormation: new CloudFormationClient(config),
    stepFunctions: new SFNClient(config),
    ecs: new ECSClient(config),
  };
}

export function clientConfig(options: { region?: string; profile?: string }) {
  return { region: options.region, profile: options.profile, maxAttempts: 8, retryMode: 'adaptive' };
}

const MAX_QUERIES_PER_REQUEST = 500;

/** `event-readiness check`: reads the event's alarms and their metrics, and says whether it is ready. */
export async function checkCommand(options: CheckOptions, io: CliIo, clients: CheckClients,
  clientsIn?: (region: string) => CheckClients): Promise<number> {
  const client = clients.cloudWatch;
  const riskHeadroom = options.riskHeadroom ?? 0.2;
  const progress = progressLine(io);
  let report: CheckReport;
  try {
    progress('Reading alarms…');
    const expected = options.expectedAlarms ?? await namesUnderComposite(client, `${options.event}-health`);
    if (expected === undefined) {
      progress(undefined);
      throw new CliError(`No alarm '${options.event}-health' found` + (options.region ? ` in ${options.region}` : '')
        + ': is the event\'s readiness stack deployed in this account and Region, and is the event name right?', EXIT.FAILED, 'NO_HEALTH_ALARM');
    }
    const own = await readAlarms(client, expected, io, options, riskHeadroom, progress);
    progress(undefined);
    const alarms: AlarmReading[] = [...own.alarms];
    // The event's other Regions: their alarms (and composite) and dead-letter queue, each read there.
    const deadLetterQueuesElsewhere: Array<QueueReading & { region: string }> = [];
    for (const r of options.plan?.regions ?? []) {
      progress(`Reading alarms in ${r.region}…`);
      const there = clientsIn ? clientsIn(r.region) : undefined;
      // A Region that cannot be read (not enabled, denied, unreachable) is said as such; the others still are.
      const unread = (error: string): AlarmReading => ({
        name: r.healthAlarmName, kind: 'unread', state: 'NOT READ', verdict: 'AT RISK', region: r.region, error,
      });
      if (!there) {
        alarms.push(unread('no client for the Region'));
        continue;
      }
      try {
        const read = await readAlarms(there.cloudWatch, [r.healthAlarmName, ...r.alarmNames], io, options, riskHeadroom, progress);
        alarms.push(...read.alarms.map((a) => ({ ...a, region: r.region })));
        const queue = read.queueName === undefined ? undefined : await readQueue(there.sqs, read.queueName);
        if (queue) {
          deadLetterQueuesElsewhere.push({ ...queue, region: r.region });
        }
      } catch (error) {
        alarms.push(unread(`in ${r.region}: ${explain(error, { region: r.region, endpointUrl: io.env.AWS_ENDPOINT_URL }).message}`));
      }
    }
    alarms.sort((x, y) => x.name.localeCompare(y.name));
    let changes: ChangeReading[] | undefined;
    if (options.plan) {
      progress('Reading the resources the plan changes…');
      changes = await readChanges(options.plan, io.now(), clients, options.stackName, clientsIn);
    }
    const deadLetterQueue = own.queueName === undefined ? undefined : await readQueue(clients.sqs, own.queueName);
    progress(undefined);
    const verdicts = [...alarms.map((a) => a.verdict), ...(changes ?? []).map((c) => c.verdict), deadLetterQueue?.verdict,
      ...deadLetterQueuesElsewhere.map((q) => q.verdict)];
    const verdict = verdicts.includes('NOT READY') ? 'NOT READY'
      // Without the plan, nothing says the capacity is there: at best AT RISK.
      : verdicts.includes('AT RISK') || !options.plan ? 'AT RISK' : 'READY';
    report = {
      schemaVersion: CHECK_REPORT_SCHEMA_VERSION, event: options.event, region: options.region, checkedAt: io.now().toISOString(),
      verdict, alarms, plan: options.planSource, changes, deadLetterQueue,
      deadLetterQueuesElsewhere: deadLetterQueuesElsewhere.length > 0 ? deadLetterQueuesElsewhere : undefined,
    };
  } catch (error) {
    progress(undefined);
    throw explain(error, { region: options.region, endpointUrl: io.env.AWS_ENDPOINT_URL });
  }
  if (options.json) {
    io.out(JSON.stringify(report, undefined, 2) + '\n');
  } else {
    io.out(render(report, io) + '\n');
  }
  return report.verdict === 'READY' ? EXIT.READY : report.verdict === 'AT RISK' ? EXIT.AT_RISK : EXIT.NOT_READY;
}

/** The readings of alarms of these exact names in a client's Region, and the name of the dead-letter queue one of them watches. */
async function readAlarms(client: CloudWatchClient, expected: string[], io: CliIo, options: CheckOptions, riskHeadroom: number,
  progress: (text: string | undefined) => void): Promise<{ alarms: AlarmReading[]; queueName?: string }> {
  const { metricAlarms, compositeAlarms } = await describeAlarms(client, expected);
  const found = new Set([...metricAlarms, ...compositeAlarms].map((a) => a.AlarmName));
  const values = await latestValues(client, metricAlarms, io, options.windowMinutes ?? 60, progress);
  return {
    alarms: [
      ...compositeAlarms.map((a): AlarmReading => ({
        name: a.AlarmName!, kind: 'composite', state: a.StateValue ?? 'UNKNOWN',
        verdict: a.StateValue === 'ALARM' ? 'NOT READY' : a.StateValue === 'INSUFFICIENT_DATA' ? 'AT RISK' : 'READY',
      })),
      ...expected.filter((name) => !found.has(name)).map((name): AlarmReading => ({ name, kind: 'missing', state: 'MISSING', verdict: 'NOT READY' })),
      ...metricAlarms.map((a, i) => reading(a, values.get(i), riskHeadroom)),
    ],
    queueName: metricAlarms.find((a) => a.AlarmName?.endsWith('-scheduled-change-failed'))
      ?.Dimensions?.find((d) => d.Name === 'QueueName')?.Value,
  };
}

/** The alarms of these exact names (DescribeAlarms takes up to 100 names a call). */
export async function describeAlarms(client: CloudWatchClient, names: string[]) {
  const metricAlarms: MetricAlarm[] = [];
  const compositeAlarms: CompositeAlarm[] = [];
  for (let first = 0; first < names.length; first += 100) {
    let token: string | undefined;
    do {
      const page = await client.send(new DescribeAlarmsCommand({
        AlarmNames: names.slice(first, first + 100),
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: token,
      }));
      metricAlarms.push(...(page.MetricAlarms ?? []));
      compositeAlarms.push(...(page.CompositeAlarms ?? []));
      token = page.NextToken;
    } while (token);
  }
  return { metricAlarms, compositeAlarms };
}

/**
 * The names of a composite alarm and of every alarm its rule names, down the tree (the event's
 * composite names each tier's, which names the tier's alarms); undefined when the composite
 * does not exist. Exact names: `prime-day` never picks up `prime-day-2027-…`.
 */
async function namesUnderComposite(client: CloudWatchClient, root: string): Promise<string[] | undefined> {
  const names: string[] = [];
  let level = [root];
  while (level.length > 0) {
    names.push(...level);
    const { compositeAlarms } = await describeAlarms(client, level);
    if (level[0] === root && !compositeAlarms.some((a) => a.AlarmName === root)) {
      return undefined;
    }
    level = [...new Set(compositeAlarms.flatMap((a) => alarmsInRule(a.AlarmRule ?? '')))].filter((n) => !names.includes(n));
  }
  return names;
}

/** The alarm names a composite alarm rule refers to: `ALARM("name")`, `OK(arn:…:alarm:name)`, … */
export function alarmsInRule(rule: string): string[] {
  return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g)]
    .map((m) => m[1].replace(/^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:/, ''));
}

/** The queries that compute an alarm's metric, with ids made unique to the alarm (`a<index>_…`). */
export function queriesFor(alarm: MetricAlarm, index: number): MetricDataQuery[] {
  const prefix = `a${index}`;
  if (alarm.Metrics && alarm.Metrics.length > 0) {
    const ids = alarm.Metrics.map((m) => m.Id!);
    const rename = (expression: string) => ids.reduce(
      (e, id) => e.replace(new RegExp(`\\b${id}\\b`, 'g'), `${prefix}_${id}`), expression);
    return alarm.Metrics.map((m) => ({
      Id: `${prefix}_${m.Id}`,
      Expression: m.Expression ? rename(m.Expression) : undefined,
      MetricStat: m.MetricStat,
      Period: m.Period,
      ReturnData: m.ReturnData ?? false,
      Label: m.Label,
    }));
  }
  return [{
    Id: prefix,
    MetricStat: {
      Metric: { Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions },
      Period: alarm.Period ?? 60,
      Stat: alarm.Statistic ?? alarm.ExtendedStatistic,
      Unit: alarm.Unit,
    },
    ReturnData: true,
  }];
}

async function latestValues(client: CloudWatchClient, alarms: MetricAlarm[], io: CliIo, windowMinutes: number,
  progress: (text: string | undefined) => void): Promise<Map<number, { value: number; at: string }>> {
  // Batches of at most 500 queries, never splitting one alarm's queries.
  const batches: MetricDataQuery[][] = [[]];
  alarms.forEach((alarm, i) => {
    const queries = queriesFor(alarm, i);
    if (batches[batches.length - 1].length + queries.length > MAX_QUERIES_PER_REQUEST) {
      batches.push([]);
    }
    batches[batches.length - 1].push(...queries);
  });
  const end = io.now();
  const start = new Date(end.getTime() - windowMinutes * 60_000);
  const values = new Map<number, { value: number; at: string }>();
  let done = 0;
  for (const batch of batches.filter((b) => b.length > 0)) {
    let token: string | undefined;
    do {
      const page = await client.send(new GetMetricDataCommand({
        MetricDataQueries: batch, StartTime: start, EndTime: end, ScanBy: 'TimestampDescending', NextToken: token,
      }));
      for (const result of page.MetricDataResults ?? []) {
        const index = Number(/^a(\d+)/.exec(result.Id ?? '')?.[1]);
        const value = result.Values?.[0];
        const at = result.Timestamps?.[0];
        if (Number.isInteger(index) && value !== undefined && at && !values.has(index)) {
          values.set(index, { value, at: new Date(at).toISOString() });
        }
      }
      token = page.NextToken;
    } while (token);
    done += new Set(batch.map((q) => q.Id!.split('_')[0])).size;
    progress(`Fetched metrics of ${done}/${alarms.length} alarms…`);
  }
  return values;
}

function reading(alarm: MetricAlarm, latest: { value: number; at: string } | undefined, riskHeadroom: number): AlarmReading {
  const threshold = alarm.Threshold;
  const comparison = alarm.ComparisonOperator;
  let headroom: number | undefined;
  if (latest && threshold !== undefined && comparison) {
    const gap = comparison.startsWith('Greater') ? threshold - latest.value
      : comparison.startsWith('Less') ? latest.value - threshold : undefined;
    if (gap !== undefined) {
      // A share of 0 means nothing: an alarm on 0 is judged on its state alone (a healthy 0 is not AT RISK).
      headroom = threshold === 0 ? undefined : gap / Math.abs(threshold);
    }
  }
  const state = alarm.StateValue ?? 'UNKNOWN';
  // INSUFFICIENT_DATA: no datapoints where the alarm expects them (a metric a running resource
  // always emits, a wrong dimension): nothing says the tier is fine.
  const verdict = state === 'ALARM' ? 'NOT READY'
    : state === 'INSUFFICIENT_DATA' || (headroom !== undefined && headroom < riskHeadroom) ? 'AT RISK' : 'READY';
  return {
    name: alarm.AlarmName!, kind: 'metric', state, value: latest?.value, valueAt: latest?.at, threshold,
    comparison, headroom, verdict,
  };
}

function render(report: CheckReport, io: CliIo): string {
  const p = painter(io);
  const colour = (v: AlarmReading['verdict']) => (v === 'READY' ? p.green : v === 'AT RISK' ? p.yellow : p.red);
  const symbol: { [op: string]: string } = {
    GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '>=', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=',
  };
  // An event with parts in other Regions gets a Region column, never cut (names are, from their end).
  const regional = report.alarms.some((a) => a.region !== undefined) || (report.changes ?? []).some((c) => c.region !== undefined);
  const where = (region: string | undefined) => (regional ? [region ?? report.region ?? '(own)'] : []);
  // Every alarm of the event starts with its name, which the header gives: the rest is what tells them apart.
  const prefix = `${report.event}-`;
  // And an alarm of another Region, the Region its column gives.
  const shown = (a: AlarmReading) => {
    const name = a.name.startsWith(prefix) ? a.name.slice(prefix.length) : a.name;
    return a.region === undefined ? name : name.replace(new RegExp(`^${a.region}-|-${a.region}$`), '');
  };
  const rows = report.alarms.map((a) => [
    ...where(a.region),
    shown(a),
    a.state === 'ALARM' ? p.red(a.state) : a.state === 'OK' ? a.state : p.yellow(a.state),
    a.kind === 'composite' ? '(composite)' : a.kind === 'missing' ? 'not found' : a.kind === 'unread' ? `not read: ${a.error}`
      : a.value === undefined ? 'no data' : number(a.value),
    a.threshold === undefined ? '' : `${symbol[a.comparison ?? ''] ?? a.comparison} ${number(a.threshold)}`,
    a.headroom === undefined ? '' : `${Math.round(a.headroom * 100)} %`,
    colour(a.verdict)(a.verdict),
  ]);
  const changeColour = (v: ChangeReading['verdict']) => (v === 'READY' ? p.green : v === 'AT RISK' ? p.yellow
    : v === 'NOT READY' ? p.red : p.dim);
  const capacity = report.changes === undefined
    ? [p.yellow(wrap('Capacity not compared with the plan, nor the event\'s alarms in other Regions read, if it has any: pass '
      + '--app DIR (the synthesized app) or --stack NAME (the deployed readiness stack) to read them.', io.columns, ''))]
    : [p.bold(`Capacity against the plan (${report.plan})`), changeTable(report.changes, where, regional ? ['region'] : [],
      (c) => changeColour(c.verdict)(c.verdict), io.columns)];
  const queue = [...report.deadLetterQueue ? [report.deadLetterQueue] : [], ...report.deadLetterQueuesElsewhere ?? []]
    .map((q) => `Dead-letter queue ${q.queueName}${'region' in q ? ` in ${q.region}` : ''}: ${q.actual}`
      + (q.verdict === 'READY' ? '' : ` ${p.red('NOT READY')}`));
  return [
    // Wrapped before the event's name is made bold (wrap counts characters).
    wrap(`Event ${report.event} — ${report.alarms.length} alarms` + (report.region ? ` in ${report.region}` : '')
      + (regional ? ` and ${[...new Set(report.alarms.flatMap((a) => (a.region ? [a.region] : [])))].join(', ')}` : '')
      + ` at ${report.checkedAt}`, io.columns, '  ').replace(`Event ${report.event}`, p.bold(`Event ${report.event}`)),
    '',
    table([[...regional ? ['region'] : [], `alarm (${prefix}…)`, 'state', 'value', 'threshold', 'headroom', 'verdict'], ...rows], '  ', io.columns,
      regional ? [0] : []),
    '',
    ...capacity,
    ...queue,
    '',
    colour(report.verdict)(p.bold(report.verdict)),
  ].join('\n');
}

/**
 * The changes against the plan, fitted to the width without cutting what they are read for: the
 * whole table when it fits; else each change's Region, tier, step and verdict on a row, and its
 * setting with the planned and actual values on lines of their own under it (wrapped, never cut).
 */
function changeTable(changes: ChangeReading[], where: (region: string | undefined) => string[], regionHeader: string[],
  verdict: (c: ChangeReading) => string, width: number | undefined): string {
  const full = table([[...regionHeader, 'tier', 'when', 'setting', 'planned', 'actual', 'verdict'],
    ...changes.map((c) => [...where(c.region), c.tier, c.when, c.setting, c.planned, c.actual, verdict(c)])], '  ');
  if (fits(full, width)) {
    return full;
  }
  const rows = table([[...regionHeader, 'tier', 'when', 'verdict'], ...changes.map((c) => [...where(c.region), c.tier, c.when, verdict(c)])],
    '  ').split('\n');
  return [rows[0], ...changes.flatMap((c, i) => [rows[i + 1], wrap(`    ${c.setting}: ${c.planned}`, width, '      '),
    wrap(`      now: ${c.actual}`, width, '        ')])].join('\n');
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 1 ? 3 : 1);
}

function progressLine(io: CliIo): (text: string | undefined) => void {
  let shown = false;
  return (text) => {
    // Progress goes to standard error: shown when that is a terminal, whatever stdout is.
    if (!io.isErrTty) {
      return;
    }
    if (text === undefined) {
      if (shown) {
        io.err('\r\u001b[K');
      }
      shown = false;
      return;
    }
    io.err(`\r\u001b[K${text}`);
    shown = true;
  };
}
