import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { addExistingShop, addFlashSale, addPrimeDay } from '../examples';
import {
  AcuRange, EventReadinessStack, EventWindow, ExistingAuroraServerlessCluster, ExistingRdsInstance, ExistingStatelessResources,
} from '../lib';
import { readPlans } from '../lib/cli/assembly';
import { Amount, amountText, Economics, HoursAt, ItemEconomics } from '../lib/cli/economics';
import { CliIo } from '../lib/cli/io';
import { main } from '../lib/cli/main';
import { PricedEconomics } from '../lib/cli/plan';
import { RDS_INSTANCE_RATES, SHIPPED_PRICES } from '../lib/cli/shipped-prices';
import { newApp } from './support/app';

const NOW = new Date('2027-01-01T00:00:00Z');

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t), err: (t) => err.push(t), isTty: false, env: {}, now: () => NOW, writeFile: () => undefined,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

// GIVEN the seed's own case: RDS for PostgreSQL on db.r5.2xlarge every day, db.r5.16xlarge for
// 72 hours (a 6-hour prewarm, a 60-hour event, and the class straight back down halfway through a
// 12-hour ramp-down: 6 + 60 + 6), then the everyday class again.
const app = newApp();
addPrimeDay(app, { now: NOW });
addFlashSale(app, { now: NOW });
addExistingShop(app, { now: NOW });
const seed = new EventReadinessStack(app, 'SeedSale', {
  window: new EventWindow({
    name: 'seed-sale', start: '2027-07-12T00:00', end: '2027-07-14T12:00', timeZone: TimeZone.ETC_UTC,
    prewarmLead: Duration.hours(6), rampDown: Duration.hours(12), rampDownSteps: 2,
  }),
  now: NOW,
});
const seedDb = new ExistingRdsInstance(seed, 'Db', {
  instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(seed, 'Imported', {
    instanceIdentifier: 'seed-db', instanceEndpointAddress: 'seed-db.internal', port: 5432, securityGroups: [],
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 }),
  }),
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.R5, ec2.InstanceSize.XLARGE2),
  multiAz: false,
});
seed.addTier(seedDb.forEvent({
  tierName: 'orders', peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R5, ec2.InstanceSize.XLARGE16), instanceClassLadder: [],
}));
// And a function imported by name: its memory and architecture cannot be read.
const imported = new EventReadinessStack(app, 'ImportedFunction', {
  window: new EventWindow({ name: 'imported-fn', start: '2027-03-01T09:00', end: '2027-03-01T17:00', timeZone: TimeZone.EUROPE_BERLIN }),
  now: NOW,
});
imported.addTier(new ExistingStatelessResources(imported, 'Api', {
  function: lambda.Function.fromFunctionName(imported, 'Fn', 'api-handler'), aliasName: 'live',
}).forEvent({ tierName: 'api', provisionedConcurrency: 100 }));
// The same, with its memory and architecture given.
imported.addTier(new ExistingStatelessResources(imported, 'Known', {
  function: lambda.Function.fromFunctionName(imported, 'KnownFn', 'known-handler'), aliasName: 'live',
  functionMemorySize: 2048, functionArchitecture: lambda.Architecture.X86_64,
}).forEvent({ tierName: 'known', provisionedConcurrency: 10 }));
// And an I/O-Optimized Aurora cluster imported by identifier.
imported.addTier(new ExistingAuroraServerlessCluster(imported, 'Cluster', {
  cluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(imported, 'ImportedCluster', {
    clusterIdentifier: 'sessions', engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 }),
  }),
  capacity: AcuRange.between(0.5, 8), readers: 0, storageType: rds.DBClusterStorageType.AURORA_IOPT1,
}).forEvent({ tierName: 'sessions', capacity: AcuRange.between(2, 16) }));
// A storage raise restored after its 24 h cooldown, past a 1-hour ramp-down: the manual practice
// stretches the ramp-down, not the cooldown after it.
const restore = new EventReadinessStack(app, 'RestoreSale', {
  window: new EventWindow({
    name: 'restore-sale', start: '2027-05-10T09:00', end: '2027-05-10T17:00', timeZone: TimeZone.ETC_UTC,
    prewarmLead: Duration.hours(3), rampDown: Duration.hours(1), rampDownSteps: 1,
  }),
  now: NOW,
});
/** A Multi-AZ RDS for PostgreSQL db.r7g.2xlarge on gp3, imported by identifier into an event's stack. */
function importedOrders(stack: EventReadinessStack, identifier: string, allocatedStorageGiB: number): ExistingRdsInstance {
  return new ExistingRdsInstance(stack, 'Db', {
    instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Imported', {
      instanceIdentifier: identifier, instanceEndpointAddress: `${identifier}.internal`, port: 5432, securityGroups: [],
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 }),
    }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
    multiAz: true, allocatedStorageGiB, storageType: rds.StorageType.GP3,
  });
}
restore.addTier(importedOrders(restore, 'restore-db', 500).forEvent({ tierName: 'orders', peakIops: 20000, restoreStorageAfterEvent: true }));
// The same raise, never restored.
const kept = new EventReadinessStack(app, 'KeptSale', {
  window: new EventWindow({ name: 'kept-sale', start: '2027-05-20T09:00', end: '2027-05-20T17:00', timeZone: TimeZone.ETC_UTC, prewarmLead: Duration.hours(3) }),
  now: NOW,
});
kept.addTier(importedOrders(kept, 'kept-db', 1000).forEvent({ tierName: 'orders', peakIops: 40000, peakStorageThroughput: 1000 }));
// And a table imported by name, whose warm throughput the plan does not know.
restore.addTier(new ExistingStatelessResources(restore, 'Table', {
  table: dynamodb.TableV2.fromTableName(restore, 'Imported Table', 'restore-table'),
}).forEvent({ tierName: 'catalog', warmThroughput: { readUnitsPerSecond: 20000 } }));
const assemblyDir = app.synth().directory;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'economics-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function priceFile(name: string, table: unknown): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, JSON.stringify(table));
  return file;
}

