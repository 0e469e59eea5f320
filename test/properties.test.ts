/**
 * Property-based tests: random but type-correct props (including 0, negatives, NaN, ±Infinity,
 * fractions, 1e21, zones with 30- and 45-minute offsets, daylight-saving edges). Each case
 * either throws this library's ValidationError, naming the construct path (or the event, for
 * the EventWindow value object) and a prop, or synthesizes templates that pass aws-cdk-lib's
 * strict CloudFormation validation, hold no null/NaN/"undefined"/Infinity, no negative capacity,
 * and no at() at or before the clock. Seeded: a failure prints its seed and path to replay.
 */
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as fc from 'fast-check';
import {
  AcuRange, AuroraServerlessTier, EventReadinessStack, EventReadinessStackProps, EventWindow, EventWindowProps, ITierEventPlan, RdsTier,
  StatelessTier, ValidationError,
} from '../lib';
import { newApp } from './support/app';
import { firesAt, wallClock } from './support/oracles';

/** The seed of every property here; change it to explore, keep it to reproduce. */
const SEED = 20261126;
/** Cases run, per property (printed at the end of the file). */
const counts: Record<string, number> = {};
/** How the cases of each property ended: which validation rejected them, or synthesized. */
const outcomes: Record<string, Record<string, number>> = {};
let current = '';

function outcome(kind: string): void {
  const o = (outcomes[current] ??= {});
  o[kind] = (o[kind] ?? 0) + 1;
}

function run<T>(name: string, arb: fc.Arbitrary<T>, numRuns: number, check: (value: T) => void): void {
  counts[name] = 0;
  current = name;
  fc.assert(fc.property(arb, (value) => {
    counts[name]++;
    check(value);
  }), { seed: SEED, numRuns, endOnFailure: true });
}

afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // The count the issue asks to report; visible with --verbose or in CI logs.
  process.stdout.write(`property cases run: ${total} (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})\n`
    + `outcomes: ${JSON.stringify(outcomes)}\n`);
});

// ---- arbitraries -------------------------------------------------------------------------

/** Numbers users get wrong: the edge values, with sensible values most of the time. */
function num(sensible: fc.Arbitrary<number>): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 10, arbitrary: sensible },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, -0.5, 0.5, 2.5, NaN, Infinity, -Infinity, 1e21, -1e21) },
  );
}

function opt<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

/** Durations, including ones aws-cdk-lib itself cannot convert (fractions of a millisecond, NaN, Infinity). */
function duration(sensibleMinutes: fc.Arbitrary<number>): fc.Arbitrary<Duration> {
  return fc.oneof(
    { weight: 10, arbitrary: sensibleMinutes.map((m) => Duration.minutes(m)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Duration.minutes(0), Duration.seconds(90), Duration.seconds(0.0005), Duration.minutes(NaN),
        Duration.hours(Infinity), Duration.days(1e21), Duration.millis(0.5), Duration.days(91),
      ),
    },
  );
}

/** Zones with whole-hour, 30-minute and 45-minute offsets, and 30-minute daylight-saving shifts. */
const ZONES = [
  'Etc/UTC', 'America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Australia/Adelaide', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tokyo',
];

/** Local times near 2027's daylight-saving changes in those zones (gaps, overlaps, either side). */
const DST_EDGES = [
  '2027-03-14T02:30', '2027-03-14T01:59', '2027-11-07T01:30', '2027-11-07T00:59', // US
  '2027-03-28T01:30', '2027-10-31T01:30', // UK
  '2027-04-04T01:45', '2027-10-03T02:15', // Lord Howe (30-minute shift)
  '2027-04-04T02:45', '2027-09-26T02:45', // Chatham (+12:45 / +13:45)
  '2027-04-04T02:30', '2027-10-03T02:30', // Adelaide
];

const p2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` for a minute of 2027 (any local time, whether or not the zone has it). */
const localMinute = fc.integer({ min: 0, max: 364 * 24 * 60 }).map((m) => {
  const d = new Date(Date.UTC(2027, 0, 1) + m * 60_000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
});

const startArb = fc.oneof(localMinute, fc.constantFrom(...DST_EDGES));

/** Adds minutes to a local `YYYY-MM-DDTHH:mm` as wall-clock arithmetic. */
function addMinutes(local: string, minutes: number): string {
  const d = new Date(Date.parse(`${local}:00Z`) + minutes * 60_000);
  return Number.isNaN(d.getTime()) ? local
    : `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

