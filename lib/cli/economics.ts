import { TierCostBasis } from '../plans/cost-basis';
import { EventPlanChange, EventPlanDocument, EventPlanTier } from '../readiness/plan-document';
import { CliError } from './assembly';
import { EXIT } from './io';
import { acuRangeIn, perSecondIn, storageIn } from './plan-values';
import { Deployment, PriceTable } from './prices';

/** How the three schedules are laid over the month. */
export interface EconomicsOptions {
  /** The month priced, in days (the seed's month: 30 days, 720 hours). */
  readonly monthDays: number;
  /** The manual practice: every setting at its peak this many hours before the start (7 days). */
  readonly manualLeadHours: number;
  /** The manual practice: the plan's ramp-down, stretched over this many hours after the end (2 days). */
  readonly manualRampDownHours: number;
}

export const DEFAULT_ECONOMICS: EconomicsOptions = { monthDays: 30, manualLeadHours: 7 * 24, manualRampDownHours: 48 };

/**
 * An amount of money: exact when `low` equals `high`; a range where the bill depends on load
 * (Aurora bills the ACUs used, between the range's minimum and maximum).
 */
export interface Amount {
  readonly low: number;
  readonly high: number;
}

/** The three schedules compared. */
export const SCHEDULES = ['everyday', 'manual', 'plan'] as const;
export type ScheduleName = typeof SCHEDULES[number];

/** How long a setting held one value in a schedule, and what that cost. */
export interface HoursAt {
  readonly value: string;
  readonly hours: number;
  /** Absent when the value has no price. */
  readonly cost?: Amount;
}

/** One billed item of one tier under the three schedules. */
export interface ItemEconomics {
  readonly tier: string;
  /** `primary instance`, `event replicas`, `ACUs (writer + readers)`, … */
  readonly item: string;
  /** What is billed, e.g. `instance-hour (postgres, Multi-AZ)`. */
  readonly unit: string;
  /** Each schedule's cost; absent where a price it needs is unknown. */
  readonly everyday?: Amount;
  readonly manual?: Amount;
  readonly plan?: Amount;
  /** Why the item is not priced under every schedule (it is then left out of the totals). */
  readonly unknown?: string;
  /** What to know about the item's price. */
  readonly note?: string;
  /** Hours at each value, per schedule. */
  readonly hours: { readonly [schedule in ScheduleName]: HoursAt[] };
  /** One-time charges (warm throughput raises), per schedule. */
  readonly oneTime?: { readonly [schedule in ScheduleName]: Amount };
}

/** The economics of one event: everyday, the manual practice and the plan over the same month. */
export interface Economics {
  readonly prices: { readonly asOf: string; readonly region: string; readonly currency: string; readonly source: string };
  readonly assumptions: {
    readonly monthDays: number;
    readonly monthStartUtc: string;
    readonly monthEndUtc: string;
    readonly manualLeadHours: number;
    readonly manualRampDownHours: number;
  };
  readonly items: ItemEconomics[];
  readonly totals: { readonly [schedule in ScheduleName]: Amount } & {
    /** The plan's cost over everyday. */
    readonly extraOverEveryday: Amount;
    /** The manual practice's cost over the plan's. */
    readonly savingAgainstManual: Amount;
    /** Items left out of the totals: their price is unknown. */
    readonly unpriced: string[];
  };
}

/** A setting's value over time: `initial` until the first point, each point's value from its instant on. */
interface Track<V> {
  readonly initial: V;
  readonly points: ReadonlyArray<readonly [number, V]>;
}

/** A billed item: a track of values and what each value costs per hour (and once, on a change). */
interface Meter<V> {
  readonly item: string;
  readonly unit: string;
  readonly track: Track<V>;
  /** The value as shown, also the key hours are summed by. */
  label(value: V): string;
  /** Per hour; undefined when the price is unknown. */
  hourly(value: V): Amount | undefined;
  /** A one-time charge when the value changes from `from` to `to`. */
  once?(from: V, to: V): Amount | undefined;
  readonly unknown?: string;
  readonly note?: string;
}