async function economics(event: string, ...args: string[]): Promise<Economics> {
  const { io, out, err } = fakeIo();
  const code = await main(['plan', '--app', assemblyDir, '--event', event, '--cost', '--json', ...args], io);
  expect(err()).toBe('');
  expect([0, 2]).toContain(code);
  return JSON.parse(out())[0].economics;
}

const item = (e: Economics, tier: string, name: string): ItemEconomics => {
  const found = e.items.find((i) => i.tier === tier && i.item === name);
  expect(found).toBeDefined();
  return found!;
};
const cents = (n: number | undefined) => n?.toFixed(2);

describe('the seed\'s figures, from its inputs and its prices', () => {
  const seedPrices = {
    asOf: 'seed', region: 'us-east-1', currency: 'USD', source: 'the seed',
    rdsInstanceHour: { postgres: { 'single-az': { 'db.r5.2xlarge': 0.504, 'db.r5.16xlarge': 4.032 } } },
  };

  test('$362.88 for the everyday month and $290.30 for 72 h at db.r5.16xlarge, exact to the cent', async () => {
    // WHEN
    const e = await economics('seed-sale', '--prices', priceFile('seed.json', seedPrices));
    // THEN
    const primary = item(e, 'orders', 'primary instance');
    expect(primary.unit).toBe('instance-hour (postgres, Single-AZ)');
    expect(cents(primary.everyday?.low)).toBe('362.88');
    expect(primary.everyday?.high).toBe(primary.everyday?.low);
    const peak = primary.hours.plan.find((h) => h.value === 'db.r5.16xlarge');
    expect(peak?.hours).toBe(72);
    expect(cents(peak?.cost?.low)).toBe('290.30');
    // the plan's month: 72 h at the peak and the other 648 h at the everyday class
    expect(cents(primary.plan?.low)).toBe((290.304 + 648 * 0.504).toFixed(2));
    expect(e.totals.unpriced).toEqual([]);
  });

  test('the manual practice holds the peak from 7 days before the start and steps down over 2 days', async () => {
    const e = await economics('seed-sale', '--prices', priceFile('seed.json', seedPrices));
    const primary = item(e, 'orders', 'primary instance');
    // 168 h before the start, the 60 h event, then the plan's step down (6 h into a 12 h
    // ramp-down) stretched over 48 h: 24 h more.
    expect(primary.hours.manual.find((h) => h.value === 'db.r5.16xlarge')?.hours).toBe(168 + 60 + 24);
    expect(e.totals.savingAgainstManual.low).toBeCloseTo((168 + 60 + 24 - 72) * (4.032 - 0.504), 6);
    expect(e.totals.extraOverEveryday.low).toBeCloseTo(72 * (4.032 - 0.504), 6);
    // --manual-lead and --manual-ramp-down change it
    const shorter = await economics('seed-sale', '--prices', priceFile('seed.json', seedPrices), '--manual-lead', '24', '--manual-ramp-down', '72');
    expect(item(shorter, 'orders', 'primary instance').hours.manual.find((h) => h.value === 'db.r5.16xlarge')?.hours)
      .toBe(24 + 60 + 36);
  });

  test('a class the price file leaves out is unknown, never free: its item is out of the totals, which say so', async () => {
    const e = await economics('seed-sale', '--prices', priceFile('partial.json', {
      currency: 'USD', rdsInstanceHour: { postgres: { 'single-az': { 'db.r5.2xlarge': 0.504 } } },
    }));
    const primary = item(e, 'orders', 'primary instance');
    expect(cents(primary.everyday?.low)).toBe('362.88'); // the everyday class is priced
    expect(primary.plan).toBeUndefined();
    expect(primary.unknown).toBe('the price table has no price for db.r5.16xlarge');
    expect(e.totals.unpriced).toEqual(['orders primary instance']);
    expect(e.totals.everyday).toEqual({ low: 0, high: 0 });
  });
});

