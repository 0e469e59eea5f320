/**
 * Property-based tests: random but type-correct windows, tier props, plans and clocks. Each case
 * either throws the library's ValidationError, naming the construct path (or the event, for the
 * EventWindow value object) and a prop, or synthesizes a sound app (see support/properties.ts).
 * Seeded: a failure prints its seed and path to replay.
 */
import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as fc from 'fast-check';
import { AcuRange, AuroraServerlessTier, EventWindow, RdsTier, StatelessTier } from '../lib';
import { firesAt, wallClock } from './support/oracles';
import {
  checkEvent, duration, expectSynthesizedAtLeast, expectValidationError, goodWindowArb, num, nowOffsetArb, opt, outcome, reportCases, run, windowArb,
} from './support/properties';

afterAll(reportCases);

// ---- properties -------------------------------------------------------------------------------

describe('EventWindow: any props either fail validation or give a timeline that fires where it says', () => {
  test('timelines are ordered, whole-minute, unambiguous and fire at their instants (independent zone oracle)', () => {
    run('window', windowArb, 300, (props) => {
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
    run('stateless', fc.tuple(propsArb, goodWindowArb, nowOffsetArb), 25, ([p, w, now]) => {
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
          errorRateAlarmPercent: p.threshold,
          provisionedConcurrencyLeadTime: p.leadTime,
        });
      });
    });
    expectSynthesizedAtLeast('stateless', 8);
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
    run('aurora', fc.tuple(propsArb, goodWindowArb, nowOffsetArb), 25, ([p, w, now]) => {
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
    expectSynthesizedAtLeast('aurora', 8);
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
    run('rds', fc.tuple(propsArb, goodWindowArb, nowOffsetArb), 25, ([p, w, now]) => {
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
    expectSynthesizedAtLeast('rds', 8);
  });
});

describe('EventReadiness with any window and any clock', () => {
  test('either a validation error naming the event and the change, or a sound app with nothing scheduled in the past', () => {
    run('readiness', fc.tuple(windowArb, nowOffsetArb, fc.integer({ min: 1, max: 3000 })), 25, ([w, now, pc]) => {
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
    expectSynthesizedAtLeast('readiness', 8);
  });
});

