/**
 * A rehearsal of Prime Day on a staging copy of the shop: the same changes in the same order,
 * as close together as their lead times allow, checked by the same rules as any event.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ShopStack } from '../examples';
import { NetworkStack } from '../examples/network';
import { AcuRange, EventPlanDocument, EventReadiness, EventRehearsalStack, EventWindow, RampDownGate } from '../lib';
import { readPlans } from '../lib/cli/assembly';
import { CliIo } from '../lib/cli/io';
import { main } from '../lib/cli/main';
import { totalSeconds } from '../lib/cli/plan';
import { newApp } from './support/app';

const primeDay = new EventWindow({
  name: 'prime-day-2027', start: '2027-07-13T00:00', end: '2027-07-15T00:00', timeZone: TimeZone.AMERICA_LOS_ANGELES,
  prewarmLead: Duration.hours(6), rampDown: Duration.hours(60), rampDownSteps: 3,
});

/** Prime Day's peaks (as in the prime-day example) for a shop's tiers. */
function primeDayPeaks(shop: ShopStack) {
  return [
    shop.catalog.forEvent({ provisionedConcurrency: 800, warmThroughput: { readUnitsPerSecond: 40000, writeUnitsPerSecond: 12000 } }),
    shop.orders.forEvent({
      peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE16),
      eventReplicas: 3, peakIops: 40000, peakStorageThroughput: 1000,
    }),
    shop.profiles.forEvent({ capacity: AcuRange.between(8, 128), extraReaders: 2, expectedConnections: 1200 }),
  ];
}

function rehearsal(overrides: { start?: string; peakDuration?: Duration; rampDownGate?: RampDownGate } = {}) {
  const app = newApp();
  const network = new NetworkStack(app, 'StagingNetwork');
  const shop = new ShopStack(app, 'StagingShop', network.vpc);
  const stack = new EventRehearsalStack(app, 'PrimeDayRehearsal', {
    rehearses: primeDay,
    name: 'prime-day-rehearsal',
    start: overrides.start ?? '2027-06-15T13:00',
    peakDuration: overrides.peakDuration,
    rampDownGate: overrides.rampDownGate,
    now: new Date('2027-06-01T00:00:00Z'),
    // the event's peaks, on staging
    tiers: primeDayPeaks(shop),
  });
  const plan = readPlans(app.synth().directory).find((p) => p.plan.eventName === 'prime-day-rehearsal')!.plan;
  return { app, stack, plan };
}