describe('the prime-day shop, with the shipped prices', () => {
  let e: Economics;
  beforeAll(async () => {
    e = await economics('prime-day-2027');
  });

  test('every schedule covers the same 30 days, hour for hour', () => {
    for (const i of e.items) {
      for (const s of ['everyday', 'manual', 'plan'] as const) {
        expect(i.hours[s].reduce((a, h) => a + h.hours, 0)).toBeCloseTo(720, 9);
      }
    }
    expect(Date.parse(e.assumptions.monthEndUtc) - Date.parse(e.assumptions.monthStartUtc)).toBe(720 * 3600_000);
  });

  test('the Multi-AZ primary at its class\'s Multi-AZ rate, the ladder priced step by step', () => {
    const primary = item(e, 'orders', 'primary instance');
    expect(primary.unit).toBe('instance-hour (postgres, Multi-AZ)');
    expect(cents(primary.everyday?.low)).toBe((1.913 * 720).toFixed(2)); // db.r7g.2xlarge Multi-AZ
    expect(primary.hours.plan.map((h) => [h.value, h.hours])).toEqual([
      ['db.r7g.2xlarge', 606], ['db.r7g.16xlarge', 54.5], ['db.r7g.8xlarge', 19.5], ['db.r7g.4xlarge', 40],
    ]);
    expect(cents(primary.hours.plan.find((h) => h.value === 'db.r7g.16xlarge')?.cost?.low)).toBe((15.3 * 54.5).toFixed(2));
  });

  test('event replicas: Single-AZ instances of their class, counted as they are created and deleted, with their storage', () => {
    const replicas = item(e, 'orders', 'event replicas');
    expect(replicas.hours.plan.filter((h) => h.hours > 0).map((h) => [h.value, h.hours])).toEqual([
      ['0 replicas', 607.75], ['3 replicas', 52.25], ['2 replicas', 40], ['1 replica', 20],
    ]);
    expect(replicas.plan?.low).toBeCloseTo((3 * 52.25 + 2 * 40 + 20) * 0.956, 6);
    expect(replicas.everyday).toEqual({ low: 0, high: 0 });
    // Each replica: 1,000 GiB of gp3 and the primary's raised 40,000 IOPS / 1,000 MiB/s, which it
    // inherits when it is created after the raise (12,000 / 500 included), at Single-AZ rates.
    const storage = item(e, 'orders', 'event replica storage');
    expect(storage.unit).toBe('gp3 GB-month (1000 GiB each) and 40000 IOPS / 1000 MiB/s inherited from the primary (Single-AZ)');
    const perReplicaMonth = 1000 * 0.115 + (40000 - 12000) * 0.02 + (1000 - 500) * 0.08;
    expect(storage.plan?.low).toBeCloseTo((3 * 52.25 + 2 * 40 + 20) * perReplicaMonth / 720, 6);
  });

  test('gp3 IOPS and throughput above the baseline, at the Multi-AZ rate, from the raise to the restore', () => {
    const storage = item(e, 'orders', 'storage IOPS and throughput');
    // 1,000 GiB: 12,000 IOPS and 500 MiB/s included; raised to 40,000 and 1,000 at prewarm and restored.
    const monthly = (40000 - 12000) * 0.04 + (1000 - 500) * 0.16;
    const raised = storage.hours.plan.find((h) => h.value === '40000 IOPS / 1000 MiB/s')!;
    expect(raised.hours).toBeGreaterThan(48);
    expect(raised.hours).toBeLessThan(5 * 24);
    expect(storage.plan?.low).toBeCloseTo(monthly * raised.hours / 720, 6);
    expect(storage.note).toBeUndefined();
  });

  test('a raise the plan never restores says what it goes on costing', async () => {
    const storage = item(await economics('kept-sale'), 'orders', 'storage IOPS and throughput');
    const monthly = (40000 - 12000) * 0.04 + (1000 - 500) * 0.16;
    expect(storage.note).toContain(`goes on costing USD ${monthly.toLocaleString('en-US', { minimumFractionDigits: 2 })} a month (30 days) `
      + 'more than everyday');
  });

  test('Aurora: the writer and every reader between the range\'s minimum (certain) and maximum', () => {
    const acus = item(e, 'profiles', 'ACUs (writer + readers)');
    // everyday 1-16 ACU with 1 reader: 2 instances
    expect(acus.everyday?.low).toBeCloseTo(2 * 1 * 720 * 0.12, 6);
    expect(acus.everyday?.high).toBeCloseTo(2 * 16 * 720 * 0.12, 6);
    expect(acus.hours.plan.find((h) => h.value === '4 × 8-128 ACU')?.hours).toBe(54);
  });

  test('provisioned concurrency by the function\'s memory and architecture as deployed (512 MiB, arm64)', () => {
    const pc = item(e, 'catalog', 'provisioned concurrency');
    expect(pc.unit).toBe('GB-second configured (512 MiB, arm64)');
    const peak = pc.hours.plan.find((h) => h.value === '800')!;
    expect(peak.cost?.low).toBeCloseTo(800 * 0.5 * 3600 * 0.0000033334 * peak.hours, 6);
  });

  test('warm throughput has no shipped price: unknown, out of the totals, and the totals say so', () => {
    const warm = item(e, 'catalog', 'warm throughput');
    expect(warm.plan).toBeUndefined();
    expect(warm.unknown).toBe('the price table has no price for a raise');
    expect(warm.everyday).toEqual({ low: 0, high: 0 }); // no raise, no charge
    expect(e.totals.unpriced).toEqual(['catalog warm throughput']);
    const priced = e.items.filter((i) => i.unknown === undefined);
    expect(e.totals.plan.low).toBeCloseTo(priced.reduce((a, i) => a + i.plan!.low, 0), 6);
    expect(e.totals.extraOverEveryday.low).toBeCloseTo(e.totals.plan.low - e.totals.everyday.low, 6);
    expect(e.totals.savingAgainstManual.high).toBeCloseTo(e.totals.manual.high - e.totals.plan.high, 6);
  });

  test('with a warm-throughput price: a one-time charge per unit raised, the same raise under the manual practice', async () => {
    const withWarm = await economics('prime-day-2027', '--prices', priceFile('warm.json', {
      ...SHIPPED_PRICES, dynamodbWarmThroughput: { readUnit: 0.001, writeUnit: 0.005 },
    }));
    const warm = item(withWarm, 'catalog', 'warm throughput');
    const raise = (40000 - 12000) * 0.001 + (12000 - 4000) * 0.005;
    expect(warm.plan?.low).toBeCloseTo(raise, 9);
    expect(warm.manual?.low).toBeCloseTo(raise, 9);
    expect(warm.everyday).toEqual({ low: 0, high: 0 });
    expect(withWarm.totals.unpriced).toEqual([]);
  });

  test('the CLI page\'s economics section shows these totals, the saving and the table\'s date', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'cli.md'), 'utf8');
    const section = page.slice(page.indexOf('## Economics: what an event costs'));
    const usd = (a: Amount) => amountText(a, 'USD');
    expect(section).toContain(`| total, what the event changes | ${usd(e.totals.everyday)} | ${usd(e.totals.manual)} | ${usd(e.totals.plan)} |`);
    expect(section).toContain(`The plan costs ${usd(e.totals.extraOverEveryday)} more than everyday, and ${usd(e.totals.savingAgainstManual)} less than`);
    expect(section).toContain(`shipped prices of ${SHIPPED_PRICES.asOf} (us-east-1, on-demand)`);
    expect(section).toContain('an estimate');
    const share = (x: number, of: number) => Math.round((x / of) * 100);
    const shares = [share(e.totals.savingAgainstManual.low, e.totals.manual.low), share(e.totals.savingAgainstManual.high, e.totals.manual.high)]
      .sort((x, y) => x - y);
    expect(section).toContain(`the manual practice (${shares.join('-')} % less)`);
  });

  test('the table: each item under the three schedules, the totals, the extra cost and the saving, labelled an estimate with its date', async () => {
    const { io, out } = fakeIo();
    await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', '--cost', '--wide'], io);
    const text = out();
    expect(text).toContain('Economics, an estimate (prices as of 2025-06-17, us-east-1, USD');
    expect(text).toMatch(/orders\s+primary instance\s+instance-hour \(postgres, Multi-AZ\)\s+USD 1,377\.36\s+USD [\d,.]+\s+USD 2,295\.30/);
    expect(text).toMatch(/catalog\s+warm throughput\s+.*USD 0\.00\s+unknown\s+unknown/);
    expect(text).toMatch(/The plan costs USD [\d,.-]+ more than everyday, and USD [\d,.-]+ less than the manual practice \(\d+(-\d+)? % less\)/);
    expect(text).toContain('Unknown prices, left out of the totals: catalog warm throughput');
  });
});

