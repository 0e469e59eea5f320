import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { addFlashSale, addPrimeDay } from '../examples';
import { EventReadinessStack, EventWindow, StatelessTier } from '../lib';
import { readPlans } from '../lib/cli/assembly';
import { checkedRegion } from '../lib/cli/aws-errors';
import { alarmsInRule, checkClients, checkCommand, cloudWatchClient, queriesFor } from '../lib/cli/check';
import { CliIo, wrap } from '../lib/cli/io';
import { seriesOf } from '../lib/cli/lanes';
import { main } from '../lib/cli/main';
import { judge } from '../lib/cli/plan';
import { editDistance, nearest } from '../lib/cli/suggest';
import { newApp } from './support/app';
import { awsOverHttp, HttpAnswer, runCli } from './support/aws-over-http';
import { synthesizedStacks, TemplateResolver } from './support/oracle-app';

const NOW = new Date('2027-01-01T00:00:00Z');
/**
 * Tests that start the built CLI as a process: Node's start-up alone can take seconds on a loaded
 * machine, so they get far more than Jest's 5 s, and each process a limit of its own below it.
 */
const SPAWN_TEST_TIMEOUT = 60_000;
const SPAWN_TIMEOUT = 45_000;
const SPAWN = { encoding: 'utf8', timeout: SPAWN_TIMEOUT } as const;

function fakeIo(overrides: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const io: CliIo = {
    out: (t) => out.push(t), err: (t) => err.push(t), isTty: false, env: {}, now: () => new Date('2027-07-12T23:00:00Z'),
    writeFile: (p, c) => files.set(p, c), ...overrides,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), files };
}

// One cloud assembly with both examples, synthesized once for the file.
const app = newApp();
addFlashSale(app, { now: NOW });
addPrimeDay(app, { now: NOW });
const assemblyDir = app.synth().directory;