const HOUR = 3600_000;
/**
 * The hours monthly rates (storage, IOPS, throughput) are spread over: a 30-day month, as the
 * seed counts. AWS prorates over the calendar month, so in a 31-day month an hour costs about
 * 3 % less than this.
 */
const PRORATION_HOURS = 30 * 24;
const exact = (n: number): Amount => ({ low: n, high: n });
const plus = (a: Amount, b: Amount): Amount => ({ low: a.low + b.low, high: a.high + b.high });
const minus = (a: Amount, b: Amount): Amount => ({ low: a.low - b.low, high: a.high - b.high });
const times = (a: Amount, k: number): Amount => ({ low: a.low * k, high: a.high * k });
const ZERO = exact(0);

/**
 * Prices an event over one month three ways: everyday settings only; the manual practice (every
 * setting at its peak from `manualLeadHours` before the start to the end, then the plan's
 * ramp-down stretched over `manualRampDownHours`); and the plan (each change from when it fires).
 * Only what the plan changes is priced: the rest of the bill is the same under all three.
 */
export function eventEconomics(plan: EventPlanDocument, prices: PriceTable, options: EconomicsOptions = DEFAULT_ECONOMICS): Economics {
  const start = Date.parse(plan.startUtc);
  const end = Date.parse(plan.endUtc);
  const baseline = Date.parse(plan.timeline[plan.timeline.length - 1].utc);
  const manualStart = start - options.manualLeadHours * HOUR;
  const manualRampDown = options.manualRampDownHours * HOUR;
  const stretch = (baseline - end) > 0 ? manualRampDown / (baseline - end) : 1;
  // The ramp-down (end to baseline) is stretched to the manual one; a change the plan makes after
  // its baseline (a storage restore after its cooldown) keeps its distance from the baseline.
  const manualTime = (t: number) => (t <= baseline ? end + (t - end) * stretch : end + manualRampDown + (t - baseline));
  const manualOf = <V>(track: Track<V>, same: (a: V, b: V) => boolean): Track<V> => {
    const peak = valueAt(track, start);
    const after = track.points.filter(([t]) => t >= end).map(([t, v]) => [manualTime(t), v] as const);
    const points = same(peak, track.initial) ? after : [[manualStart, peak] as const, ...after];
    return { initial: track.initial, points };
  };
  const meters = plan.tiers.flatMap((tier) => metersOf(tier, prices));
  const firstChange = Math.min(manualStart, ...plan.tiers.flatMap((t) => t.changes.map((c) => Date.parse(c.atUtc))));
  const monthStart = Math.floor(firstChange / HOUR) * HOUR;
  const monthEnd = monthStart + options.monthDays * 24 * HOUR;

  const items: ItemEconomics[] = [];
  for (const { tier, meter } of meters) {
    const same = (a: unknown, b: unknown) => meter.label(a) === meter.label(b);
    const tracks: { [s in ScheduleName]: Track<unknown> } = {
      everyday: { initial: meter.track.initial, points: [] },
      manual: manualOf(meter.track, same),
      plan: meter.track,
    };
    const latest = Math.max(...SCHEDULES.flatMap((s) => tracks[s].points.map(([t]) => t)));
    if (latest >= monthEnd) {
      throw new CliError(`--month-days ${options.monthDays}: the month from ${iso(monthStart)} ends at ${iso(monthEnd)}, before `
        + `tier '${tier}' ${meter.item} changes for the last time (${iso(latest)}); give a longer month`, EXIT.USAGE);
    }
    const hours = {} as { [s in ScheduleName]: HoursAt[] };
    const costs = {} as { [s in ScheduleName]: Amount | undefined };
    const once = {} as { [s in ScheduleName]: Amount };
    let priced = meter.unknown === undefined;
    for (const s of SCHEDULES) {
      const held = new Map<string, { value: unknown; ms: number }>();
      for (const [from, to, value] of segments(tracks[s], monthStart, monthEnd)) {
        const key = meter.label(value);
        held.set(key, { value, ms: (held.get(key)?.ms ?? 0) + (to - from) });
      }
      let total: Amount | undefined = ZERO;
      hours[s] = [...held].map(([label, { value, ms }]) => {
        const rate = meter.hourly(value);
        const cost = rate && times(rate, ms / HOUR);
        total = total && cost ? plus(total, cost) : undefined;
        return { value: label, hours: ms / HOUR, cost };
      });
      let charges: Amount | undefined = ZERO;
      let previous = tracks[s].initial;
      for (const [t, value] of tracks[s].points) {
        if (t >= monthStart && t < monthEnd && meter.once) {
          const c = meter.once(previous, value);
          charges = charges && c ? plus(charges, c) : undefined;
        }
        previous = value;
      }
      once[s] = charges ?? ZERO;
      costs[s] = total && charges ? plus(total, charges) : undefined;
      priced = priced && costs[s] !== undefined;
    }
    const final = tracks.plan.points.length > 0 ? tracks.plan.points[tracks.plan.points.length - 1][1] : meter.track.initial;
    const finalRate = same(final, meter.track.initial) ? undefined : meter.hourly(final);
    const everydayRate = meter.hourly(meter.track.initial);
    const left = finalRate && everydayRate ? minus(finalRate, everydayRate) : undefined;
    const leftNote = left && left.high > 0
      ? `the plan leaves it at ${meter.label(final)} after the event, which goes on costing ${amountText(times(left, PRORATION_HOURS), prices.currency)} `
        + 'a month (30 days) more than everyday, beyond the month priced' : undefined;
    items.push({
      tier,
      item: meter.item,
      unit: meter.unit,
      ...(meter.unknown === undefined ? { everyday: costs.everyday, manual: costs.manual, plan: costs.plan } : {}),
      unknown: priced ? undefined : meter.unknown ?? `the price table has no price for ${unpricedValues(hours)}`,
      note: [meter.note, leftNote].filter((n) => n !== undefined).join('; ') || undefined,
      hours,
      oneTime: meter.once ? once : undefined,
    });
  }
  // Only items priced under all three schedules count, so the totals compare like with like.
  const sum = (s: ScheduleName) => items.reduce((a, i) => (i.unknown === undefined ? plus(a, i[s]!) : a), ZERO);
  const totals = { everyday: sum('everyday'), manual: sum('manual'), plan: sum('plan') };
  return {
    prices: { asOf: prices.asOf, region: prices.region, currency: prices.currency, source: prices.source },
    assumptions: {
      monthDays: options.monthDays,
      monthStartUtc: iso(monthStart),
      monthEndUtc: iso(monthEnd),
      manualLeadHours: options.manualLeadHours,
      manualRampDownHours: options.manualRampDownHours,
    },
    items,
    totals: {
      ...totals,
      extraOverEveryday: minus(totals.plan, totals.everyday),
      savingAgainstManual: minus(totals.manual, totals.plan),
      unpriced: items.filter((i) => i.unknown !== undefined).map((i) => `${i.tier} ${i.item}`),
    },
  };
}

