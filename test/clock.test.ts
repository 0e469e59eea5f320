import * as fs from 'fs';
import * as path from 'path';
import { App, ReferenceStrength, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPrimeDay } from '../examples';
import { EventCalendarStack, EventReadiness, EventReadinessStack, EventWindow } from '../lib';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';
import { TestTier } from './support/test-tier';

/** Every file of a cloud assembly, by relative path, as text. */
function assemblyFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(dir);
  return files;
}

describe('the same output whatever the clock says', () => {
  // The prime-day example: three tiers in one stack, a calendar of two events in another.
  // Prime Day in UTC: prewarm 2027-07-13T01:00Z, peak 07:00Z, end 2027-07-15T07:00Z, ramp-down
  // steps every 20 h, baseline 2027-07-17T19:00Z; some RDS changes are delayed after their step.
  // Black Friday (12 schedules) follows in November.
  const clocks = [
    '2027-01-01T00:00:00Z', // before everything
    '2027-07-13T01:00:00Z', // at prewarm: the prewarm changes are past
    '2027-07-13T12:00:00Z', // mid-event
    '2027-07-15T07:00:00Z', // at the end (ramp-down 1)
    '2027-07-16T03:00:00Z', // at ramp-down 2
    '2027-07-16T23:00:00Z', // at ramp-down 3
    '2027-07-17T19:00:00Z', // at baseline
    '2027-07-20T00:00:00Z', // after every delayed change of Prime Day
    '2027-12-01T00:00:00Z', // after Black Friday
  ];
  const synths = clocks.map((now) => {
    const app = newApp();
    const { shop, readiness } = addPrimeDay(app, { now: new Date(now) });
    return {
      now,
      shop: JSON.stringify(Template.fromStack(shop).toJSON()),
      scheduled: Object.keys(Template.fromStack(readiness).findResources('AWS::Scheduler::Schedule')).length,
    };
  });

  test('the clocks cover schedules from all to none, so the comparison below is not vacuous', () => {
    expect(synths.map((s) => s.scheduled)).toEqual([30, 27, 23, 21, 18, 16, 13, 12, 0]);
  });

  test('the tier stack template is byte-identical at every step of the event', () => {
    for (const s of synths.slice(1)) {
      expect({ now: s.now, equal: s.shop === synths[0].shop }).toEqual({ now: s.now, equal: true });
    }
  });

  test('the tier stack keeps exporting what past schedules used (a mid-event deploy of it does not fail)', () => {
    // After the last change no schedule is left, yet the RDS primary's identifier, which only
    // schedules use (class, storage, replicas), is still exported.
    const last = synths[synths.length - 1];
    expect(last.scheduled).toBe(0);
    const exports = Object.values(JSON.parse(last.shop).Outputs as Record<string, any>)
      .map((o) => o.Export?.Name).filter(Boolean);
    expect(exports.some((n: string) => /OrdersPrimary/.test(n))).toBe(true);
  });
});

describe('the context clock', () => {
  const window = () => new EventWindow({ name: 'sale', start: '2026-07-15T00:00', end: '2026-07-16T00:00' });

  test.each([
    ['2026-07-01T00:00:00'],
    ['2026-07-01T00:00'],
    ['2026-07-01'],
    ['July 1, 2026'],
    ['2026-07-01T00:00:00+0200'],
    ['2026-02-30T00:00:00Z'],
    ['2026-07-01T24:30:00Z'],
  ])('%s (no Z or offset, not ISO-8601, or no such date) is rejected, naming the key and the value', (value) => {
    const stack = new Stack(new App({ context: { [EventReadiness.NOW_CONTEXT_KEY]: value } }), 'Stack');
    expect(() => new EventReadiness(stack, 'Sale', { window: window() }))
      .toThrow(`[Stack/Sale] EventReadiness 'sale': context 'cdk-event-readiness:now' must be an ISO-8601 instant with 'Z' `
        + `or an offset, such as '2026-07-01T00:00:00Z' or '2026-07-01T09:00:00+09:00', got '${value}'`);
  });

  test.each([
    ['2026-07-14T22:00:00Z', '2026-07-14T22:00:00.000Z'],
    ['2026-07-15T00:00:00+02:00', '2026-07-14T22:00:00.000Z'],
    ['2026-07-14T22:00Z', '2026-07-14T22:00:00.000Z'],
    ['2026-07-14T22:00:00.000Z', '2026-07-14T22:00:00.000Z'],
  ])('%s is read as the instant %s', (value, instant) => {
    const stack = new Stack(new App({ context: { [EventReadiness.NOW_CONTEXT_KEY]: value } }), 'Stack');
    expect(new EventReadiness(stack, 'Sale', { window: window() }).now.toISOString()).toBe(instant);
  });
});