// The CLI's colour is ANSI escapes: the tests look for ESC (a control character) on purpose.
/* eslint-disable no-control-regex */
describe('plan (offline, from the cloud assembly)', () => {
  test('finds every event plan in the assembly', () => {
    expect(readPlans(assemblyDir).map((p) => [p.stackName, p.plan.eventName, p.plan.calendar]).sort()).toEqual([
      ['FlashSale2027Readiness', 'flash-sale-2027', undefined],
      ['PrimeShopCalendar', 'black-friday-2027', 'PrimeShopCalendar/Calendar'],
      ['PrimeShopCalendar', 'prime-day-2027', 'PrimeShopCalendar/Calendar'],
    ]);
  });

  test('without --event, several events are listed one line each, in time order', async () => {
    const { io, out } = fakeIo();
    expect(await main(['plan', '--app', assemblyDir], io)).toBe(0);
    const lines = out().split('\n');
    expect(lines[0]).toBe('3 events, in time order:');
    const rows = lines.filter((l) => /^ {2}\S+-2027 /.test(l)).map((l) => l.trim());
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['prime-day-2027', 'black-friday-2027', 'flash-sale-2027']);
    expect(rows[0]).toMatch(/^prime-day-2027\s+2027-07-13 00:00 to 2027-07-15 00:00 America\/Los_Angeles\s+PrimeShopCalendar \(calendar\)\s+3\s+\d+\s+every scale-up on time$/);
    expect(rows[2]).toMatch(/FlashSale2027Readiness\s+2\s/);
    expect(out()).toContain('Run with --event NAME for an event\'s timeline and changes.');
    expect(out()).not.toContain('Timeline');
  });

  test('the one-line summary shows each window in the --tz zone when given', async () => {
    const { io, out } = fakeIo();
    await main(['plan', '--app', assemblyDir, '--tz', 'UTC'], io);
    expect(out()).toMatch(/prime-day-2027\s+2027-07-13 07:00 to 2027-07-15 07:00 UTC\s/);
    expect(out()).toMatch(/black-friday-2027\s+2027-11-26 05:00 to 2027-11-27 11:00 UTC\s/);
  });

  test('--event picks one event of a calendar, with its notes and its calendar', async () => {
    const { io, out } = fakeIo();
    expect(await main(['plan', '--app', assemblyDir, '--event', 'black-friday-2027'], io)).toBe(0);
    const text = out();
    expect(text).toContain('Event black-friday-2027: 2027-11-26T00:00 to 2027-11-27T06:00 America/New_York '
      + '(stack PrimeShopCalendar, calendar PrimeShopCalendar/Calendar)');
    expect(text).toContain("note: warm throughput read stays at 40000/s, raised by event 'prime-day-2027'");
    expect(text).not.toContain('Event prime-day-2027');
  });

  test('a plan of another schema version is refused with what to do, not misread', async () => {
    // GIVEN a copy of the assembly whose flash-sale plan says schema version 1 (the shape before `before`/`after`)
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'old-plan-'));
    fs.cpSync(assemblyDir, copy, { recursive: true });
    const file = path.join(copy, 'FlashSale2027Readiness.template.json');
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    const key = Object.keys(template.Metadata).find((k) => k.startsWith('cdk-event-readiness/plan/'))!;
    template.Metadata[key].schemaVersion = 1;
    fs.writeFileSync(file, JSON.stringify(template));
    // WHEN the CLI reads it THEN it exits 3 naming the versions
    const { io, err } = fakeIo();
    expect(await main(['plan', '--app', copy], io)).toBe(3);
    expect(err()).toContain('has schema version 1; this CLI reads version 2');
    fs.rmSync(copy, { recursive: true, force: true });
  });

  test('prints the timeline with local and UTC times, every change with from -> to, lead and verdict', async () => {
    const { io, out } = fakeIo();
    expect(await main(['plan', '--app', assemblyDir, '--event', 'flash-sale-2027'], io)).toBe(0);
    const text = out();
    expect(text).toContain('Event flash-sale-2027: 2027-11-26T09:00 to 2027-11-26T21:00 America/New_York (stack FlashSale2027Readiness)');
    expect(text).toMatch(/prewarm\s+2027-11-26 07:00 \(-05:00\)\s+2027-11-26 12:00Z/);
    expect(text).toMatch(/provisioned concurrency\s+0 -> 400\s+auto scaling lambda:function:ProvisionedConcurrency\s+15 min\s+ready, 1 h 45 min to spare/);
    expect(text).toMatch(/ACU range\s+0.5-8 ACU -> 4-32 ACU/);
    expect(text).toContain('Every scale-up takes effect before the start (2027-11-26 14:00Z).');
    expect(text).not.toContain('prime-day');
    expect(text).not.toMatch(/\u001b\[/); // no colour off a terminal
  });

  test('colour on a terminal, none with NO_COLOR', async () => {
    const tty = fakeIo({ isTty: true });
    await main(['plan', '--app', assemblyDir, '--event', 'flash-sale-2027'], tty.io);
    expect(tty.out()).toMatch(/\u001b\[32mready/);
    const noColour = fakeIo({ isTty: true, env: { NO_COLOR: '1' } });
    await main(['plan', '--app', assemblyDir, '--event', 'flash-sale-2027'], noColour.io);
    expect(noColour.out()).not.toMatch(/\u001b\[/);
  });

  test('--tz shows local times in another zone', async () => {
    const { io, out } = fakeIo();
    await main(['plan', '--app', assemblyDir, '--event', 'flash-sale-2027', '--tz', 'Asia/Kolkata'], io);
    expect(out()).toMatch(/prewarm\s+2027-11-26 17:30 \(\+05:30\)\s+2027-11-26 12:00Z/);
  });

  test('--json gives the plans with a verdict per change', async () => {
    const { io, out } = fakeIo();
    await main(['plan', '--app', assemblyDir, '--json'], io);
    const reports = JSON.parse(out());
    expect(reports).toHaveLength(3);
    const prime = reports.find((r: any) => r.plan.eventName === 'prime-day-2027');
    expect(prime.readyOnTime).toBe(true);
    const replica = prime.changes.find((c: any) => c.setting === 'event replica 1' && c.direction === 'SCALE_UP');
    expect(replica).toMatchObject({ tier: 'orders', verdict: 'ready', atUtc: '2027-07-13T02:45:00Z', marginSeconds: 3600 });
  });

  test('a plan whose scale-up would finish after the start is judged late (exit 2)', () => {
    const found = readPlans(assemblyDir).find((p) => p.plan.eventName === 'flash-sale-2027')!;
    const tampered = JSON.parse(JSON.stringify(found));
    tampered.plan.tiers[0].changes[0].leadTimeSeconds = 3 * 3600;
    const report = judge(tampered);
    expect(report.readyOnTime).toBe(false);
    expect(report.changes[0].verdict).toBe('late');
  });

  test('--svg writes the chart of the events chosen (test/chart.test.ts checks its structure); --tz sets its zone', async () => {
    const { io, files, err } = fakeIo();
    await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', '--svg', 'chart.svg', '--tz', 'UTC'], io);
    const svg = files.get('chart.svg')!;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g class="event" data-event="([\w-]+)"/g)).toEqual(['<g class="event" data-event="prime-day-2027"']);
    expect(svg).toContain('data-zone="UTC"');
    expect(err()).toBe('Chart written to chart.svg\n');
  });

  test('series: values in time order, starting from the numeric "from" of the first change', () => {
    const found = readPlans(assemblyDir).find((p) => p.plan.eventName === 'prime-day-2027')!;
    const catalog = found.plan.tiers.find((t) => t.name === 'catalog')!;
    const [pc] = seriesOf(catalog.changes);
    expect(pc.name).toBe('provisioned concurrency');
    expect(pc.points.map(([, v]) => v)).toEqual([0, 800, 600, 400, 200, 0]);
    const orders = found.plan.tiers.find((t) => t.name === 'orders')!;
    const [replicas] = seriesOf(orders.changes);
    expect(replicas.name).toBe('event replica');
    expect(replicas.points.map(([, v]) => v)).toEqual([0, 1, 2, 3, 2, 1, 0]);
  });

  test.each([
    // README and help: 3 when no plan is found or the assembly cannot be read; 64 is for the command line itself.
    [['plan', '--app', '/nonexistent'], 3, "No cloud assembly at '/nonexistent' (no such directory): run 'npx cdk synth' first"],
    [['plan', '--app', os.tmpdir()], 3, `No cloud assembly at '${os.tmpdir()}' (no manifest.json in it): run 'npx cdk synth' first`],
    [['check', '--event', 'x', '--app', '/nonexistent'], 3, "No cloud assembly at '/nonexistent'"],
    [['plan', '--app', assemblyDir, '--event', 'nope'], 3, "No event 'nope' in the cloud assembly; events found: flash-sale-2027, prime-day-2027"],
    [['plan', '--app', assemblyDir, '--tz', 'Mars/Base'], 64, "--tz must be an IANA time zone such as 'Europe/Berlin', got 'Mars/Base'"],
    [['plan', '--bogus'], 64, "Unknown option '--bogus'"],
    [['frobnicate'], 64, "Unknown command 'frobnicate'"],
    [['check'], 64, 'check needs --event NAME'],
    [['check', '--event', 'x', '--window', '0'], 64, "--window must be a whole number of minutes from 1 to 1440, got '0'"],
  ])('%j → exit %i with a clear message', async (argv, code, message) => {
    const { io, err } = fakeIo();
    expect(await main(argv as string[], io)).toBe(code);
    expect(err()).toContain(message);
    expect(err()).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('--help for every command', async () => {
    for (const argv of [['--help'], ['plan', '--help'], ['check', '--help']]) {
      const { io, out } = fakeIo();
      expect(await main(argv, io)).toBe(0);
      expect(out()).toContain('event-readiness');
    }
  });
});

describe('check (CloudWatch, mocked)', () => {
  const cw = mockClient(CloudWatchClient);
  const scheduler = mockClient(SchedulerClient);
  // The mocks replace send() on the client classes: put back for the files the worker runs next.
  afterAll(() => [cw, scheduler].forEach((m) => m.restore()));
  beforeEach(() => {
    cw.reset();
    scheduler.reset();
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: [] });
  });
  /** A plan with no changes: capacity compared, nothing to compare. */
  const NOTHING_PLANNED = { ...readPlans(assemblyDir)[0].plan, eventName: 'sale', tiers: [], scheduleGroup: 'sale' };

  const metricAlarm = (name: string, threshold: number, state = 'OK', extra: Partial<MetricAlarm> = {}): MetricAlarm => ({
    AlarmName: name, StateValue: state as any, Threshold: threshold, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{ Name: 'FunctionName', Value: 'f' }], Period: 60,
    Statistic: 'Sum', ...extra,
  });

  /**
   * CloudWatch as deployed: DescribeAlarms answers the names asked for, the metric alarms over
   * two pages when there are several.
   */
  function givenAlarms(metric: MetricAlarm[], composites: Array<{ name: string; rule: string; state?: string }> = []) {
    cw.on(DescribeAlarmsCommand).callsFake((input) => {
      const wanted = new Set<string>(input.AlarmNames ?? []);
      const metrics = metric.filter((a) => wanted.has(a.AlarmName!));
      const page = input.NextToken === 'p2' ? metrics.slice(1) : metrics.slice(0, 1);
      return {
        MetricAlarms: page,
        CompositeAlarms: input.NextToken === 'p2' ? [] : composites.filter((c) => wanted.has(c.name))
          .map((c) => ({ AlarmName: c.name, StateValue: c.state ?? 'OK', AlarmRule: c.rule })),
        NextToken: input.NextToken === undefined && metrics.length > 1 ? 'p2' : undefined,
      };
    });
  }
  /** The event's composite, naming these alarms as aws-cdk-lib renders a rule (by ARN). */
  const health = (...names: string[]) => ({
    name: 'sale-health',
    rule: `(${names.map((n) => `ALARM("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:${n}")`).join(' OR ')})`,
  });

  async function run(options: { json?: boolean; event?: string; expectedAlarms?: string[] } = {}) {
    const f = fakeIo();
    const code = await checkCommand({ event: 'sale', region: 'eu-west-1', plan: NOTHING_PLANNED, planSource: 'test', ...options }, f.io,
      checkClients({ region: 'eu-west-1' }));
    return { code, out: f.out(), err: f.err() };
  }

  test('READY: alarms across pages, values across pages, every metric far from its threshold (exit 0)', async () => {
    givenAlarms([metricAlarm('sale-a', 100), metricAlarm('sale-b', 10, 'OK', { ComparisonOperator: 'LessThanThreshold' })],
      [health('sale-a', 'sale-b')]);
    cw.on(GetMetricDataCommand, { NextToken: undefined }).resolves({
      MetricDataResults: [{ Id: 'a0', Values: [20, 90], Timestamps: [new Date('2027-07-12T22:59:00Z'), new Date('2027-07-12T22:58:00Z')] }],
      NextToken: 'more',
    });
    cw.on(GetMetricDataCommand, { NextToken: 'more' }).resolves({
      MetricDataResults: [{ Id: 'a1', Values: [50], Timestamps: [new Date('2027-07-12T22:59:00Z')] }],
    });
    const { code, out } = await run();
    expect(code).toBe(0);
    expect(out).toMatch(/alarm \(sale-…\)/);
    expect(out).toMatch(/^ {2}a\s+OK\s+20\s+>= 100\s+80 %\s+READY/m);
    expect(out).toMatch(/^ {2}b\s+OK\s+50\s+< 10\s+400 %\s+READY/m);
    expect(out).toMatch(/^ {2}health\s+OK\s+\(composite\)/m);
    expect(out.trimEnd().endsWith('READY')).toBe(true);
    // by exact names: the composite, then what its rule names (two pages), never by prefix
    const describeCalls = cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    expect(describeCalls[0]).toMatchObject({ AlarmNames: ['sale-health'], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
    expect(describeCalls.some((i) => i.NextToken === 'p2')).toBe(true);
    expect(describeCalls.every((i) => i.AlarmNamePrefix === undefined)).toBe(true);
    const query = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(query.MetricDataQueries).toEqual([
      { Id: 'a0', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{ Name: 'FunctionName', Value: 'f' }] }, Period: 60, Stat: 'Sum', Unit: undefined }, ReturnData: true },
      { Id: 'a1', MetricStat: expect.objectContaining({ Stat: 'Sum' }), ReturnData: true },
    ]);
    expect(query.ScanBy).toBe('TimestampDescending');
    expect(query.EndTime!.getTime() - query.StartTime!.getTime()).toBe(3600_000);
  });

  test('AT RISK: a metric within 20 % of its threshold (exit 1); missing data is reported, not fatal', async () => {
    givenAlarms([metricAlarm('sale-a', 100), metricAlarm('sale-b', 100)], [health('sale-a', 'sale-b')]);
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'a0', Values: [85], Timestamps: [new Date()] }, { Id: 'a1', Values: [], Timestamps: [] }],
    });
    const { code, out } = await run();
    expect(code).toBe(1);
    expect(out).toMatch(/^ {2}a\s+OK\s+85\s+>= 100\s+15 %\s+AT RISK/m);
    expect(out).toMatch(/^ {2}b\s+OK\s+no data/m);
  });

  test('an alarm on 0 is judged on its state: a healthy 0 is READY, not AT RISK', async () => {
    givenAlarms([metricAlarm('sale-zero', 0, 'OK', { ComparisonOperator: 'GreaterThanThreshold' })], [health('sale-zero')]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [0], Timestamps: [new Date()] }] });
    const { code, out } = await run({ json: true });
    expect(code).toBe(0);
    const zero = JSON.parse(out).alarms.find((a: any) => a.name === 'sale-zero');
    expect(zero).toMatchObject({ value: 0, verdict: 'READY' });
    expect(zero.headroom).toBeUndefined();
  });

  test('NOT READY: an alarm in ALARM (exit 2), JSON for machines', async () => {
    givenAlarms([metricAlarm('sale-a', 100, 'ALARM')], [health('sale-a')]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [130], Timestamps: [new Date()] }] });
    const { code, out } = await run({ json: true });
    expect(code).toBe(2);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ event: 'sale', region: 'eu-west-1', verdict: 'NOT READY' });
    expect(report.alarms.find((a: any) => a.name === 'sale-a')).toMatchObject({ state: 'ALARM', value: 130, headroom: -0.3, verdict: 'NOT READY' });
  });

  test('math-expression alarms: their queries keep their own ids, prefixed per alarm', () => {
    const alarm = metricAlarm('sale-lag', 5, 'OK', {
      Namespace: undefined, MetricName: undefined,
      Metrics: [
        { Id: 'expr_1', Expression: 'MAX([r0, r1])', ReturnData: true },
        { Id: 'r0', MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: 'ReplicaLag' }, Period: 60, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'r1', MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: 'ReplicaLag' }, Period: 60, Stat: 'Maximum' }, ReturnData: false },
      ],
    });
    const queries = queriesFor(alarm, 7);
    expect(queries.map((q) => [q.Id, q.Expression, q.ReturnData])).toEqual([
      ['a7_expr_1', 'MAX([a7_r0, a7_r1])', true], ['a7_r0', undefined, false], ['a7_r1', undefined, false],
    ]);
  });

  test('exact names: event \'prime-day\' reads its own alarms, never \'prime-day-2027-…\'', async () => {
    givenAlarms([metricAlarm('prime-day-a', 100), metricAlarm('prime-day-2027-a', 100, 'ALARM')],
      [{ name: 'prime-day-health', rule: 'ALARM("prime-day-a")' }, { name: 'prime-day-2027-health', rule: 'ALARM("prime-day-2027-a")', state: 'ALARM' }]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [1], Timestamps: [new Date()] }] });
    const { code, out } = await run({ event: 'prime-day', json: true });
    expect(code).toBe(0);
    expect(JSON.parse(out).alarms.map((a: any) => a.name)).toEqual(['prime-day-a', 'prime-day-health']);
  });

  test('an alarm the event names but CloudWatch does not have is NOT READY, by name', async () => {
    givenAlarms([metricAlarm('sale-a', 100)], [health('sale-a', 'sale-gone')]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [1], Timestamps: [new Date()] }] });
    const { code, out } = await run();
    expect(code).toBe(2);
    expect(out).toMatch(/^ {2}gone\s+MISSING\s+not found\s+NOT READY/m);
  });

  test('with the plan\'s names (--app): an alarm of the plan that is not deployed is NOT READY', async () => {
    givenAlarms([metricAlarm('sale-a', 100)], [health('sale-a')]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [1], Timestamps: [new Date()] }] });
    const { code, out } = await run({ json: true, expectedAlarms: ['sale-health', 'sale-a', 'sale-b'] });
    expect(code).toBe(2);
    expect(JSON.parse(out).alarms.find((a: any) => a.name === 'sale-b')).toMatchObject({ kind: 'missing', verdict: 'NOT READY' });
    // the plan's names are read as they are: no walk down the composites
    expect(cw.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames).toEqual(['sale-health', 'sale-a', 'sale-b']);
  });

  test('--app reads the names from the event\'s plan in the cloud assembly', async () => {
    givenAlarms([], [{ name: 'prime-day-2027-health', rule: '' }]);
    const { io, out } = fakeIo();
    expect(await main(['check', '--event', 'prime-day-2027', '--app', assemblyDir, '--region', 'eu-west-1', '--json'], io)).toBe(2);
    const missing = JSON.parse(out()).alarms.filter((a: any) => a.kind === 'missing').map((a: any) => a.name);
    expect(missing).toContain('prime-day-2027-orders-connections');
    expect(missing).toContain('prime-day-2027-catalog-health');
    expect(missing.every((n: string) => n.startsWith('prime-day-2027-'))).toBe(true);
  });

  test('INSUFFICIENT_DATA (no datapoints where a running resource always has them) is AT RISK', async () => {
    givenAlarms([metricAlarm('sale-cpu', 70, 'INSUFFICIENT_DATA')], [health('sale-cpu')]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [], Timestamps: [] }] });
    const { code, out } = await run({ json: true });
    expect(code).toBe(1);
    expect(JSON.parse(out).alarms.find((a: any) => a.name === 'sale-cpu')).toMatchObject({ state: 'INSUFFICIENT_DATA', verdict: 'AT RISK' });
  });

  test('the composite rule\'s alarm names, by name or ARN, in any state function', () => {
    expect(alarmsInRule('(ALARM("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:sale-a") OR OK(sale-b)) AND NOT INSUFFICIENT_DATA("sale-c")'))
      .toEqual(['sale-a', 'sale-b', 'sale-c']);
  });

  test('no \'<event>-health\' alarm: a clear message and exit 3', async () => {
    givenAlarms([]);
    await expect(run()).rejects.toThrow("No alarm 'sale-health' found in eu-west-1");
    const { io, err } = fakeIo();
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    expect(await main(['check', '--event', 'sale', '--region', 'eu-west-1'], io)).toBe(3);
    expect(err()).toContain('is the event\'s readiness stack deployed in this account and Region');
  });

  test.each([
    ['CredentialsProviderError', 'No AWS credentials found: set AWS_PROFILE or pass --profile'],
    ['ThrottlingException', 'AWS kept throttling the check after retries; try again in a minute.'],
    ['AccessDeniedException', 'the check needs cloudwatch:DescribeAlarms, cloudwatch:GetMetricData, scheduler:ListSchedules'],
    ['ExpiredTokenException', 'The AWS credentials have expired'],
  ])('%s → a message, not a stack trace, exit 3', async (name, message) => {
    const error = Object.assign(new Error('boom'), { name });
    cw.on(DescribeAlarmsCommand).rejects(error);
    const { io, err } = fakeIo();
    expect(await main(['check', '--event', 'sale', '--region', 'eu-west-1'], io)).toBe(3);
    expect(err()).toContain(message);
    expect(err()).not.toMatch(/\n\s+at /);
  });

  test('--json: every failure is a JSON object on stdout as well as a message on stderr', async () => {
    cw.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }));
    const cases: Array<[string[], number, string, string]> = [
      [['check', '--json'], 64, 'USAGE', 'check needs --event NAME'],
      [['check', '--event', 'x', '--json', '--evnt'], 64, 'USAGE', "Unknown option '--evnt' for check. Did you mean --event?"],
      [['check', '--event', 'x', '--app', '/nonexistent', '--json'], 3, 'NO_PLAN', "No cloud assembly at '/nonexistent'"],
      [['check', '--event', 'sale', '--region', 'eu-west-1', '--json'], 3, 'NO_CREDENTIALS', 'No AWS credentials found'],
      [['plan', '--app', '/nonexistent', '--json'], 3, 'NO_PLAN', "No cloud assembly at '/nonexistent'"],
      [['plan', '--app', assemblyDir, '--event', 'nope', '--json'], 3, 'NO_PLAN', "No event 'nope' in the cloud assembly"],
      [['plan', '--json', '--tz', 'Mars/Base'], 64, 'USAGE', '--tz must be an IANA time zone'],
    ];
    for (const [argv, exitCode, code, message] of cases) {
      const { io, out, err } = fakeIo();
      expect(await main(argv, io)).toBe(exitCode);
      const json = JSON.parse(out());
      expect({ argv, json }).toEqual({ argv, json: { error: { code, message: expect.stringContaining(message) }, exitCode } });
      expect(err()).toBe(`event-readiness: ${json.error.message}\n`);
    }
    // Without --json, stdout stays empty.
    const { io, out } = fakeIo();
    expect(await main(['check', '--event', 'sale', '--region', 'eu-west-1'], io)).toBe(3);
    expect(out()).toBe('');
  });

  test.each([
    ['no such host (a Region that does not exist)', { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'monitoring.mars-north-9.amazonaws.com' },
      'mars-north-9', {}, 'Could not reach AWS in Region mars-north-9 at monitoring.mars-north-9.amazonaws.com: no such host (ENOTFOUND). '
      + 'Is the Region name right (--region, AWS_REGION or your profile\'s region)? If it is, check this machine\'s DNS, network and proxy.'],
    ['DNS not answering', { code: 'EAI_AGAIN', hostname: 'monitoring.eu-west-1.amazonaws.com' }, 'eu-west-1', {},
      'Could not reach AWS in Region eu-west-1 at monitoring.eu-west-1.amazonaws.com: the host name could not be looked up'],
    ['a refused endpoint (AWS_ENDPOINT_URL)', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 }, 'eu-west-1',
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, 'Could not reach AWS in Region eu-west-1 at 127.0.0.1:9: the connection was refused '
      + '(ECONNREFUSED). AWS_ENDPOINT_URL is set (http://127.0.0.1:9): is that endpoint up?'],
    ['a refused connection, both address families tried', { code: 'ECONNREFUSED', errors: [{ code: 'ECONNREFUSED', address: '::1', port: 443 }] },
      'eu-west-1', {}, 'at ::1:443: the connection was refused (ECONNREFUSED). Check this machine\'s network connection, firewall and proxy'],
    ['a connection that timed out', { name: 'TimeoutError', code: 'ETIMEDOUT' }, 'eu-west-1', {},
      'Could not reach AWS in Region eu-west-1: the connection timed out (ETIMEDOUT). Check this machine\'s network'],
    ['no answer in time', { name: 'TimeoutError' }, 'eu-west-1', {}, 'Could not reach AWS in Region eu-west-1: no answer in time (TimeoutError).'],
    ['a proxy that inspects TLS', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'eu-west-1', {},
      'its TLS certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN). Behind a proxy that inspects TLS, give Node its certificate'],
  ])('network failure, %s: what to check, naming Region and endpoint, exit 3 (AWS could not be read)', async (_, fields, region, env, message) => {
    const { name, ...rest } = fields as { name?: string };
    cw.on(DescribeAlarmsCommand).rejects(Object.assign(new Error(`raw ${JSON.stringify(fields)}`), name ? { name } : {}, rest));
    const { io, err, out } = fakeIo({ env });
    expect(await main(['check', '--event', 'sale', '--region', region], io)).toBe(3);
    expect(err()).toContain(message);
    expect(err()).not.toContain('raw ');
    expect(err().trimEnd().split('\n')).toHaveLength(1);
    expect(out()).toBe('');
    const json = fakeIo({ env });
    expect(await main(['check', '--event', 'sale', '--region', region, '--json'], json.io)).toBe(3);
    expect(JSON.parse(json.out())).toMatchObject({ error: { code: 'NETWORK' }, exitCode: 3 });
  });

  test.each([
    [['--region', 'eu-west'], {}, "--region 'eu-west' is not an AWS Region name: Region names look like us-east-1, eu-west-1"],
    [['--region', 'us-east-1a'], {}, "--region 'us-east-1a' is not an AWS Region name: that is an Availability Zone; its Region is us-east-1."],
    [['--region', 'EU_WEST_1'], {}, "--region 'EU_WEST_1' is not an AWS Region name: Region names are lower case, with hyphens: did you mean eu-west-1?"],
    [['--region', 'https://monitoring.eu-west-1.amazonaws.com'], {}, 'is not an AWS Region name'],
    [[], { AWS_REGION: 'Frankfurt' }, "AWS_REGION 'Frankfurt' is not an AWS Region name"],
    [[], { AWS_DEFAULT_REGION: 'eu-west' }, "AWS_DEFAULT_REGION 'eu-west' is not an AWS Region name"],
  ])('a malformed Region %j %j is refused before any call (exit 64)', async (args, env, message) => {
    const { io, err } = fakeIo({ env });
    expect(await main(['check', '--event', 'sale', ...args], io)).toBe(64);
    expect(err()).toContain(message);
    expect(cw.calls()).toHaveLength(0);
  });

  test('every partition\'s Region names pass the shape check', () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-5', 'mx-central-1', 'il-central-1', 'ca-west-1', 'us-gov-west-1',
      'cn-north-1', 'cn-northwest-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1']) {
      expect(checkedRegion(region, '--region')).toBe(region);
    }
    expect(checkedRegion(undefined, '--region')).toBeUndefined();
  });

  test('a throttled GetMetricData surfaces as the same message', async () => {
    givenAlarms([metricAlarm('sale-a', 100)], [health('sale-a')]);
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(run()).rejects.toThrow('AWS kept throttling the check after retries');
  });

  test('the client retries throttling adaptively, with more attempts than the default', async () => {
    const client = cloudWatchClient({ region: 'eu-west-1' });
    expect(await client.config.maxAttempts()).toBe(8);
    const mode = client.config.retryMode;
    expect(typeof mode === 'function' ? await mode() : mode).toBe('adaptive');
  });

  test('a progress line on a terminal, cleared before the table', async () => {
    givenAlarms([metricAlarm('sale-a', 100)], [health('sale-a')]);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a0', Values: [1], Timestamps: [new Date()] }] });
    const f = fakeIo({ isTty: true, isErrTty: true });
    await checkCommand({ event: 'sale' }, f.io, checkClients({ region: 'eu-west-1' }));
    expect(f.err()).toContain('Fetched metrics of 1/1 alarms…');
    expect(f.err().endsWith('\r\u001b[K')).toBe(true);
  });
});