function unpricedValues(hours: { [s in ScheduleName]: HoursAt[] }): string {
  const values = new Set(SCHEDULES.flatMap((s) => hours[s].filter((h) => h.cost === undefined && h.hours > 0).map((h) => h.value)));
  return values.size > 0 ? [...values].join(', ') : 'a raise';
}

/** The billed items of one tier, each with its track under the plan. */
function metersOf(tier: EventPlanTier, prices: PriceTable): Array<{ tier: string; meter: Meter<any> }> {
  const basis: TierCostBasis = tier.costBasis ?? {};
  const unknownBasis = tier.costBasis ? undefined : 'the plan does not record what the tier is billed by';
  const bySetting = (name: string) => tier.changes.filter((c) => c.setting.replace(/ \d+$/, '') === name)
    .sort((a, b) => Date.parse(a.atUtc) - Date.parse(b.atUtc));
  const meters: Array<Meter<any>> = [];

  // RDS: the primary's class, gp3 storage above its baseline, event replicas and their storage.
  const deployment: Deployment = basis.multiAz ? 'multi-az' : 'single-az';
  const az = (d: Deployment) => (d === 'multi-az' ? 'Multi-AZ' : 'Single-AZ');
  const classes = bySetting('instance class');
  if (classes.length > 0) {
    const engine = basis.rdsEngine;
    meters.push({
      item: 'primary instance',
      unit: `instance-hour (${engine ?? 'engine unknown'}, ${az(deployment)})`,
      track: trackOf(classes, (c) => c.after, basis.instanceClass ?? classes[0].before),
      label: (v: string) => v,
      hourly: (v: string) => instancePrice(prices, engine, deployment, v),
      unknown: unknownBasis,
    });
  }
  const size = basis.allocatedStorageGiB;
  const included = size !== undefined && size >= 400 ? { iops: 12000, throughput: 500 } : { iops: 3000, throughput: 125 };
  const storage = bySetting('storage');
  const everydayStorage: StorageValue = { iops: basis.iops ?? included.iops, throughput: basis.storageThroughput ?? included.throughput };
  const storageTrack = trackOf(storage, (c) => storageValue(c.after, included, c), everydayStorage);
  /** gp3 IOPS and throughput above the baseline, per hour, at a deployment's rates. */
  const aboveBaseline = (v: StorageValue, d: Deployment): number | undefined => {
    const gp3 = prices.rdsGp3Month?.[d];
    const iops = Math.max(0, v.iops - included.iops);
    const throughput = Math.max(0, v.throughput - included.throughput);
    const iopsPrice = iops === 0 ? 0 : gp3?.iops;
    const throughputPrice = throughput === 0 ? 0 : gp3?.throughputMiBps;
    return iopsPrice === undefined || throughputPrice === undefined || size === undefined
      ? undefined : (iops * iopsPrice + throughput * throughputPrice) / PRORATION_HOURS;
  };
  if (storage.length > 0) {
    meters.push({
      item: 'storage IOPS and throughput',
      unit: `IOPS- and MiB/s-month above ${included.iops} IOPS / ${included.throughput} MiB/s (gp3's baseline, ${az(deployment)})`,
      track: storageTrack,
      label: (v: StorageValue) => `${v.iops} IOPS / ${v.throughput} MiB/s`,
      hourly: (v: StorageValue) => {
        const rate = basis.storageType === 'gp3' ? aboveBaseline(v, deployment) : undefined;
        return rate === undefined ? undefined : exact(rate);
      },
      unknown: unknownBasis,
    });
  }
  const replicas = bySetting('event replica');
  if (replicas.length > 0) {
    const cls = basis.eventReplicaInstanceClass;
    // Each change records the number of event replicas after it (its afterValue).
    const count = trackOf(replicas, (c) => c.afterValue ?? Number.NaN, 0);
    meters.push({
      item: 'event replicas',
      unit: `instance-hour of ${cls ?? 'an unknown class'} (${basis.rdsEngine ?? 'engine unknown'}, Single-AZ)`,
      track: count,
      label: (n: number) => `${n} replica${n === 1 ? '' : 's'}`,
      hourly: (n: number) => (n === 0 ? ZERO : cls === undefined ? undefined : scaled(instancePrice(prices, basis.rdsEngine, 'single-az', cls), n)),
      unknown: unknownBasis,
    });
    // A replica is created gp3 (the plan asks for it) with the source's size, IOPS and throughput
    // as they are when it is created (after the event's storage raise), and keeps them.
    const created = Date.parse(replicas[0].atUtc);
    const inherited = valueAt(storageTrack, created);
    const gb = prices.rdsGp3Month?.['single-az']?.gb;
    const above = aboveBaseline(inherited, 'single-az');
    meters.push({
      item: 'event replica storage',
      unit: `gp3 GB-month (${size ?? 'unknown'} GiB each) and ${inherited.iops} IOPS / ${inherited.throughput} MiB/s `
        + 'inherited from the primary (Single-AZ)',
      track: count,
      label: (n: number) => `${n} replica${n === 1 ? '' : 's'}`,
      hourly: (n: number) => (n === 0 ? ZERO : gb === undefined || size === undefined || above === undefined
        ? undefined : exact(n * (size * gb / PRORATION_HOURS + above))),
      unknown: unknownBasis ?? (size === undefined ? 'the primary\'s allocated storage is not known (give allocatedStorageGiB)' : undefined),
    });
  }

  // Event replicas in other Regions: their hours are billed at that Region's rates, and what the
  // primary sends them at the inter-Region data transfer rate, by the volume written: neither is
  // in a one-Region price table.
  const elsewhere = tier.changes.filter((c) => c.region !== undefined && /^event replica \d+ in /.test(c.setting)
    && !c.setting.includes(':'));
  for (const region of [...new Set(elsewhere.map((c) => c.region!))]) {
    const changes = elsewhere.filter((c) => c.region === region).sort((a, b) => Date.parse(a.atUtc) - Date.parse(b.atUtc));
    meters.push({
      item: `event replicas in ${region}`,
      unit: `instance-hour and storage in ${region}, and inter-Region data transfer of the primary's writes`,
      track: trackOf(changes, (c) => c.afterValue ?? Number.NaN, 0),
      label: (n: number) => `${n} replica${n === 1 ? '' : 's'}`,
      hourly: () => undefined,
      unknown: `instances and their storage in ${region} are billed at its rates (the table is ${prices.region}'s), and the WAL `
        + 'the primary sends them as inter-Region data transfer, by the volume it writes',
    });
  }

  // Aurora: ACUs of the writer and every reader, between the range's minimum and maximum.
  const ranges = bySetting('ACU range');
  if (ranges.length > 0) {
    const readers = bySetting('readers');
    const acu = trackOf(ranges, (c) => acuRangeOf(c.after, c), acuRangeOf(ranges[0].before, ranges[0]));
    const everydayReaders = basis.readers ?? (readers.length > 0 ? Number(readers[0].before) : 0);
    const readerTrack = trackOf(readers, (c) => c.afterValue ?? Number(c.after), everydayReaders);
    const price = basis.auroraStorageType === undefined ? undefined : prices.auroraAcuHour?.[basis.auroraStorageType];
    const unknownStorage = basis.auroraStorageType === undefined
      ? 'the cluster\'s storage configuration is not known (give ExistingAuroraServerlessCluster storageType)' : undefined;
    meters.push({
      item: 'ACUs (writer + readers)',
      unit: `ACU-hour (${basis.auroraStorageType === 'aurora-iopt1' ? 'I/O-Optimized'
        : basis.auroraStorageType === 'aurora' ? 'Standard' : 'storage configuration unknown'}), each instance`,
      track: combineTracks(acu, readerTrack, (range, r) => ({ ...range, instances: 1 + r })),
      label: (v: AcuValue) => `${v.instances} × ${v.min}-${v.max} ACU`,
      hourly: (v: AcuValue) => (price === undefined ? undefined : { low: v.instances * v.min * price, high: v.instances * v.max * price }),
      unknown: unknownBasis ?? unknownStorage,
    });
  }

  // Lambda: provisioned concurrency, per GB-second configured.
  const pc = bySetting('provisioned concurrency');
  if (pc.length > 0) {
    const memory = basis.functionMemoryMiB;
    const arch = basis.functionArchitecture;
    const price = arch === undefined ? undefined : prices.lambdaProvisionedConcurrencyGbSecond?.[arch];
    meters.push({
      item: 'provisioned concurrency',
      unit: `GB-second configured (${memory ?? 'unknown'} MiB, ${arch ?? 'architecture unknown'})`,
      track: trackOf(pc, (c) => c.afterValue ?? 0, Number(pc[0].before) || 0),
      label: (n: number) => `${n}`,
      hourly: (n: number) => (n === 0 ? ZERO
        : memory === undefined || price === undefined ? undefined : exact(n * (memory / 1024) * 3600 * price)),
      unknown: unknownBasis ?? (memory === undefined || arch === undefined
        ? 'the function\'s memory or architecture is not known (give ExistingStatelessResources functionMemorySize and '
          + 'functionArchitecture)' : undefined),
      note: 'invocations on provisioned concurrency are billed at a lower duration rate than on demand: not counted',
    });
  }

  // DynamoDB: warm throughput is a one-time charge per raise; the cost cap costs nothing.
  const warm = bySetting('warm throughput');
  if (warm.length > 0) {
    const p = prices.dynamodbWarmThroughput;
    meters.push({
      item: 'warm throughput',
      unit: 'one-time, per read or write unit per second raised',
      track: trackOf(warm, (c) => warmValue(c.after, c) ?? { read: 0, write: 0 }, warmValue(warm[0].before, warm[0]) ?? { read: 0, write: 0 }),
      label: (v: WarmValue) => `read ${v.read}/s, write ${v.write}/s`,
      hourly: () => ZERO,
      once: (from: WarmValue, to: WarmValue) => {
        const read = Math.max(0, to.read - from.read);
        const write = Math.max(0, to.write - from.write);
        const readPrice = read === 0 ? 0 : p?.readUnit;
        const writePrice = write === 0 ? 0 : p?.writeUnit;
        return readPrice === undefined || writePrice === undefined ? undefined : exact(read * readPrice + write * writePrice);
      },
      note: 'can never be lowered: a raise is paid once and stays',
      unknown: warmValue(warm[0].before, warm[0]) === undefined
        ? 'the table\'s warm throughput before the event is not known, so neither is the raise (give warmThroughput)' : undefined,
    });
  }
  // ECS: the tasks of the event's minimum, each billed on Fargate by its vCPU and memory per hour.
  const tasks = bySetting('minimum tasks');
  if (tasks.length > 0) {
    const { ecsLaunchType: launch, taskCpu: cpu, taskMemoryMiB: memory, taskCpuArchitecture: arch, taskOperatingSystemFamily: os } = basis;
    const rate = arch === undefined ? undefined : prices.fargateHour?.[arch];
    const perTask = cpu === undefined || memory === undefined || rate?.vcpu === undefined || rate.gb === undefined
      ? undefined : (cpu / 1024) * rate.vcpu + (memory / 1024) * rate.gb;
    meters.push({
      item: 'minimum tasks',
      unit: `Fargate task-hour (${cpu === undefined ? 'unknown' : cpu / 1024} vCPU, ${memory === undefined ? 'unknown' : memory / 1024} GB, `
        + `${arch ?? 'architecture unknown'})`,
      track: trackOf(tasks, (c) => c.afterValue ?? Number(c.after), Number(tasks[0].before) || 0),
      label: (n: number) => `${n} tasks`,
      hourly: (n: number) => (n === 0 ? ZERO : perTask === undefined ? undefined : exact(n * perTask)),
      unknown: unknownBasis ?? (launch === 'EC2' ? 'tasks on EC2 are billed by the container instances they run on, not per task'
        : launch === 'FARGATE_SPOT' ? 'Fargate Spot is billed at its own, changing rates: not in the price table'
          : launch !== 'FARGATE' ? 'the service\'s launch type is not known (give ExistingEcsService launchType FARGATE for tasks on '
            + 'Fargate on demand; a strategy of Auto Scaling group capacity providers is billed by its instances)'
            : os !== undefined && os !== 'LINUX' ? `${os} tasks are billed with an operating system license per vCPU: not in the price table`
              : cpu === undefined || memory === undefined || arch === undefined
                ? 'the task\'s CPU, memory or architecture is not known (give ExistingEcsService taskCpu, taskMemoryMiB and runtimePlatform)'
                : rate?.vcpu === undefined || rate.gb === undefined
                  ? `the price table has no Fargate rates for ${arch} (pass --prices with fargateHour)` : undefined),
      note: 'a floor: the team\'s own scaling may run more tasks, billed alike under every schedule',
    });
  }
  const caps = bySetting('table cost cap');
  if (caps.length > 0) {
    meters.push({
      item: 'table cost cap',
      unit: 'no charge: a cap on on-demand requests, not capacity',
      track: trackOf(caps, (c) => c.after, caps[0].before),
      label: (v: string) => v,
      hourly: () => ZERO,
      note: 'no charge (the requests it lets through are billed as on-demand requests, the same under every schedule)',
    });
  }
  return meters.map((meter) => ({ tier: tier.name, meter }));
}