describe('EventRehearsal', () => {
  const { app, stack, plan } = rehearsal();
  const w = stack.rehearsal.window;
  const changes = plan.tiers.flatMap((t) => t.changes.map((c) => ({ ...c, tier: t.name })));

  test('it synthesizes: every rule of an event holds (scale-ups in time, scale-downs spaced by their lead times)', () => {
    expect(() => app.synth()).not.toThrow();
    expect(plan.rehearsalOf).toBe('prime-day-2027');
    expect(w.rampDownSteps).toBe(primeDay.rampDownSteps);
  });

  test('the prewarm is as short as the slowest chain of scale-ups: the tightest one has less than a minute to spare', () => {
    const ups = changes.filter((c) => c.direction === 'SCALE_UP');
    expect(Math.min(...ups.map((c) => c.marginSeconds!))).toBeGreaterThanOrEqual(0);
    expect(Math.min(...ups.map((c) => c.marginSeconds!))).toBeLessThan(60);
    // the chain: the class change, then the storage raise, then the replicas (built from the raised primary)
    expect(w.prewarmLead.toMinutes()).toBeLessThan(primeDay.prewarmLead.toMinutes());
  });

  test('each ramp-down step is as close as its slowest scale-down allows', () => {
    const steps = w.rampDownTimeline;
    const spacing = steps[1].instant.getTime() - steps[0].instant.getTime();
    const slowest = Math.max(...changes.filter((c) => c.direction === 'SCALE_DOWN' && c.step.startsWith('ramp-down'))
      .map((c) => Date.parse(c.atUtc) + (c.leadTimeSeconds + c.retryWindowSeconds) * 1000
        - steps.find((s) => s.id === c.step)!.instant.getTime()));
    expect(spacing).toBeGreaterThanOrEqual(slowest);
    expect(spacing - slowest).toBeLessThan(60_000);
  });

  test('a gated rehearsal spaces its ramp-down steps by the gate\'s maximum hold too', () => {
    const gated = rehearsal({ rampDownGate: RampDownGate.whileInAlarm({ maximumHold: Duration.minutes(40) }) });
    const steps = gated.stack.rehearsal.window.rampDownTimeline;
    const spacing = steps[1].instant.getTime() - steps[0].instant.getTime();
    const downs = gated.plan.tiers.flatMap((t) => t.changes).filter((c) => c.direction === 'SCALE_DOWN' && c.step.startsWith('ramp-down'));
    expect(downs.every((c) => c.gate?.maximumHoldSeconds === 2400)).toBe(true);
    const slowest = Math.max(...downs.map((c) => Date.parse(c.atUtc) + (c.leadTimeSeconds + c.retryWindowSeconds) * 1000
      - steps.find((s) => s.id === c.step)!.instant.getTime()));
    expect(spacing).toBeGreaterThanOrEqual(slowest);
    expect(spacing - slowest).toBeLessThan(60_000);
    expect(spacing).toBeGreaterThan(w.rampDownTimeline[1].instant.getTime() - w.rampDownTimeline[0].instant.getTime());
  });

  test('the same changes, in the same order, as the event would make', () => {
    const app2 = newApp();
    const network = new NetworkStack(app2, 'Network');
    const shop = new ShopStack(app2, 'Shop', network.vpc);
    const event = new Stack(app2, 'Event');
    const readiness = new EventReadiness(event, 'Readiness', {
      window: primeDay, now: new Date('2027-06-01T00:00:00Z'),
      tiers: primeDayPeaks(shop),
    });
    // (event replicas are named after their event)
    const order = (doc: EventPlanDocument) => doc.tiers.flatMap((t) => t.changes.map((c) => ({
      t: Date.parse(c.atUtc), what: `${t.name} ${c.step} ${c.setting} ${c.before} -> ${c.after}`.split(doc.eventName).join('<event>'),
    }))).sort((a, b) => a.t - b.t || a.what.localeCompare(b.what)).map((x) => x.what);
    const eventPlan = readPlans(app2.synth().directory).find((p) => p.plan.eventName === 'prime-day-2027')!.plan;
    expect(readiness.window.name).toBe('prime-day-2027');
    expect(order(plan)).toEqual(order(eventPlan));
  });

  test('much shorter than the event: an afternoon, not four days', () => {
    expect(totalSeconds(plan)).toBeLessThan(12 * 3600);
  });

  test('plan prints it like any event, with what it rehearses and its total duration', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => undefined, isTty: false, env: {}, now: () => new Date(), writeFile: () => undefined };
    expect(await main(['plan', '--app', app.synth().directory, '--event', 'prime-day-rehearsal'], io)).toBe(0);
    expect(out.join('')).toContain('Rehearsal of event prime-day-2027');
    expect(out.join('')).toMatch(/Total: \d+ h( \d+ min)? from the first change to the last one taken effect\./);
  });
});

test('under the CDK CLI (CDK_OUTDIR set), measuring adds no app that would synthesize over the deploy\'s assembly', () => {
  const before = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-outdir-'));
  try {
    const app = new App({ autoSynth: false });
    const network = new NetworkStack(app, 'N');
    const shop = new ShopStack(app, 'S', network.vpc);
    const listeners = process.listenerCount('beforeExit');
    new EventRehearsalStack(app, 'R', {
      rehearses: primeDay, name: 'r', start: '2027-06-15T13:00', now: new Date('2027-06-01T00:00:00Z'), tiers: primeDayPeaks(shop),
    });
    expect(process.listenerCount('beforeExit')).toBe(listeners);
  } finally {
    if (before === undefined) {
      delete process.env.CDK_OUTDIR;
    } else {
      process.env.CDK_OUTDIR = before;
    }
  }
});

describe('EventRehearsal bad input', () => {
  test.each([
    ['the event\'s own name', { name: 'prime-day-2027' }, /name must differ from the rehearsed event's/],
    ['a start that is not a date-time', { start: 'tomorrow' }, /start must be a local date-time such as '2027-06-15T13:00', got 'tomorrow'/],
    ['a start in a daylight-saving gap', { start: '2027-03-14T02:30' }, /start 2027-03-14T02:30 does not exist in America\/Los_Angeles/],
    ['no tiers', { tiers: [] }, /tiers must name at least one tier plan/],
    ['a peak of seconds', { peakDuration: Duration.seconds(30) }, /peakDuration must be whole minutes from 1 minute to 24 hours/],
  ])('%s', (_, overrides, message) => {
    const app = newApp();
    const network = new NetworkStack(app, 'N');
    const shop = new ShopStack(app, 'S', network.vpc);
    expect(() => new EventRehearsalStack(app, 'R', {
      rehearses: primeDay, name: 'r', start: '2027-06-15T13:00', now: new Date('2027-06-01T00:00:00Z'),
      tiers: [shop.catalog.forEvent({ provisionedConcurrency: 10 })], ...overrides,
    })).toThrow(message);
  });
});
