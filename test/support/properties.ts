/**
 * What the property tests (test/properties.test.ts) and the edge-value sweep
 * (test/edge-values.test.ts) share: random but type-correct props (including 0, negatives, NaN,
 * ±Infinity, fractions, 1e21, zones with 30- and 45-minute offsets, daylight-saving edges), and
 * the check every case passes. Each case
 * either throws this library's ValidationError, naming the construct path (or the event, for
 * the EventWindow value object) and a prop, or synthesizes templates that pass aws-cdk-lib's
 * strict CloudFormation validation, hold no null/NaN/"undefined"/Infinity, no negative capacity,
 * and no at() at or before the clock. Seeded: a failure prints its seed and path to replay.
 */
import { App, Duration, TimeZone } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import {
  EventReadinessStack, EventReadinessStackProps, EventWindow, EventWindowProps, ITierEventPlan, Errors,
} from '../../lib';
import { newApp } from './app';
import { firesAt } from './oracles';

/** The seed of every property here; change it to explore, keep it to reproduce. */
export const SEED = 20261126;
/** Cases run, per property (printed at the end of the file). */
export const counts: Record<string, number> = {};
/** How the cases of each property ended: which validation rejected them, or synthesized. */
const outcomes: Record<string, Record<string, number>> = {};
let current = '';

export function outcome(kind: string): void {
  const o = (outcomes[current] ??= {});
  o[kind] = (o[kind] ?? 0) + 1;
}

/** Starts counting the cases (and their outcomes) of a property. */
export function begin(name: string): void {
  // The module lives as long as its worker thread, across test files: each property starts afresh.
  counts[name] = 0;
  outcomes[name] = {};
  current = name;
}

/** Runs a seeded property, counting its cases. */
export function run<T>(name: string, arb: fc.Arbitrary<T>, numRuns: number, check: (value: T) => void): void {
  begin(name);
  fc.assert(fc.property(arb, (value) => {
    counts[name]++;
    check(value);
  }), { seed: SEED, numRuns, endOnFailure: true });
}

/** At least this many cases of the property synthesized: a library that rejected everything would fail. */
export function expectSynthesizedAtLeast(name: string, minimum: number): void {
  expect({ name, synthesized: (outcomes[name]?.synthesized ?? 0) >= minimum }).toEqual({ name, synthesized: true });
}

/** Prints the cases run and their outcomes (register with afterAll): the figures the README quotes. */
export function reportCases(): void {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // The count the issue asks to report; visible with --verbose or in CI logs.
  process.stdout.write(`property cases run: ${total} (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})\n`
    + `outcomes: ${JSON.stringify(outcomes)}\n`);
}

// ---- arbitraries -------------------------------------------------------------------------

/** Numbers users get wrong: the edge values, with sensible values most of the time. */
export function num(sensible: fc.Arbitrary<number>): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 10, arbitrary: sensible },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, -0.5, 0.5, 2.5, NaN, Infinity, -Infinity, 1e21, -1e21) },
  );
}

export function opt<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