interface StorageValue { readonly iops: number; readonly throughput: number }
interface AcuValue { readonly min: number; readonly max: number; readonly instances: number }
interface WarmValue { readonly read: number; readonly write: number }

function instancePrice(prices: PriceTable, engine: string | undefined, deployment: Deployment, cls: string): Amount | undefined {
  const p = engine === undefined ? undefined : prices.rdsInstanceHour?.[engine]?.[deployment]?.[cls];
  return p === undefined ? undefined : exact(p);
}

function scaled(a: Amount | undefined, k: number): Amount | undefined {
  return a && times(a, k);
}

/** The plan's storage text, the baseline's sides as the storage includes them. */
function storageValue(text: string, included: { iops: number; throughput: number }, c: EventPlanChange): StorageValue {
  const v = storageIn(text);
  if (!v) {
    throw unreadable(c, text);
  }
  return { iops: v.iops ?? included.iops, throughput: v.throughput ?? included.throughput };
}

/** The plan's ACU-range text. */
function acuRangeOf(text: string, c: EventPlanChange): { min: number; max: number } {
  const range = acuRangeIn(text);
  if (!range) {
    throw unreadable(c, text);
  }
  return range;
}

/**
 * `warm read 12000/s, write 4000/s`, `warm write 4000/s`, `none` (the plan's warm-throughput
 * text); undefined for `warm as it is` (a table whose warm throughput the plan does not know).
 */