const windowArb: fc.Arbitrary<EventWindowProps> = fc.record({
  start: startArb,
  lengthMinutes: num(fc.integer({ min: 1, max: 7 * 24 * 60 })),
  zone: fc.constantFrom(...ZONES),
  prewarmLead: opt(duration(fc.integer({ min: 1, max: 3 * 24 * 60 }))),
  rampDown: opt(duration(fc.integer({ min: 1, max: 4 * 24 * 60 }))),
  rampDownSteps: opt(num(fc.integer({ min: 1, max: 24 }))),
}).map((w) => ({
  name: 'sale',
  start: w.start,
  end: addMinutes(w.start, Number.isFinite(w.lengthMinutes) ? Math.trunc(w.lengthMinutes) : 60),
  timeZone: TimeZone.of(w.zone),
  prewarmLead: w.prewarmLead,
  rampDown: w.rampDown,
  rampDownSteps: w.rampDownSteps,
}));

// ---- checks -------------------------------------------------------------------------------

/** A prop or setting named in an error: a camelCase identifier, or a word for a timeline part. */
const NAMES_A_PROP = /\b[a-z]+[A-Z][A-Za-z.]*\b|\b(name|start|end|capacity|replicas|readers|tierName|iops)\b/;

/** The thrown value is this library's validation error, naming where and what. */
const seen = new Set<string>();
function expectValidationError(e: unknown, subjectPattern: RegExp): void {
  if (process.env.SHOW_REJECTIONS) {
    const m = String((e as Error)?.message).replace(/\d+/g, 'N').slice(0, 160);
    if (!seen.has(m)) { seen.add(m); process.stdout.write(`${m}\n`); }
  }
  if (!(e instanceof ValidationError)) {
    throw new Error(`expected the library's ValidationError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  expect(e.message).toMatch(subjectPattern);
  expect(e.message).toMatch(NAMES_A_PROP);
}

/** Everything a synthesized app asks of AWS is well-formed and in the future. */
function expectSoundAssembly(app: App, now: Date): void {
  const assembly = app.synth(); // strict CloudFormation validation: findings throw
  for (const stack of assembly.stacks) {
    const template = stack.template;
    const text = JSON.stringify(template);
    for (const bad of ['null', 'NaN', '"undefined"', 'undefined', 'Infinity']) {
      expect({ stack: stack.stackName, contains: text.includes(bad) ? bad : undefined }).toEqual({ stack: stack.stackName });
    }
    for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
      if (r.Type === 'AWS::Scheduler::Schedule') {
        const at = firesAt(r.Properties.ScheduleExpression, r.Properties.ScheduleExpressionTimezone);
        expect({ id, problem: at.problem }).toEqual({ id });
        expect({ id, future: at.instant! > now.getTime() }).toEqual({ id, future: true });
        // No negative number anywhere in the request.
        expect({ id, negative: /":-\d/.test(JSON.stringify(r.Properties.Target.Input).replace(/\\"/g, '"')) })
          .toEqual({ id, negative: false });
      }
      if (r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget') {
        expect(r.Properties.MinCapacity).toBeGreaterThanOrEqual(0);
        expect(r.Properties.MaxCapacity).toBeGreaterThanOrEqual(r.Properties.MinCapacity);
        for (const a of r.Properties.ScheduledActions ?? []) {
          const at = firesAt(a.Schedule, a.Timezone);
          expect({ id, problem: at.problem }).toEqual({ id });
          expect({ id, future: at.instant! > now.getTime() }).toEqual({ id, future: true });
          expect(a.ScalableTargetAction.MinCapacity).toBeGreaterThanOrEqual(0);
          expect(a.ScalableTargetAction.MaxCapacity).toBeGreaterThanOrEqual(a.ScalableTargetAction.MinCapacity);
        }
      }
      if (r.Type === 'AWS::CloudWatch::Alarm') {
        // An alarm that can never fire is as silent as none: thresholds within what the metric reports.
        const threshold = r.Properties.Threshold;
        expect({ id, threshold, finite: Number.isFinite(threshold) }).toEqual({ id, threshold, finite: true });
        const metric = r.Properties.MetricName ?? '';
        if (/Utilization$/.test(metric)) {
          expect({ id, metric, threshold, percent: threshold >= 0 && threshold <= 100 }).toEqual({ id, metric, threshold, percent: true });
        }
        if (/^(CPU|Freeable|FreeStorage|DatabaseConnections|Throttles|Errors)/.test(metric)) {
          expect({ id, metric, threshold, nonNegative: threshold >= 0 }).toEqual({ id, metric, threshold, nonNegative: true });
        }
      }
    }
  }
}

/** Builds an event over one tier plan at a random clock, and checks it either way. */
function checkEvent(
  windowProps: EventWindowProps, nowOffsetMinutes: number,
  build: (app: App) => ITierEventPlan, readinessProps: Partial<EventReadinessStackProps> = {},
): void {
  const app = newApp();
  let plan: ITierEventPlan;
  try {
    plan = build(app);
  } catch (e) {
    expectValidationError(e, /^\[Tiers\/[A-Za-z]+\] /);
    outcome('tier rejected');
    return;
  }
  let window: EventWindow;
  try {
    window = new EventWindow(windowProps);
  } catch (e) {
    expectValidationError(e, /^EventWindow 'sale': /);
    outcome('window rejected');
    return;
  }
  const now = new Date(window.prewarm.instant.getTime() + nowOffsetMinutes * 60_000);
  try {
    new EventReadinessStack(app, 'Sale', { ...readinessProps, window, tiers: [plan], now });
  } catch (e) {
    expectValidationError(e, /^\[Sale\/Readiness\] EventReadiness 'sale'/);
    outcome('event rejected');
    return;
  }
  expectSoundAssembly(app, now);
  outcome('synthesized');
}

/** A clock from a day before prewarm to a week after it, in whole minutes or between them. */
const nowOffsetArb = fc.oneof(fc.integer({ min: -24 * 60, max: 7 * 24 * 60 }), fc.constantFrom(-0.001, 0, 0.5));

/** A window that always validates, for cases that explore a tier's props. */
const goodWindowArb: fc.Arbitrary<EventWindowProps> = fc.record({
  start: localMinute.filter((s) => !s.startsWith('2027-03') && !s.startsWith('2027-10') && !s.startsWith('2027-11')),
  zone: fc.constantFrom(...ZONES),
}).map((w) => ({
  name: 'sale', start: w.start, end: addMinutes(w.start, 6 * 60), timeZone: TimeZone.of(w.zone),
  prewarmLead: Duration.hours(8), rampDown: Duration.hours(24), rampDownSteps: 3,
}));

// ---- properties -------------------------------------------------------------------------------

describe('EventWindow: any props either fail validation or give a timeline that fires where it says', () => {
  test('timelines are ordered, whole-minute, unambiguous and fire at their instants (independent zone oracle)', () => {
    run('window', windowArb, 500, (props) => {
      let w: EventWindow;
      try {
        w = new EventWindow(props);
      } catch (e) {
        expectValidationError(e, /^EventWindow 'sale': /);
        outcome('rejected');
        return;
      }
      outcome('valid');
      const instants = w.timeline.map((s) => s.instant.getTime());
      expect(instants.every((t, i) => i === 0 || t > instants[i - 1])).toBe(true);
      expect(instants.every((t) => t % 60_000 === 0)).toBe(true);
      // The start and end are the local times given, read in the zone.
      expect(wallClock(w.startInstant.getTime(), props.timeZone!.timezoneName)).toBe(`${props.start}:00`);
      expect(wallClock(w.endInstant.getTime(), props.timeZone!.timezoneName)).toBe(`${props.end}:00`);
      for (const step of w.timeline) {
        const at = w.scheduleAt(step);
        const fired = firesAt(at.expression, at.timeZone.timezoneName);
        expect({ step: step.id, problem: fired.problem, instant: fired.instant })
          .toEqual({ step: step.id, instant: step.instant.getTime() });
      }
    });
  });
});

describe('StatelessTier with any props and plan', () => {
  // Mostly coherent (caps above peaks, baseline below peak): the edge values then test one
  // rule at a time, and about half the cases synthesize.
  const propsArb = fc.record({
    maxRead: opt(num(fc.integer({ min: 30000, max: 40000 }))),
    eventMaxReadAbove: opt(num(fc.integer({ min: 0, max: 5000 }))),
    pc: opt(num(fc.integer({ min: 1, max: 2000 }))),
    basePcShare: fc.double({ min: 0, max: 1, noNaN: true }),
    reservedAbove: opt(num(fc.integer({ min: 0, max: 1000 }))),
    tableWarmRead: opt(num(fc.integer({ min: 12000, max: 20000 }))),
    warmReadAbove: opt(num(fc.integer({ min: 1, max: 10000 }))),
    api: opt(fc.record({ rate: opt(num(fc.integer({ min: 1, max: 10000 }))), burst: opt(num(fc.integer({ min: 1, max: 20000 }))) })),
    threshold: opt(num(fc.integer({ min: 1, max: 100 }))),
    leadTime: opt(duration(fc.integer({ min: 0, max: 120 }))),
  });

  test('either a validation error naming the tier and the prop, or a sound app', () => {
    run('stateless', fc.tuple(propsArb, goodWindowArb, nowOffsetArb), 30, ([p, w, now]) => {
      checkEvent(w, now, (app) => {
        const pc = p.pc;
        const tableWarm = p.tableWarmRead ?? 12000;
        const warmRead = p.warmReadAbove === undefined ? undefined : tableWarm + p.warmReadAbove;
        const tier = new StatelessTier(new Stack(app, 'Tiers'), 'Catalog', {
          code: lambda.Code.fromInline('exports.handler = async () => ({})'),
          tableProps: {
            partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
            warmThroughput: p.tableWarmRead === undefined ? undefined : { readUnitsPerSecond: p.tableWarmRead },
          },
          maxReadRequestUnits: p.maxRead,
          functionOptions: pc === undefined || p.reservedAbove === undefined ? undefined
            : { reservedConcurrentExecutions: pc + p.reservedAbove },
          httpApi: p.api && { throttlingRateLimit: p.api.rate, throttlingBurstLimit: p.api.burst },
        });
        return tier.forEvent({
          provisionedConcurrency: pc,
          baselineProvisionedConcurrency: pc === undefined ? undefined : Math.floor(pc * p.basePcShare),
          warmThroughput: warmRead === undefined ? undefined : { readUnitsPerSecond: warmRead },
          maxReadRequestUnits: p.maxRead === undefined || p.eventMaxReadAbove === undefined ? undefined
            : Math.max(p.maxRead, warmRead ?? 0) + p.eventMaxReadAbove + 1,
          throttlesAlarmThreshold: p.threshold,
          errorsAlarmThreshold: p.threshold,
          provisionedConcurrencyLeadTime: p.leadTime,
        });
      });
    });
  });
});

describe('AuroraServerlessTier with any props and plan', () => {
  /** ACUs in 0.5 steps from half-steps. */
  const acu = (min: number, max: number) => num(fc.integer({ min: min * 2, max: max * 2 }).map((n) => n / 2));
  const propsArb = fc.record({
    pausing: fc.boolean(),
    baseMin: acu(0.5, 8),
    baseMaxAbove: acu(0.5, 32),
    readers: opt(num(fc.integer({ min: 0, max: 5 }))),
    peakMinAbove: acu(0, 32),
    peakMaxAbove: acu(0, 200),
    extraReaders: opt(num(fc.integer({ min: 0, max: 10 }))),
    cpu: opt(num(fc.integer({ min: 1, max: 100 }))),
    memory: opt(num(fc.integer({ min: 1, max: 2 ** 31 }))),
    lag: opt(duration(fc.integer({ min: 1, max: 10 }))),
    expected: opt(num(fc.integer({ min: 0, max: 5000 }))),
  });

  test('either a validation error naming the tier and the prop, or a sound app', () => {
    run('aurora', fc.tuple(propsArb, goodWindowArb, nowOffsetArb), 30, ([p, w, now]) => {
      checkEvent(w, now, (app) => {
        const baseMax = p.baseMin + p.baseMaxAbove;
        const baseMin = p.pausing ? 0 : p.baseMin;
        const tier = new AuroraServerlessTier(new Stack(app, 'Tiers'), 'Profiles', {
          capacity: p.pausing ? AcuRange.autoPausing(baseMax) : AcuRange.between(baseMin, baseMax),
          readers: p.readers,
        });
        const peakMin = Math.max(baseMin, 0.5) + p.peakMinAbove;
        return tier.forEvent({
          capacity: AcuRange.between(peakMin, Math.max(peakMin, baseMax) + p.peakMaxAbove),
          extraReaders: p.extraReaders,
          cpuAlarmThreshold: p.cpu,
          freeableMemoryAlarmBytes: p.memory,
          replicaLagAlarmThreshold: p.lag,
          expectedConnections: p.expected,
        });
      });
    });
  });
});

describe('RdsTier with any props and plan', () => {
  const sizes = [ec2.InstanceSize.LARGE, ec2.InstanceSize.XLARGE, ec2.InstanceSize.XLARGE2, ec2.InstanceSize.XLARGE4,
    ec2.InstanceSize.XLARGE8, ec2.InstanceSize.XLARGE16, ec2.InstanceSize.XLARGE24];
  const r7g = (size: ec2.InstanceSize) => ec2.InstanceType.of(ec2.InstanceClass.R7G, size);
  const propsArb = fc.record({
    size: fc.integer({ min: 0, max: 3 }),
    replicas: opt(num(fc.integer({ min: 0, max: 5 }))),
    storage: opt(num(fc.integer({ min: 400, max: 2000 }))),
    peakSizeAbove: opt(fc.integer({ min: 0, max: 4 })),
    eventReplicas: opt(num(fc.integer({ min: 0, max: 10 }))),
    peakIops: opt(num(fc.integer({ min: 12001, max: 20000 }))),
    restore: fc.boolean(),
    cooldown: opt(duration(fc.integer({ min: 360, max: 2000 }))),
    gap: opt(duration(fc.integer({ min: 0, max: 60 }))),
    cpu: opt(num(fc.integer({ min: 1, max: 100 }))),
    latency: opt(duration(fc.integer({ min: 1, max: 2 }))),
  });

  test('either a validation error naming the tier and the prop, or a sound app', () => {
    run('rds', fc.tuple(propsArb, goodWindowArb, nowOffsetArb), 30, ([p, w, now]) => {
      checkEvent(w, now, (app) => {
        const tier = new RdsTier(new Stack(app, 'Tiers'), 'Orders', {
          instanceType: r7g(sizes[p.size]), instanceIdentifier: 'orders', replicas: p.replicas,
          allocatedStorageGiB: p.peakIops === undefined ? p.storage : p.storage ?? 400,
          // The replicas' class at least the peak's: the hot-standby rule is its own test.
          replicaInstanceType: r7g(ec2.InstanceSize.XLARGE16),
        });
        return tier.forEvent({
          peakInstanceType: p.peakSizeAbove === undefined ? undefined : r7g(sizes[p.size + p.peakSizeAbove]),
          eventReplicas: p.eventReplicas,
          peakIops: p.peakIops,
          restoreStorageAfterEvent: p.peakIops !== undefined && p.restore,
          storageCooldown: p.cooldown,
          failoverGapAfterEnd: p.gap,
          cpuAlarmThreshold: p.cpu,
          latencyAlarmThreshold: p.latency,
        });
      });
    });
  });
});

describe('EventReadiness with any window and any clock', () => {
  test('either a validation error naming the event and the change, or a sound app with nothing scheduled in the past', () => {
    run('readiness', fc.tuple(windowArb, nowOffsetArb, fc.integer({ min: 1, max: 3000 })), 30, ([w, now, pc]) => {
      checkEvent(w, now, (app) => {
        const tier = new StatelessTier(new Stack(app, 'Tiers'), 'Catalog', {
          code: lambda.Code.fromInline('exports.handler = async () => ({})'),
          tableProps: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
          maxWriteRequestUnits: 5000,
        });
        return tier.forEvent({
          provisionedConcurrency: pc,
          warmThroughput: { writeUnitsPerSecond: 8000 },
          maxWriteRequestUnits: 10000,
        });
      });
    });
  });
});

describe('every number and duration prop, at every edge value, one at a time', () => {
  const EDGE_NUMBERS = [0, -1, 0.5, 2.5, 150, NaN, Infinity, -Infinity, 1e21];
  const EDGE_DURATIONS = [Duration.minutes(0), Duration.minutes(NaN), Duration.hours(Infinity), Duration.seconds(0.0005), Duration.days(1e21)];
  const window: EventWindowProps = {
    name: 'sale', start: '2027-07-15T12:00', end: '2027-07-15T18:00', timeZone: TimeZone.ASIA_KATHMANDU, prewarmLead: Duration.hours(8),
  };
  const code = lambda.Code.fromInline('exports.handler = async () => ({})');
  const keys = { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } };
  const r7g = (size: ec2.InstanceSize) => ec2.InstanceType.of(ec2.InstanceClass.R7G, size);

  /** A field to sweep: how to build the tier's plan (and the readiness props) with that value in it. */
  type Sweep = [string, 'number' | 'duration', (app: App, value: any) => ITierEventPlan, ((value: any) => Partial<EventReadinessStackProps>)?];
  const stateless = (props: object, options: object) => (app: App) =>
    new StatelessTier(new Stack(app, 'Tiers'), 'Catalog', { code, tableProps: keys, maxReadRequestUnits: 5000, ...props })
      .forEvent({ provisionedConcurrency: 10, ...options });
  const aurora = (props: object, options: object) => (app: App) =>
    new AuroraServerlessTier(new Stack(app, 'Tiers'), 'Profiles', { readers: 1, ...props })
      .forEvent({ capacity: AcuRange.between(4, 32), ...options });
  const rds = (props: object, options: object) => (app: App) =>
    new RdsTier(new Stack(app, 'Tiers'), 'Orders', { instanceType: r7g(ec2.InstanceSize.XLARGE2), instanceIdentifier: 'orders', allocatedStorageGiB: 500, ...props })
      .forEvent({ eventReplicas: 1, ...options });
  const sweeps: Sweep[] = [
    ['StatelessTier maxReadRequestUnits', 'number', (app, v) => stateless({ maxReadRequestUnits: v }, {})(app)],
    ['StatelessTier reservedConcurrentExecutions', 'number', (app, v) => stateless({ functionOptions: { reservedConcurrentExecutions: v } }, {})(app)],
    ['StatelessTier tableProps.warmThroughput', 'number', (app, v) => stateless({ tableProps: { ...keys, warmThroughput: { readUnitsPerSecond: v } } }, {})(app)],
    ['StatelessTier httpApi.throttlingRateLimit', 'number', (app, v) => stateless({ httpApi: { throttlingRateLimit: v } }, {})(app)],
    ['StatelessTier httpApi.throttlingBurstLimit', 'number', (app, v) => stateless({ httpApi: { throttlingBurstLimit: v } }, {})(app)],
    ['forEvent provisionedConcurrency', 'number', (app, v) => stateless({}, { provisionedConcurrency: v })(app)],
    ['forEvent baselineProvisionedConcurrency', 'number', (app, v) => stateless({}, { provisionedConcurrency: 100, baselineProvisionedConcurrency: v })(app)],
    ['forEvent warmThroughput', 'number', (app, v) => stateless({}, { warmThroughput: { writeUnitsPerSecond: v } })(app)],
    ['forEvent maxReadRequestUnits', 'number', (app, v) => stateless({}, { maxReadRequestUnits: v })(app)],
    ['forEvent peakReadRequestUnits', 'number', (app, v) => stateless({}, { peakReadRequestUnits: v })(app)],
    ['forEvent tableThroughputQuota', 'number', (app, v) => stateless({}, { tableThroughputQuota: v })(app)],
    ['forEvent throttlesAlarmThreshold', 'number', (app, v) => stateless({}, { throttlesAlarmThreshold: v })(app)],
    ['forEvent spilloverAlarmThreshold', 'number', (app, v) => stateless({}, { spilloverAlarmThreshold: v })(app)],
    ['forEvent provisionedConcurrencyLeadTime', 'duration', (app, v) => stateless({}, { provisionedConcurrencyLeadTime: v })(app)],
    ['AuroraServerlessTier readers', 'number', (app, v) => aurora({ readers: v }, {})(app)],
    ['AuroraServerlessTier capacity min', 'number', (app, v) => aurora({ capacity: AcuRange.between(v, 8) }, {})(app)],
    ['AuroraServerlessTier capacity auto-pause delay', 'duration', (app, v) => aurora({ capacity: AcuRange.autoPausing(8, v) }, {})(app)],
    ['EventReadiness retryAttempts', 'number', (app) => stateless({}, {})(app), (v) => ({ retryAttempts: v })],
    ['EventReadiness maximumEventAge', 'duration', (app) => stateless({}, {})(app), (v) => ({ maximumEventAge: v })],
    ['EventReadiness leadTimeMargin', 'duration', (app) => stateless({}, {})(app), (v) => ({ leadTimeMargin: v })],
    ['AuroraServerlessTier backupRetention', 'duration', (app, v) => aurora({ backupRetention: v }, {})(app)],
    ['AuroraServerlessTier proxy.idleClientTimeout', 'duration', (app, v) => aurora({ proxy: { idleClientTimeout: v } }, {})(app)],
    ['forEvent capacity max', 'number', (app, v) => aurora({}, { capacity: AcuRange.between(4, v) })(app)],
    ['forEvent extraReaders', 'number', (app, v) => aurora({}, { extraReaders: v })(app)],
    ['forEvent cpuAlarmThreshold (Aurora)', 'number', (app, v) => aurora({}, { cpuAlarmThreshold: v })(app)],
    ['forEvent acuUtilizationAlarmThreshold', 'number', (app, v) => aurora({}, { acuUtilizationAlarmThreshold: v })(app)],
    ['forEvent connectionsAlarmRatio', 'number', (app, v) => aurora({}, { connectionsAlarmRatio: v })(app)],
    ['forEvent freeableMemoryAlarmBytes', 'number', (app, v) => aurora({}, { freeableMemoryAlarmBytes: v })(app)],
    ['forEvent replicaLagAlarmThreshold (Aurora)', 'duration', (app, v) => aurora({}, { replicaLagAlarmThreshold: v })(app)],
    ['forEvent capacityLeadTime', 'duration', (app, v) => aurora({}, { capacityLeadTime: v })(app)],
    ['RdsTier replicas', 'number', (app, v) => rds({ replicas: v }, {})(app)],
    ['RdsTier allocatedStorageGiB', 'number', (app, v) => rds({ allocatedStorageGiB: v }, {})(app)],
    ['RdsTier iops', 'number', (app, v) => rds({ iops: v }, {})(app)],
    ['RdsTier credentialRotation', 'duration', (app, v) => rds({ credentialRotation: v }, {})(app)],
    ['forEvent eventReplicas', 'number', (app, v) => rds({}, { eventReplicas: v })(app)],
    ['forEvent peakIops', 'number', (app, v) => rds({}, { peakIops: v })(app)],
    ['forEvent peakStorageThroughput', 'number', (app, v) => rds({}, { peakStorageThroughput: v })(app)],
    ['forEvent cpuAlarmThreshold (RDS)', 'number', (app, v) => rds({}, { cpuAlarmThreshold: v })(app)],
    ['forEvent latencyAlarmThreshold', 'duration', (app, v) => rds({}, { latencyAlarmThreshold: v })(app)],
    ['forEvent storageCooldown', 'duration', (app, v) => rds({}, { peakIops: 20000, restoreStorageAfterEvent: true, storageCooldown: v })(app)],
    ['forEvent failoverGapAfterEnd', 'duration', (app, v) => rds({}, { peakInstanceType: r7g(ec2.InstanceSize.XLARGE4), failoverGapAfterEnd: v })(app)],
    ['forEvent replicaCreationLeadTime', 'duration', (app, v) => rds({}, { replicaCreationLeadTime: v })(app)],
  ];

  test('each either fails validation naming the construct and the prop, or synthesizes a sound app', () => {
    counts.sweep = 0;
    current = 'sweep';
    const failures: string[] = [];
    for (const [field, kind, build, readiness] of sweeps) {
      for (const value of kind === 'number' ? EDGE_NUMBERS : EDGE_DURATIONS) {
        counts.sweep++;
        const label = kind === 'number' ? String(value) : `${(value as Duration).toMilliseconds({ integral: false })} ms`;
        try {
          checkEvent(window, -60, (app) => build(app, value), readiness?.(value));
        } catch (e) {
          failures.push(`${field} = ${label}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