describe('nothing in the cloud assembly depends on the wall clock', () => {
  /** Synthesizes a fixture with a past step, the clock left to the wall clock, at a given wall-clock time. */
  function synthAt(wallClock: string): Map<string, string> {
    jest.useFakeTimers().setSystemTime(new Date(wallClock));
    try {
      expect(new Date().toISOString()).toBe(wallClock);
      // Without construct stack traces (as every test app; they would name this file's lines).
      const app = newApp({ context: { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true } });
      const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
      new EventReadinessStack(app, 'Sale', { window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })] });
      return assemblyFiles(app.synth().directory);
    } finally {
      jest.useRealTimers();
    }
  }

  test('two synths during the same phase of the event, minutes apart, are byte-identical', () => {
    // The fixture's event: prewarm 2026-07-15T05:00Z, peak 07:00Z; both clocks are after
    // prewarm (its changes are past, and a warning says so) and before the peak.
    // One call site for both (construct traces name their caller's line).
    const [first, second] = ['2026-07-15T05:30:00.123Z', '2026-07-15T06:47:59.999Z'].map(synthAt);
    const warnings = [...first.values()].join('\n');
    expect(warnings).toContain('cdk-event-readiness:past-steps');
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, text] of first) {
      expect({ file, text: second.get(file) }).toEqual({ file, text });
    }
  });
});

describe('the tier stack is the same at every clock with weak references too', () => {
  const tiersAt = (now: string) => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    new EventReadinessStack(app, 'Sale', {
      window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })], now: new Date(now), crossStackReferences: ReferenceStrength.WEAK,
    });
    const assembly = app.synth();
    return { tiers: JSON.stringify(assembly.getStackByName('Tiers').template), sale: JSON.stringify(assembly.getStackByName('Sale').template) };
  };
  // The fixture's changes: prewarm 2026-07-15T05:00Z to baseline 2026-07-18T07:00Z.
  const before = tiersAt('2026-01-01T00:00:00Z');
  const after = tiersAt('2026-07-20T00:00:00Z');

  test('weak references (Fn::GetStackOutput), no exports', () => {
    expect(before.sale).toContain('Fn::GetStackOutput');
    expect(before.sale).not.toContain('Fn::ImportValue');
    expect(before.tiers).not.toContain('"Export"');
  });

  test('every schedule past, the tier template is unchanged', () => {
    expect(after.sale).not.toContain('"AWS::Scheduler::Schedule"');
    expect(after.tiers).toBe(before.tiers);
  });
});

describe('the readiness and calendar stacks follow the app\'s cross-stack reference setting', () => {
  test('an app that sets none gets strong references without aws-cdk-lib\'s "no strength configured" warning', () => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    const sale = new EventReadinessStack(app, 'Sale', { window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })], now: BEFORE_EVENTS });
    app.synth();
    const warnings = sale.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.filter((w) => /cross-stack-reference strength|crossStackReferencesDefaultStrong/.test(w))).toEqual([]);
  });

  const FLAG = '@aws-cdk/core:defaultCrossStackReferences';
  const templates = (context: Record<string, string>, crossStackReferences?: ReferenceStrength) => {
    const app = newApp({ context });
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    new EventReadinessStack(app, 'Sale', { window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })], now: BEFORE_EVENTS, crossStackReferences });
    const calendarTier = new TestTier(new Stack(app, 'CalendarTiers'), 'Tier');
    new EventCalendarStack(app, 'Calendar', { events: [{ window: saleWindow({ name: 'other-sale' }), tiers: [calendarTier.forEvent({ peak: 100 })] }], now: BEFORE_EVENTS,
      crossStackReferences });
    const assembly = app.synth();
    return ['Sale', 'Calendar'].map((s) => JSON.stringify(assembly.getStackByName(s).template));
  };

  test.each([
    ['weak, as cdk init writes it', { [FLAG]: 'weak' }, undefined, 'Fn::GetStackOutput'],
    ['unset (strong, as before the flag existed)', {}, undefined, 'Fn::ImportValue'],
    ['weak, but STRONG given to the stacks', { [FLAG]: 'weak' }, ReferenceStrength.STRONG, 'Fn::ImportValue'],
    ['strong, but WEAK given to the stacks', { [FLAG]: 'strong' }, ReferenceStrength.WEAK, 'Fn::GetStackOutput'],
  ])('app setting %s', (_name, context, given, expected) => {
    for (const template of templates(context, given)) {
      expect(template).toContain(expected);
      expect(template).not.toContain(expected === 'Fn::ImportValue' ? 'Fn::GetStackOutput' : 'Fn::ImportValue');
    }
  });
});