describe('what cannot be priced, and bad input', () => {
  test('an imported function whose memory cannot be read: its provisioned concurrency is unknown, saying why', async () => {
    const e = await economics('imported-fn');
    const pc = item(e, 'api', 'provisioned concurrency');
    expect(pc.unit).toBe('GB-second configured (unknown MiB, architecture unknown)');
    expect(pc.plan).toBeUndefined();
    expect(pc.unknown).toBe('the function\'s memory or architecture is not known (give ExistingStatelessResources '
      + 'functionMemorySize and functionArchitecture)');
  });

  test('given memory and architecture price an imported function; a given storage configuration an imported cluster', async () => {
    const e = await economics('imported-fn');
    const pc = item(e, 'known', 'provisioned concurrency');
    expect(pc.unit).toBe('GB-second configured (2048 MiB, x86_64)');
    const peak = pc.hours.plan.find((h) => h.value === '10')!;
    expect(peak.cost?.low).toBeCloseTo(10 * 2 * 3600 * 0.0000041667 * peak.hours, 9);
    const acus = item(e, 'sessions', 'ACUs (writer + readers)');
    expect(acus.unit).toBe('ACU-hour (I/O-Optimized), each instance');
    expect(acus.everyday).toEqual({ low: expect.closeTo(0.5 * 720 * 0.16, 6), high: expect.closeTo(8 * 720 * 0.16, 6) });
  });

  test('the plan document records what each tier is billed by, read from the tiers\' own resources', () => {
    const tiers = Object.fromEntries(readPlans(assemblyDir).find((p) => p.plan.eventName === 'prime-day-2027')!.plan.tiers
      .map((t) => [t.name, t.costBasis]));
    expect(tiers).toEqual({
      catalog: { functionMemoryMiB: 512, functionArchitecture: 'arm64' },
      orders: {
        rdsEngine: 'postgres', multiAz: true, instanceClass: 'db.r7g.2xlarge', eventReplicaInstanceClass: 'db.r7g.2xlarge',
        storageType: 'gp3', allocatedStorageGiB: 1000,
      },
      profiles: { auroraStorageType: 'aurora', readers: 1 },
    });
  });

  test('a change after the baseline (a storage restore after its cooldown) keeps its distance from the manual ramp-down\'s end', async () => {
    const e = await economics('restore-sale');
    const storage = item(e, 'orders', 'storage IOPS and throughput');
    // The plan: raised at prewarm (06:00), restored 24 h later (the cooldown outlasts the 1-hour
    // ramp-down). Manual: raised 168 h before the start; the restore, 12 h after the baseline in
    // the plan, comes 12 h after the manual ramp-down's end (end + 48 h).
    const raised = (h: HoursAt[]) => h.find((x) => x.value === '20000 IOPS / 500 MiB/s')?.hours;
    expect(raised(storage.hours.plan)).toBe(24);
    expect(raised(storage.hours.manual)).toBe(168 + 8 + 48 + 12);
    expect(storage.plan?.low).toBeCloseTo(24 * (20000 - 12000) * 0.04 / 720, 9);
    expect(storage.note).toBeUndefined(); // restored: nothing goes on costing
  });

  test('a table whose warm throughput the plan does not know: the raise is unknown, saying why, and the rest is priced', async () => {
    const e = await economics('restore-sale');
    const warm = item(e, 'catalog', 'warm throughput');
    expect(warm.unknown).toBe('the table\'s warm throughput before the event is not known, so neither is the raise (give warmThroughput)');
    expect(warm.plan).toBeUndefined();
    expect(e.totals.unpriced).toEqual(['catalog warm throughput']);
  });

  test('the flash sale\'s table cost cap: no charge, and said so', async () => {
    const e = await economics('flash-sale-2027');
    const cap = item(e, 'catalog', 'table cost cap');
    expect(cap.plan).toEqual({ low: 0, high: 0 });
    expect(cap.unit).toBe('no charge: a cap on on-demand requests, not capacity');
  });

  test('a month too short for the manual practice is a usage error naming the month', async () => {
    const { io, err } = fakeIo();
    expect(await main(['plan', '--app', assemblyDir, '--event', 'prime-day-2027', '--month-days', '5'], io)).toBe(64);
    expect(err()).toMatch(/--month-days 5: the month from 2027-07-06T07:00:00Z ends at 2027-07-11T07:00:00Z, before tier '\w+' .* changes for the last time/);
  });

  test.each([
    ['not an object', [1, 2], /must hold a JSON object/],
    ['no currency', { rdsInstanceHour: {} }, /currency is required/],
    ['a misspelt key', { currency: 'USD', auroraAcuHours: { aurora: 0.12 } }, /auroraAcuHours is not a key the table knows/],
    ['an engine it does not price', { currency: 'USD', rdsInstanceHour: { oracle: {} } }, /rdsInstanceHour.oracle is not a key/],
    ['a deployment it does not know', { currency: 'USD', rdsInstanceHour: { postgres: { 'multi-az-cluster': {} } } }, /multi-az-cluster is not a key/],
    ['a class that is not one', { currency: 'USD', rdsInstanceHour: { postgres: { 'single-az': { r5: 1 } } } }, /'r5' is not an instance class/],
    ['a price that is a string', { currency: 'USD', auroraAcuHour: { aurora: '0.12' } }, /auroraAcuHour.aurora must be a price \(a number ≥ 0\), got "0.12"/],
    ['a negative price', { currency: 'USD', lambdaProvisionedConcurrencyGbSecond: { arm64: -1 } }, /arm64 must be a price/],
  ])('--prices with %s is a usage error (64) naming the problem', async (_case, table, message) => {
    const { io, err } = fakeIo();
    expect(await main(['plan', '--app', assemblyDir, '--prices', priceFile('bad.json', table)], io)).toBe(64);
    expect(err()).toMatch(message);
  });

  test.each([
    ['--month-days', '0'], ['--manual-lead', 'a week'], ['--manual-ramp-down=-2', undefined],
  ])('%s %s is a usage error', async (option, value) => {
    const { io, err } = fakeIo();
    expect(await main(['plan', '--app', assemblyDir, ...(value === undefined ? [option] : [option, value])], io)).toBe(64);
    expect(err()).toContain(`${option.split('=')[0]} must be a number above 0`);
  });

  test('`prices` prints the shipped table, which --prices reads back unchanged', async () => {
    const { io, out } = fakeIo();
    expect(await main(['prices'], io)).toBe(0);
    const table = JSON.parse(out());
    expect(table).toEqual(JSON.parse(JSON.stringify(SHIPPED_PRICES)));
    const again = await economics('prime-day-2027', '--prices', priceFile('shipped.json', table));
    expect(again).toEqual({ ...(await economics('prime-day-2027')), prices: { ...again.prices } });
  });
});