function warmValue(text: string, c: EventPlanChange): WarmValue | undefined {
  if (text.trim() === 'warm as it is') {
    return undefined;
  }
  const read = perSecondIn(text, 'read');
  const write = perSecondIn(text, 'write');
  if (read === undefined && write === undefined && !/^(none|-|)$/.test(text.trim())) {
    throw unreadable(c, text);
  }
  return { read: read ?? 0, write: write ?? 0 };
}

function unreadable(c: EventPlanChange, text: string): CliError {
  return new CliError(`cannot price '${c.setting}' of '${c.subject}': '${text}' is not a value this version of the CLI reads `
    + '(a plan from a newer library version?)', EXIT.FAILED);
}

function trackOf<V>(changes: EventPlanChange[], value: (c: EventPlanChange) => V, initial: V): Track<V> {
  return { initial, points: changes.map((c) => [Date.parse(c.atUtc), value(c)] as const) };
}

function valueAt<V>(track: Track<V>, t: number): V {
  let v = track.initial;
  for (const [at, value] of track.points) {
    if (at <= t) {
      v = value;
    }
  }
  return v;
}

/** Two tracks as one: a point wherever either changes. */
function combineTracks<A, B, V>(a: Track<A>, b: Track<B>, f: (a: A, b: B) => V): Track<V> {
  const instants = [...new Set([...a.points, ...b.points].map(([t]) => t))].sort((x, y) => x - y);
  return { initial: f(a.initial, b.initial), points: instants.map((t) => [t, f(valueAt(a, t), valueAt(b, t))] as const) };
}

/** The track's values over [from, to): `[start, end, value]` pieces. */
function segments<V>(track: Track<V>, from: number, to: number): Array<[number, number, V]> {
  const cuts = track.points.filter(([t]) => t > from && t < to).map(([t]) => t);
  const edges = [from, ...cuts, to];
  const out: Array<[number, number, V]> = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    if (edges[i + 1] > edges[i]) {
      out.push([edges[i], edges[i + 1], valueAt(track, edges[i])]);
    }
  }
  return out;
}

/** `USD 1,234.56`, or a range `USD 1.00-2.00`. */
export function amountText(a: Amount, currency: string): string {
  const n = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return Math.abs(a.high - a.low) < 0.005 ? `${currency} ${n(a.low)}` : `${currency} ${n(a.low)}-${n(a.high)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