describe('the built CLI as a process', () => {
  const cli = path.join(__dirname, '..', 'dist', 'bin', 'event-readiness.js');

  test('prints the prime-day plan from a synthesized app', () => {
    if (!fs.existsSync(cli)) {
      throw new Error(`${cli} is missing: run 'npm run build' (npm test's pretest bundles it)`);
    }
    const result = spawnSync(process.execPath, [cli, 'plan', '--app', assemblyDir, '--event', 'prime-day-2027'], SPAWN);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Event prime-day-2027');
    expect(result.stdout).toContain('Tier orders');
    const json = JSON.parse(execFileSync(process.execPath, [cli, 'plan', '--app', assemblyDir, '--json'], SPAWN));
    expect(json.map((r: any) => r.plan.eventName).sort()).toEqual(['black-friday-2027', 'flash-sale-2027', 'prime-day-2027']);
  }, SPAWN_TEST_TIMEOUT);

  test('a usage error exits 64 with the message on stderr (and with --json, JSON on stdout)', () => {
    const result = spawnSync(process.execPath, [cli, 'check'], SPAWN);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('check needs --event NAME');
    expect(result.stdout).toBe('');
    const json = spawnSync(process.execPath, [cli, 'check', '--json'], SPAWN);
    expect(json.status).toBe(64);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'USAGE', message: expect.stringContaining('check needs --event NAME') }, exitCode: 64 });
  }, SPAWN_TEST_TIMEOUT);

  test('--version prints the package\'s version (built in: no package.json needed beside the bundle)', () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'event-readiness.js');
    fs.copyFileSync(cli, copy);
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
    expect(execFileSync(process.execPath, [copy, '--version'], SPAWN)).toBe(`${version}\n`);
  }, SPAWN_TEST_TIMEOUT);

  test('--version, --help, plan and usage errors never load the AWS part (event-readiness-aws.js); check does', () => {
    // The front door alone, without the file that holds the SDK beside it: whatever needs no AWS still works.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-alone-'));
    const alone = path.join(dir, 'event-readiness.js');
    fs.copyFileSync(cli, alone);
    const run = (...args: string[]) => spawnSync(process.execPath, [alone, ...args], {
      ...SPAWN, env: { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' },
    });
    for (const args of [['--version'], ['--help'], ['plan', '--help'], ['check', '--help'], ['prices'],
      ['plan', '--app', assemblyDir, '--event', 'prime-day-2027'], ['plan', '--app', assemblyDir, '--json', '--cost']]) {
      const result = run(...args);
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 0, stderr: '' });
    }
    expect(run('check', '--event', 'sale', '--region', 'eu-west').status).toBe(64);
    expect(run('plan', '--evnt', 'x').status).toBe(64);
    // check needs it, and says so when it is missing
    const check = run('check', '--event', 'sale', '--region', 'eu-west-1');
    expect(check.status).toBe(3);
    expect(check.stderr).toContain('This installation of the CLI lacks event-readiness-aws.js beside event-readiness.js');
    fs.rmSync(dir, { recursive: true, force: true });
    // The SDK is in the AWS part only.
    const frontDoor = fs.readFileSync(cli, 'utf8');
    const awsPart = fs.readFileSync(path.join(path.dirname(cli), 'event-readiness-aws.js'), 'utf8');
    expect(frontDoor).not.toMatch(/@aws-sdk\/|smithy/);
    expect(awsPart).toMatch(/@aws-sdk\/credential-provider-node/);
    expect(frontDoor).toContain('require("./event-readiness-aws.js")');
  }, SPAWN_TEST_TIMEOUT);

  test('THIRD-PARTY-LICENSES.txt names every package the CLI imports, each under its LICENSE and NOTICE texts; none of AWS\'s in the front door', () => {
    const root = path.join(__dirname, '..');
    const text = fs.readFileSync(path.join(path.dirname(cli), 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    // Runs of `## name@version (license), in file[ and file]` headings, each followed by the one text they share.
    const parts = text.split(/^((?:## .+\n)+)/m).slice(1);
    const packages = parts.flatMap((part, i) => (i % 2 ? [] : part.trim().split('\n').map((heading) => {
      const [, name, version, license, files] = /^## (.+)@([^@ ]+) \(([^)]+)\), in ((?:event-readiness(?:-aws)?\.js(?: and )?)+)$/.exec(heading) ?? [];
      return { heading, name, version, license, files, body: parts[i + 1] };
    })));
    expect(packages.filter((p) => !p.name).map((p) => p.heading)).toEqual([]);
    // The SDK clients lib/cli imports (not only for types) are in it, and only in the AWS part: the
    // front door (event-readiness.js, which `--help` and `plan` load) holds no package of AWS's.
    const cliDir = path.join(root, 'lib', 'cli');
    const imported = new Set(fs.readdirSync(cliDir).flatMap((f) =>
      [...fs.readFileSync(path.join(cliDir, f), 'utf8').matchAll(/^import (?!type )[^;]*? from '(@aws-sdk\/client-[a-z-]+)'/gm)].map((m) => m[1])));
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((name) => !packages.some((p) => p.name === name))).toEqual([]);
    expect(packages.filter((p) => /^@(aws-sdk|smithy|aws)\//.test(p.name!) && /\bevent-readiness\.js/.test(p.files!)).map((p) => p.heading)).toEqual([]);
    // Each package listed stands under the text of every license, copying and notice file of its
    // installed copy of that version (wherever the lockfile put it), with its license field.
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages;
    for (const { name, version, license, body } of packages) {
      const at = Object.keys(lock).find((k) => (k === `node_modules/${name}` || k.endsWith(`/node_modules/${name}`)) && lock[k].version === version);
      const dir = at && path.join(root, at);
      const legal = dir ? fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f)) : [];
      expect({ name, version, installed: Boolean(dir), license, missing: legal.filter((f) => !body.includes(fs.readFileSync(path.join(dir!, f), 'utf8').trim())) })
        .toEqual({ name, version, installed: true, license: at && lock[at].license, missing: [] });
    }
  });

  test('without credentials: one line on stderr, exit 3, and no SDK notice about later Node versions (the two files alone)', () => {
    // The two bundle files alone, as an installed package has them, with no node_modules above
    // them: a require the bundle left to node_modules would fail here. check loads the AWS part,
    // and the SDK's credential chain runs through every provider it holds.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    for (const file of ['event-readiness.js', 'event-readiness-aws.js']) {
      fs.copyFileSync(path.join(path.dirname(cli), file), path.join(home, file));
    }
    const result = spawnSync(process.execPath, [path.join(home, 'event-readiness.js'), 'check', '--event', 'sale', '--region', 'eu-west-1'], {
      ...SPAWN, cwd: home, env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    fs.rmSync(home, { recursive: true, force: true });
    expect(result.status).toBe(3);
    expect(result.stderr).toBe('event-readiness: No AWS credentials found: set AWS_PROFILE or pass --profile, or configure '
      + 'credentials (environment, SSO or instance role).\n');
  }, SPAWN_TEST_TIMEOUT);
});

describe('the built CLI against an AWS that answers over HTTP (AWS_ENDPOINT_URL)', () => {
  // A readiness stack whose event is past: its table's cost cap was raised for it and should be
  // back at the everyday 8,000 reads a second. AWS says the restore never applied (20,000).
  const cli = path.join(__dirname, '..', 'dist', 'bin', 'event-readiness.js');
  const a = newApp();
  const tiers = new Stack(a, 'CapTiers');
  const tier = new StatelessTier(tiers, 'Catalog', {
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, tableName: 'caps' },
    maxReadRequestUnits: 8000,
  });
  new EventReadinessStack(a, 'CapSale', {
    window: new EventWindow({ name: 'cap-sale', start: '2026-10-01T09:00', end: '2026-10-01T21:00', timeZone: TimeZone.EUROPE_BERLIN }),
    tiers: [tier.forEvent({ maxReadRequestUnits: 20000 })],
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const assembly = a.synth();
  const dir = assembly.directory;
  const stacks = synthesizedStacks(assembly);
  const readiness = stacks.find((x) => x.name === 'CapSale')!;
  // The schedules as Scheduler returns them once deployed: intrinsics resolved.
  const resolver = new TemplateResolver(stacks);
  const schedules = Object.entries<any>(readiness.template.Resources).filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
    .map(([name, r]) => ({ Name: name, Description: r.Properties.Description, State: 'ENABLED',
      Target: { Arn: resolver.resolve(readiness, r.Properties.Target.Arn), Input: resolver.resolve(readiness, r.Properties.Target.Input) } }));

  /** Answers the CLI's calls the way each service's protocol does (JSON 1.0 by target header, REST-JSON by path). */
  const answer: HttpAnswer = ({ target, method, url, input }) => {
    if (target.endsWith('.DescribeAlarms')) {
      const names: string[] = input.AlarmNames ?? [];
      return { body: {
        CompositeAlarms: names.filter((n) => n.endsWith('-health')).map((n) => ({ AlarmName: n, StateValue: 'OK', AlarmRule: '' })),
        MetricAlarms: names.filter((n) => !n.endsWith('-health')).map((n) => ({
          AlarmName: n, StateValue: 'OK', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Namespace: 'AWS/Lambda', MetricName: 'Throttles', Period: 60, Statistic: 'Sum',
        })),
      } };
    } else if (target.endsWith('.GetMetricData')) {
      return { body: { MetricDataResults: [] } };
    } else if (target === 'DynamoDB_20120810.DescribeTable') {
      return { body: { Table: { TableName: input.TableName, TableStatus: 'ACTIVE', OnDemandThroughput: { MaxReadRequestUnits: 20000 } } } };
    } else if (method === 'GET' && /^\/schedules\?/.test(url)) {
      return { body: { Schedules: schedules.map((x) => ({ Name: x.Name })) }, type: 'application/json' };
    } else if (method === 'GET' && url.startsWith('/schedules/')) {
      const name = decodeURIComponent(url.slice('/schedules/'.length).split('?')[0]);
      return { body: schedules.find((x) => x.Name === name), type: 'application/json' };
    }
    return undefined;
  };

  test('the cost cap\'s restore did not apply: NOT READY (exit 2), naming the change', async () => {
    expect(schedules).toHaveLength(2);
    const endpoint = await awsOverHttp(answer);
    try {
      const result = await runCli(cli, ['check', '--event', 'cap-sale', '--app', dir, '--region', 'eu-central-1', '--wide'],
        { AWS_ENDPOINT_URL: endpoint.url });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(2);
      expect(result.stdout).toMatch(/catalog\s+baseline\s+table cost cap\s+.*cap 20000 reads\/s, - writes\/s: the change is not applied\s+NOT READY/);
      expect(result.stdout).toMatch(/catalog\s+prewarm\s+table cost cap\s+.*superseded by a later change\s+NOT CHECKED/);
      expect(result.stdout.trimEnd().endsWith('NOT READY')).toBe(true);
      expect(endpoint.calls.map((c) => c.target)).toContain('DynamoDB_20120810.DescribeTable');
    } finally {
      endpoint.close();
    }
  }, SPAWN_TEST_TIMEOUT);
});

describe('CLI polish', () => {
  test('a mistyped option or command: a short error, the nearest known word when close, where the help is (exit 64)', async () => {
    const cases: Array<[string[], string]> = [
      [['plan', '--evnt', 'prime-day-2027'], "Unknown option '--evnt' for plan. Did you mean --event?\nRun 'event-readiness plan --help' for its options.\n"],
      [['check', '--evnet', 'x'], "Unknown option '--evnet' for check. Did you mean --event?\nRun 'event-readiness check --help' for its options.\n"],
      [['plan', '--wdie'], "Unknown option '--wdie' for plan. Did you mean --wide?\n"],
      [['plan', '-e', 'x'], "Unknown option '-e' for plan. Did you mean --event?\n"],
      [['plan', '--region', 'eu-west-1'], "Unknown option '--region' for plan. It is an option of check and review, not of plan.\n"],
      [['plan', 'prime-day-2027'], "Unexpected argument 'prime-day-2027': plan takes options only. Did you mean --event prime-day-2027?\n"],
      [['plan', '--event'], "Option '--event <value>' argument missing.\nRun 'event-readiness plan --help' for its options.\n"],
      [['pln'], "Unknown command 'pln'. Did you mean plan?\nRun 'event-readiness --help' for the commands.\n"],
      [['chekc', '--event', 'x'], "Unknown command 'chekc'. Did you mean check?\n"],
      [['--verison'], "Unknown command '--verison'. Did you mean --version?\n"],
      [['--event', 'x'], "Unknown command '--event'. The command comes first: event-readiness plan|check|review --event …\n"],
      // Nothing close: no suggestion rather than a wrong one.
      [['plan', '--bogus'], "event-readiness: Unknown option '--bogus' for plan.\nRun 'event-readiness plan --help' for its options.\n"],
      [['frobnicate'], "event-readiness: Unknown command 'frobnicate'.\nRun 'event-readiness --help' for the commands.\n"],
    ];
    for (const [argv, message] of cases) {
      const f = fakeIo();
      expect({ argv, code: await main(argv, f.io) }).toEqual({ argv, code: 64 });
      expect(f.err()).toContain(message);
      // one short message, never the whole usage
      expect(f.err().split('\n').length).toBeLessThanOrEqual(3);
      expect(f.err()).not.toContain('Options:');
      expect(f.out()).toBe('');
    }
    const g = fakeIo();
    expect(await main(['help', 'check'], g.io)).toBe(0);
    expect(g.out()).toContain('Permissions (read-only): cloudwatch:DescribeAlarms, cloudwatch:GetMetricData, scheduler:ListSchedules');
    const h = fakeIo();
    expect(await main(['help', 'chek'], h.io)).toBe(64);
    expect(h.err()).toContain("No help for 'chek': the commands are plan, check, review, prices. Did you mean check?");
  });

  test('did you mean: the nearest words by edit distance (swaps count once), only when close', () => {
    expect(editDistance('evnet', 'event')).toBe(1);
    expect(editDistance('chekc', 'check')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearest('--evnt', ['--event', '--app', '--tz'])).toEqual(['--event']);
    expect(nearest('--EVENT', ['--event'])).toEqual(['--event']);
    expect(nearest('--ma', ['--manual-lead', '--manual-ramp-down', '--month-days'])).toEqual([]); // two begin 'ma': none
    expect(nearest('--bogus', ['--event', '--json', '--cost', '--prices'])).toEqual([]);
    expect(nearest('ab', ['cd'])).toEqual([]);
  });

  test('an unwritable --svg path and a corrupt assembly are one-line errors, exit 3', async () => {
    const f = fakeIo({ writeFile: () => { throw new Error("EACCES: permission denied, open '/x.svg'"); } });
    expect(await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', '--svg', '/x.svg'], f.io)).toBe(3);
    expect(f.err()).toBe("event-readiness: --svg: cannot write '/x.svg': EACCES: permission denied, open '/x.svg'\n");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corrupt-'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"artifacts": ');
    const g = fakeIo();
    expect(await main(['plan', '--app', dir], g.io)).toBe(3);
    expect(g.err()).toMatch(/^event-readiness: Cannot read the cloud assembly's .*manifest\.json: .*JSON.*Synthesize the app again \(npx cdk synth\)\.\n$/);
  });

  test.each([80, 120])('plan --event at %i columns: every line fits, and every change keeps its local time, from -> to and whole verdict',
    async (width) => {
      for (const event of ['prime-day-2027', 'black-friday-2027', 'flash-sale-2027']) {
        // The full table (--wide) is the oracle: each of its rows, split at the column gaps.
        const wide = fakeIo({ columns: width });
        await main(['plan', '--app', assemblyDir, '--event', event, '--wide'], wide.io);
        const narrow = fakeIo({ columns: width });
        expect(await main(['plan', '--app', assemblyDir, '--event', event], narrow.io)).toBe(0);
        const text = narrow.out();
        const tooLong = text.split('\n').filter((l) => l.length > width);
        expect({ event, width, tooLong }).toEqual({ event, width, tooLong: [] });
        expect(text).not.toContain('…');
        const sections = (out: string) => out.split(/\n(?=Tier )/).slice(1).map((t) => t.split(/\n\n/)[0].split('\n'));
        const wideTiers = sections(wide.out());
        const narrowTiers = sections(text);
        expect(narrowTiers.map((t) => t[0])).toEqual(wideTiers.map((t) => t[0]));
        wideTiers.forEach((tier, t) => {
          // A fitted row: a line at two spaces' indent and the lines under it at four or more, as one text.
          const records: string[] = [];
          for (const line of narrowTiers[t].slice(1)) {
            if (/^ {2}\S/.test(line)) {
              records.push(line);
            } else if (/^ {4}/.test(line) && records.length > 0) {
              records[records.length - 1] += ` ${line}`;
            }
          }
          const flat = records.map((r) => r.replace(/\s+/g, ' '));
          let at = 0;
          for (const row of tier.slice(2).filter((l) => /^ {2}\S/.test(l) && !/^ {2}(note|alarms|ramp-down gated):/.test(l))) {
            const [when, local, , change, fromTo, , , verdict] = row.trim().split(/ {2,}/);
            const found = flat.findIndex((r, i) => i >= at && r.includes(` ${when} `) && r.includes(local) && r.includes(change)
              && r.includes(fromTo) && r.includes(verdict));
            expect({ event, width, tier: tier[0], row, found: found >= 0 }).toEqual({ event, width, tier: tier[0], row, found: true });
            at = found + 1;
          }
        });
        expect(text.replace(/\s+/g, ' ')).toContain(`Fitted to ${width} columns: UTC times, mechanisms and lead times left out; --wide shows every column.`);
      }
    });

  test('the one-line summary of several events fits 80 columns: each event, its whole window and verdict', async () => {
    const { io, out } = fakeIo({ columns: 80 });
    await main(['plan', '--app', assemblyDir], io);
    const text = out();
    expect(text.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(text).toMatch(/ {2}prime-day-2027\s+every scale-up on time\n {4}2027-07-13 00:00 to 2027-07-15 00:00 America\/Los_Angeles; stack/);
    expect(text).toMatch(/ {2}flash-sale-2027\s+every scale-up on time\n {4}2027-11-26 09:00 to 2027-11-26 21:00 America\/New_York; stack/);
    expect(text).not.toContain('…');
  });

  test('--wide and --json leave tables whole at any terminal width; without a terminal width, nothing is fitted', async () => {
    const wide = fakeIo({ columns: 80 });
    await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', '--wide'], wide.io);
    expect(wide.out()).not.toContain('…');
    expect(wide.out()).toMatch(/prewarm\s+2027-07-12 18:00 \(-07:00\)\s+2027-07-13 01:00Z\s+provisioned concurrency\s+0 -> 800\s+auto scaling/);
    expect(Math.max(...wide.out().split('\n').map((l) => l.length))).toBeGreaterThan(80);
    expect(wide.out()).not.toContain('Fitted to');
    const piped = fakeIo();
    await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027'], piped.io);
    expect(piped.out()).toBe(wide.out());
    const json = fakeIo({ columns: 80 });
    await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', '--json'], json.io);
    expect(() => JSON.parse(json.out())).not.toThrow();
  });

  test('wrapped prose keeps its own indent; continuation lines take the one given', () => {
    expect(wrap('  alarms: first-alarm, second-alarm', 20)).toBe('  alarms:\n    first-alarm,\n    second-alarm');
    expect(wrap('  short', 20)).toBe('  short');
    expect(wrap('one two three', undefined)).toBe('one two three');
  });

  test.each([
    ['a terminal', { isTty: true, env: {} }, [], true],
    ['a terminal, NO_COLOR=1', { isTty: true, env: { NO_COLOR: '1' } }, [], false],
    ['a terminal, NO_COLOR empty (unset, as no-color.org says)', { isTty: true, env: { NO_COLOR: '' } }, [], true],
    ['a terminal, --no-color', { isTty: true, env: {} }, ['--no-color'], false],
    ['a pipe', { isTty: false, env: {} }, [], false],
    ['a pipe, FORCE_COLOR=1', { isTty: false, env: { FORCE_COLOR: '1' } }, [], true],
    ['a pipe, FORCE_COLOR=0', { isTty: false, env: { FORCE_COLOR: '0' } }, [], false],
    ['a pipe, FORCE_COLOR=1 and --no-color', { isTty: false, env: { FORCE_COLOR: '1' } }, ['--no-color'], false],
  ] as Array<[string, Partial<CliIo>, string[], boolean]>)('colour on %s: %s', async (_, io, args, coloured) => {
    const f = fakeIo(io);
    await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', ...args], f.io);
    expect(f.out().includes('\u001b[')).toBe(coloured);
  });

  test('progress goes to stderr when stderr is a terminal, whatever stdout is', async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(DescribeAlarmsCommand).callsFake((input) => ({
      MetricAlarms: (input.AlarmNames ?? []).includes('sale-a') ? [{ AlarmName: 'sale-a', StateValue: 'OK', Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold', Namespace: 'N', MetricName: 'M', Period: 60, Statistic: 'Sum' }] : [],
      CompositeAlarms: (input.AlarmNames ?? []).includes('sale-health') ? [{ AlarmName: 'sale-health', StateValue: 'OK', AlarmRule: 'ALARM("sale-a")' }] : [],
    }));
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const piped = fakeIo({ isTty: false, isErrTty: true });
    await checkCommand({ event: 'sale' }, piped.io, checkClients({ region: 'eu-west-1' }));
    expect(piped.err()).toContain('Fetched metrics of 1/1 alarms…');
    const quiet = fakeIo({ isTty: true, isErrTty: false });
    await checkCommand({ event: 'sale' }, quiet.io, checkClients({ region: 'eu-west-1' }));
    expect(quiet.err()).toBe('');
    cw.restore();
  });
});