describe('the shipped table', () => {
  test('every RDS rate is an AWS Price List on-demand hourly rate, once, and Multi-AZ is twice Single-AZ (within rounding: a tenth of a cent, or 0.5 %)', () => {
    const keys = new Set<string>();
    for (const [engine, deployment, cls, price, rateCode] of RDS_INSTANCE_RATES) {
      // SKU . offer term code (JRTCKXETXF: OnDemand) . rate code (6YS6EN2CT7: the hourly rate)
      expect(rateCode).toMatch(/^[A-Z0-9]{16}\.JRTCKXETXF\.6YS6EN2CT7$/);
      expect(price).toBeGreaterThan(0);
      const key = `${engine} ${deployment} ${cls}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
    expect(new Set(RDS_INSTANCE_RATES.map((r) => r[4])).size).toBe(RDS_INSTANCE_RATES.length);
    for (const [engine, deployment, cls, price] of RDS_INSTANCE_RATES.filter((r) => r[1] === 'single-az')) {
      const multi = RDS_INSTANCE_RATES.find((r) => r[0] === engine && r[1] === 'multi-az' && r[2] === cls);
      expect([deployment, cls, Math.abs(multi![3] - 2 * price) <= Math.max(0.0011, 0.005 * multi![3])]).toEqual([deployment, cls, true]);
    }
  });

  test('every class the examples plan for (everyday, ladder, replicas) has a price', async () => {
    for (const event of ['prime-day-2027', 'black-friday-2027', 'shop-summer-2027']) {
      const e = await economics(event);
      expect(e.items.filter((i) => i.tier === 'orders' && i.unknown !== undefined)).toEqual([]);
    }
  });
});

describe('the Region priced', () => {
  // The flash sale again, its stacks in eu-west-1: the shipped table is us-east-1's.
  const euApp = newApp();
  addFlashSale(euApp, { now: NOW, stackProps: { env: { account: '111111111111', region: 'eu-west-1' } } });
  const euDir = euApp.synth().directory;
  const warning = 'stack FlashSale2027Readiness is in eu-west-1, but the price table is for us-east-1: its costs are us-east-1 rates, '
    + 'not eu-west-1\'s. For eu-west-1, pass --prices FILE with its rates (`event-readiness prices` prints a table to start from).';

  test('an environment-agnostic stack: its Region is unknown, priced at the table\'s, said in the table and the JSON, no warning', async () => {
    const e = await economics('flash-sale-2027');
    expect((e as PricedEconomics).region).toEqual({ priced: 'us-east-1', stack: null });
    const { io, out, err } = fakeIo();
    await main(['plan', '--app', assemblyDir, '--event', 'flash-sale-2027', '--cost', '--wide'], io);
    expect(out()).toContain('  Priced at us-east-1 rates (the price table\'s Region): stack FlashSale2027Readiness is environment-agnostic, '
      + 'so its Region is unknown.');
    expect(err()).toBe('');
  });

  test('a stack in another Region than the table\'s: a warning on stderr, in the JSON and in the table; the same us-east-1 figures', async () => {
    const json = fakeIo();
    await main(['plan', '--app', euDir, '--event', 'flash-sale-2027', '--cost', '--json'], json.io);
    const [report] = JSON.parse(json.out());
    expect(report.economics.region).toEqual({ priced: 'us-east-1', stack: 'eu-west-1', warning });
    expect(json.err()).toBe(`event-readiness: warning: ${warning}\n`);
    // No other Region's prices invented: the figures are the table's, as for the agnostic stack.
    expect(report.economics.totals).toEqual((await economics('flash-sale-2027')).totals);
    const table = fakeIo();
    await main(['plan', '--app', euDir, '--event', 'flash-sale-2027', '--cost', '--wide'], table.io);
    expect(table.out()).toContain('  Priced at us-east-1 rates, but stack FlashSale2027Readiness is in eu-west-1: these are not eu-west-1 prices. '
      + 'For those, pass --prices FILE with its rates');
    expect(table.err()).toBe(`event-readiness: warning: ${warning}\n`);
  });

  test('a price table for the stack\'s Region: no warning, and the table says so', async () => {
    const eu = priceFile('eu.json', { ...SHIPPED_PRICES, region: 'eu-west-1' });
    const { io, out, err } = fakeIo();
    await main(['plan', '--app', euDir, '--event', 'flash-sale-2027', '--prices', eu, '--wide'], io);
    expect(out()).toContain('  Priced at eu-west-1 rates, the Region of stack FlashSale2027Readiness.');
    expect(err()).toBe('');
    const json = fakeIo();
    await main(['plan', '--app', euDir, '--event', 'flash-sale-2027', '--prices', eu, '--json'], json.io);
    expect(JSON.parse(json.out())[0].economics.region).toEqual({ priced: 'eu-west-1', stack: 'eu-west-1' });
  });
});