/** Durations, including ones aws-cdk-lib itself cannot convert (fractions of a millisecond, NaN, Infinity). */
export function duration(sensibleMinutes: fc.Arbitrary<number>): fc.Arbitrary<Duration> {
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
export const ZONES = [
  'Etc/UTC', 'America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Australia/Adelaide', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tokyo',
];

/** Local times near 2027's daylight-saving changes in those zones (gaps, overlaps, either side). */
export const DST_EDGES = [
  '2027-03-14T02:30', '2027-03-14T01:59', '2027-11-07T01:30', '2027-11-07T00:59', // US
  '2027-03-28T01:30', '2027-10-31T01:30', // UK
  '2027-04-04T01:45', '2027-10-03T02:15', // Lord Howe (30-minute shift)
  '2027-04-04T02:45', '2027-09-26T02:45', // Chatham (+12:45 / +13:45)
  '2027-04-04T02:30', '2027-10-03T02:30', // Adelaide
];

const p2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` for a minute of 2027 (any local time, whether or not the zone has it). */
export const localMinute = fc.integer({ min: 0, max: 364 * 24 * 60 }).map((m) => {
  const d = new Date(Date.UTC(2027, 0, 1) + m * 60_000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
});

export const startArb = fc.oneof(localMinute, fc.constantFrom(...DST_EDGES));

/** Adds minutes to a local `YYYY-MM-DDTHH:mm` as wall-clock arithmetic. */
export function addMinutes(local: string, minutes: number): string {
  const d = new Date(Date.parse(`${local}:00Z`) + minutes * 60_000);
  return Number.isNaN(d.getTime()) ? local
    : `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

export const windowArb: fc.Arbitrary<EventWindowProps> = fc.record({
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
export function expectValidationError(e: unknown, subjectPattern: RegExp): void {
  if (process.env.SHOW_REJECTIONS) {
    const m = String((e as Error)?.message).replace(/\d+/g, 'N').slice(0, 160);
    if (!seen.has(m)) { seen.add(m); process.stdout.write(`${m}\n`); }
  }
  if (!Errors.isValidationError(e) || !(e instanceof Error) || e.name !== 'ValidationError') {
    throw new Error(`expected the library's ValidationError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  expect(e.message).toMatch(subjectPattern);
  // Each problem, after the subject ("[path] RdsTier.forEvent (tier 'orders'): "), names a prop
  // or setting and says what is allowed or what is wrong.
  const body = e.message.replace(subjectPattern, '').replace(/^[^:]*?\): /, '').replace(/^tier '[^']*': /, '');
  const problems = body.startsWith('\n') ? body.split('\n  - ').slice(1) : [body];
  for (const problem of problems) {
    expect({ problem, namesAProp: NAMES_A_PROP.test(problem), saysWhatIsAllowed: STATES_A_RULE.test(problem) })
      .toEqual({ problem, namesAProp: true, saysWhatIsAllowed: true });
  }
}

/** Words that state a rule: what is allowed, or what is wrong with the value. */
const STATES_A_RULE = /\b(must|needs?|is (above|below|beyond|set|smaller|from|not)|exceeds|would|does not exist|occurs twice|more than|at least|at most|got)\b/;

/** Everything a synthesized app asks of AWS is well-formed and in the future. */
export function expectSoundAssembly(app: App, now: Date): void {
  const assembly = app.synth(); // strict CloudFormation validation: findings throw
  for (const stack of assembly.stacks) {
    const template = stack.template;
    const text = JSON.stringify(template);
    // No number beyond what CloudFormation's Integer and Long properties hold (1e21 -> "1e+21").
    expect({ stack: stack.stackName, hugeNumber: /[0-9]e\+[0-9]/.test(text) }).toEqual({ stack: stack.stackName, hugeNumber: false });
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
export function checkEvent(
  windowProps: EventWindowProps, nowOffsetMinutes: number,
  build: (app: App) => ITierEventPlan, readinessProps: Partial<EventReadinessStackProps> = {},
): void {
  const app = newApp({}, { validate: true });
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
export const nowOffsetArb = fc.oneof(fc.integer({ min: -24 * 60, max: 7 * 24 * 60 }), fc.constantFrom(-0.001, 0, 0.5));

/** A window that always validates, for cases that explore a tier's props. */
export const goodWindowArb: fc.Arbitrary<EventWindowProps> = fc.record({
  start: localMinute.filter((s) => !s.startsWith('2027-03') && !s.startsWith('2027-10') && !s.startsWith('2027-11')),
  zone: fc.constantFrom(...ZONES),
}).map((w) => ({
  name: 'sale', start: w.start, end: addMinutes(w.start, 6 * 60), timeZone: TimeZone.of(w.zone),
  prewarmLead: Duration.hours(8), rampDown: Duration.hours(24), rampDownSteps: 3,
}));

