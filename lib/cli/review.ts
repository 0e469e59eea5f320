/**
 * `event-readiness review`: what happened during an event, against its plan. This module holds
 * the arithmetic and the report (no AWS SDK): the capacity each setting had in force over time
 * (the plan's), the observed load against it, the headroom held against a target band, and the
 * minutes each alarm spent beyond its threshold. review-aws.ts reads the series it works on.
 */
import { parseInstanceClass, vcpusOf } from '../private/rds-instance-classes';
import { EventPlanChange, EventPlanTier } from '../readiness/plan-document';
import { duration } from './io';
import { acuRangeIn, perSecondIn, storageIn } from './plan-values';

/** The version of `review --json`'s report (and of the file `review --from` reads): a new one for any change a reader could trip on. */
export const REVIEW_SCHEMA_VERSION = 1;

/**
 * The settings `review` measures and `--growth` sizes: provisioned concurrency, a table's reads and
 * writes per second (against its cost cap, or its warm throughput without one), an Aurora
 * Serverless v2 cluster's ACU (against the maximum in force), an RDS primary's CPU (against its
 * class) and its storage IOPS and throughput.
 */
export type SettingKind = 'provisioned-concurrency' | 'table-reads' | 'table-writes' | 'acu' | 'instance-cpu' | 'storage-iops'
  | 'storage-throughput';

/** A target band of utilization at the peak, as shares (0.6-0.8). */
export interface Band {
  readonly low: number;
  readonly high: number;
}

/** The practice's band: 60-80 % at the peak, a safety margin kept. */
export const DEFAULT_BAND: Band = { low: 0.6, high: 0.8 };

/** A metric's values, oldest first (milliseconds since the epoch). */
export interface Series {
  readonly timestamps: number[];
  readonly values: number[];
}

/** A capacity in force from an instant on (`-Infinity`: before the plan's first change). */
export interface CapacityStep {
  readonly from: number;
  /** In the setting's unit (vCPUs for an instance class). */
  readonly value: number;
  /** What it is called, where the number is not the setting (`db.r7g.16xlarge`). */
  readonly label?: string;
}

/** A setting of a tier the plan changes, with the capacity it had in force over time. */
export interface PlannedSetting {
  readonly tier: string;
  readonly kind: SettingKind;
  /** The unit the load and capacity are in. */
  readonly unit: string;
  readonly capacity: CapacityStep[];
  /** The highest capacity the plan gave it (what a suggestion is set against). */
  readonly plannedPeak: CapacityStep;
  /** The warm throughput a table had in force (table settings whose plan raises it). */
  readonly warm?: CapacityStep[];
  /** For a table: whether the capacity is its cost cap (else its warm throughput). */
  readonly capped?: boolean;
  /**
   * For a scalable target another stack registered: the span the event's floor is in force (from
   * its first scale-up in force to its baseline). Outside it the owner's policies alone set the
   * capacity, and inside it they may add above the floor: shares are judged inside only.
   */
  readonly ownedSpan?: { readonly from: number; readonly to: number };
  /** For storage: the allocated gp3 GiB (what bounds its IOPS). */
  readonly storageGiB?: number;
  /** The plan's lead time for the setting's scale-ups, seconds. */
  readonly leadTimeSeconds: number;
}

/** How a setting's load is read, said in the report so a reader can check it. */
export interface MetricBasis {
  /** `AWS/Lambda ConcurrentExecutions Maximum` and the like. */
  readonly metric: string;
  /** The dimensions read, `FunctionName=catalog, Resource=catalog:live`. */
  readonly dimensions: string;
  readonly periodSeconds: number;
  /** How the value was derived from the metric, where it was (`Sum / 60 s: a per-second rate`). */
  readonly derivation?: string;
}

/** A load at an instant, against the capacity in force then. */
export interface LoadAt {
  readonly value: number;
  readonly at: string;
  readonly capacity: number;
  /** The capacity's name, where the number is not the setting (`db.r7g.16xlarge`). */
  readonly capacityLabel?: string;
  /** The load as a share of the capacity; absent when no capacity was in force (none provisioned). */
  readonly share?: number;
}

/** One setting's review. */
export interface SettingReview {
  readonly tier: string;
  readonly kind: SettingKind;
  readonly unit: string;
  /**
   * `OVER`: the peak share was above the band (or the load met its capacity); `IN BAND`; `UNDER`:
   * below it (capacity paid for and not used); `NO DATA`: nothing to judge.
   */
  readonly verdict: 'OVER' | 'IN BAND' | 'UNDER' | 'NO DATA';
  /** What the load was read from; absent when it could not be read (see `unseen`). */
  readonly basis?: MetricBasis;
  /** The highest load, in the unit (for CPU, vCPUs used). */
  readonly peak?: LoadAt;
  /** The highest share of the capacity in force, where it was (may differ from the highest load when capacity changed). */
  readonly highestShare?: LoadAt;
  /** The 95th percentile of the load from the event's start to its end (of each period's value). */
  readonly p95?: number;
  /** For CPU: the percentages behind the vCPUs (peak CPU %). */
  readonly peakPercent?: number;
  /**
   * True when the load met its capacity (or was refused: throttles), so the true peak is not
   * known: a suggestion is then a lower bound, never below the plan's peak.
   */
  readonly saturated: boolean;
  /** Why it is taken as saturated. */
  readonly saturation?: string;
  /** What else the review saw (spillover, warm throughput). */
  readonly notes: string[];
  /** What it could not see (no data, partial data, a metric missing). */
  readonly unseen: string[];
  /** Periods with a value, of those in the window. */
  readonly coverage: { readonly periods: number; readonly expected: number };
  /** The highest capacity the plan gave the setting, and its label. */
  readonly plannedPeak: number;
  readonly plannedPeakLabel?: string;
  /** The plan's lead time for it, seconds. */
  readonly leadTimeSeconds: number;
  /** For a table: whether its capacity is the cost cap (else warm throughput), and whether the plan raises warm throughput. */
  readonly table?: { readonly capped: boolean; readonly warm: boolean };
  /** The everyday value (before the plan's first change), where the plan says it: a suggestion is held above it. */
  readonly everyday?: number;
  readonly everydayLabel?: string;
  /** For storage: the allocated gp3 GiB, which bounds the IOPS a suggestion may take. */
  readonly storageGiB?: number;
  /** For a table whose plan raises warm throughput: the warm throughput it had before (it never goes down). */
  readonly warmEveryday?: number;
}

/** One alarm over the window: how long its metric was beyond the threshold, and when it fired. */
export interface AlarmReview {
  readonly name: string;
  /** A composite alarm has no metric of its own: only when it fired. */
  readonly composite?: boolean;
  /** The Region of an alarm of the event in another Region (its companion stack's). */
  readonly region?: string;
  readonly threshold?: number;
  readonly comparison?: string;
  /** Minutes of the window the alarm's metric was beyond its threshold (periods beyond × period). */
  readonly minutesBeyond?: number;
  /** The metric's worst value in the window (highest for a `Greater…` alarm, lowest for `Less…`). */
  readonly worst?: number;
  /** Each move into ALARM in the window (DescribeAlarmHistory), oldest first. */
  readonly fired: Array<{ readonly at: string; readonly reason?: string }>;
  /** What could not be read for it. */
  readonly unseen?: string;
}

/** When a scale-up took effect, against its lead time. */
export interface TimingReading {
  readonly tier: string;
  readonly setting: string;
  /** The step, `prewarm`, `prewarm+20m`. */
  readonly when: string;
  readonly atUtc: string;
  readonly readyByUtc?: string;
  readonly leadTimeSeconds: number;
  /** Where the times come from: `scaling activity`, `RDS events`, or `none` (AWS keeps no record). */
  readonly source: 'scaling activity' | 'RDS events' | 'none';
  readonly startedUtc?: string;
  readonly endedUtc?: string;
  readonly tookSeconds?: number;
  /**
   * `IN TIME`: in effect before the start; `LATE`: after it; `FAILED`; `NOT FOUND`: no record of it
   * (older than AWS keeps, or never applied); `NO RECORD`: AWS keeps none for this kind of change.
   */
  readonly verdict: 'IN TIME' | 'LATE' | 'FAILED' | 'NOT FOUND' | 'NO RECORD';
  readonly note?: string;
}

/** What `review` found: the report `--json` prints and `review --from FILE` sizes from. */
export interface ReviewReport {
  readonly schemaVersion: number;
  readonly event: string;
  readonly region?: string;
  readonly reviewedAt: string;
  /** Where the plan came from. */
  readonly plan: string;
  readonly timeZone: string;
  readonly startUtc: string;
  readonly endUtc: string;
  /** The span read: an hour before prewarm to an hour after baseline (or now, during the event). */
  readonly window: { readonly fromUtc: string; readonly toUtc: string };
  /** The resolution read, and why (CloudWatch keeps 1-minute data 15 days, 5-minute 63, 1-hour 455). */
  readonly resolution: { readonly periodSeconds: number; readonly reason: string };
  readonly band: Band;
  readonly settings: SettingReview[];
  readonly alarms: AlarmReview[];
  readonly timing: TimingReading[];
  /** What the review as a whole could not see. */
  readonly unseen: string[];
  /** True when the event had not ended when reviewed: its peaks so far (a suggestion is then at least). */
  readonly inProgress?: boolean;
}

const DAY = 86_400_000;

/**
 * The period to read a window that starts at `from` with: the finest CloudWatch still keeps
 * (GetMetricData: 60-second data for 15 days, 300-second for 63, 3600-second for 455);
 * undefined when the window is older than that.
 */
export function resolutionFor(from: number, now: number): { periodSeconds: number; reason: string } | undefined {
  const age = now - from;
  if (age <= 15 * DAY) {
    return { periodSeconds: 60, reason: '1-minute data (CloudWatch keeps it 15 days)' };
  }
  if (age <= 63 * DAY) {
    return { periodSeconds: 300, reason: 'the event is over 15 days old: 5-minute data, which CloudWatch keeps 63 days; a '
      + 'peak shorter than 5 minutes is averaged (sums) or kept (maxima) within it' };
  }
  if (age <= 455 * DAY) {
    return { periodSeconds: 3600, reason: 'the event is over 63 days old: 1-hour data, which CloudWatch keeps 455 days; '
      + 'per-second rates are hourly averages, well below the minute\'s peak' };
  }
  return undefined;
}

/**
 * What AWS recorded of a scale-up: when it was in effect, or that it failed (never in effect);
 * undefined when there is no record (it is taken in force once its lead time has passed).
 */
export type Recorded = (c: EventPlanChange) => number | 'failed' | undefined;

/**
 * When a change's value is in force: a scale-up when AWS recorded it in effect, else once its lead
 * time has passed (the worst case), never when it failed; a scale-down at once.
 */
function inForceFrom(c: EventPlanChange, recorded?: Recorded): number | undefined {
  if (c.direction !== 'SCALE_UP') {
    return Date.parse(c.atUtc);
  }
  const r = recorded?.(c);
  return r === 'failed' ? undefined : r ?? Date.parse(c.atUtc) + c.leadTimeSeconds * 1000;
}

/**
 * A step line from a setting's changes, in the order they fire, each text read with `read`
 * (changes it cannot read, and scale-ups that failed, are skipped). A change supersedes the
 * steps of earlier changes not yet in force when it is.
 */
function stepsOf(changes: EventPlanChange[], read: (text: string) => number | undefined,
  label?: (text: string) => string | undefined, recorded?: Recorded): CapacityStep[] {
  const ordered = [...changes].sort((a, b) => Date.parse(a.atUtc) - Date.parse(b.atUtc));
  let steps: CapacityStep[] = [];
  const first = ordered[0] && read(ordered[0].before);
  if (first !== undefined) {
    steps.push({ from: Number.NEGATIVE_INFINITY, value: first, label: label?.(ordered[0].before) });
  }
  for (const c of ordered) {
    const value = read(c.after);
    const from = inForceFrom(c, recorded);
    if (value !== undefined && from !== undefined) {
      steps = [...steps.filter((s) => s.from < from), { from, value, label: label?.(c.after) }];
    }
  }
  return steps;
}

/** The step in force at an instant. */
export function stepAt(steps: CapacityStep[], at: number): CapacityStep | undefined {
  let found: CapacityStep | undefined;
  for (const s of steps) {
    if (s.from <= at) {
      found = s;
    }
  }
  return found;
}

const highest = (steps: CapacityStep[]) => steps.reduce<CapacityStep | undefined>((a, s) => (a === undefined || s.value > a.value ? s : a),
  undefined);
const maxLead = (changes: EventPlanChange[]) => Math.max(0, ...changes.filter((c) => c.direction === 'SCALE_UP').map((c) => c.leadTimeSeconds));

/**
 * The settings of a tier `review` measures, read from its plan's changes: provisioned
 * concurrency; a table's cost cap (reads, writes) or, without one, its warm throughput; an
 * Aurora cluster's maximum ACU; the primary's instance class (its vCPUs); storage IOPS and
 * throughput. Event replicas and readers are counts no metric sizes: they are left to the plan.
 * A scale-up is in force from when AWS recorded it in effect (`recorded`, from the timing), else
 * from its worst-case lead time.
 */
export function plannedSettings(tier: EventPlanTier, recorded?: Recorded): PlannedSetting[] {
  const of = (setting: string) => tier.changes.filter((c) => c.setting === setting);
  const out: PlannedSetting[] = [];
  const add = (kind: SettingKind, unit: string, changes: EventPlanChange[], capacity: CapacityStep[],
    more: Pick<PlannedSetting, 'warm' | 'capped' | 'ownedSpan'> = {}) => {
    const peak = highest(capacity);
    if (peak !== undefined) {
      out.push({ tier: tier.name, kind, unit, capacity, plannedPeak: peak, leadTimeSeconds: maxLead(changes),
        storageGiB: kind.startsWith('storage-') ? tier.costBasis?.allocatedStorageGiB : undefined, ...more });
    }
  };
  const pc = of('provisioned concurrency');
  if (pc.length > 0) {
    const steps = stepsOf(pc, (t) => (/^\d+$/.test(t.trim()) ? Number(t) : undefined), undefined, recorded);
    // A target another stack registers: the span the event set its floor, from the raise in force to the restore (the last step).
    const owned = pc.every((c) => c.action === 'applicationautoscaling:registerScalableTarget') && steps.length > 1;
    add('provisioned-concurrency', 'concurrent executions', pc, steps,
      { ownedSpan: owned ? { from: steps[1].from, to: steps[steps.length - 1].from } : undefined });
  }
  const cap = of('table cost cap');
  const warm = of('warm throughput');
  for (const [kind, side] of [['table-reads', 'read'], ['table-writes', 'write']] as const) {
    const caps = stepsOf(cap, (t) => perSecondIn(t, side), undefined, recorded);
    const warms = stepsOf(warm, (t) => perSecondIn(t, side), undefined, recorded);
    if (caps.length > 0) {
      add(kind, `${side} units/s`, [...cap, ...warm], caps, { warm: warms.length > 0 ? warms : undefined, capped: true });
    } else if (warms.length > 0) {
      add(kind, `${side} units/s`, warm, warms, { warm: warms, capped: false });
    }
  }
  const acu = of('ACU range');
  if (acu.length > 0) {
    add('acu', 'ACU', acu, stepsOf(acu, (t) => acuRangeIn(t)?.max, (t) => t, recorded));
  }
  const klass = of('instance class');
  if (klass.length > 0) {
    const vcpus = (t: string) => {
      const c = parseInstanceClass(t.trim());
      return c && vcpusOf(c);
    };
    add('instance-cpu', 'vCPUs', klass, stepsOf(klass, vcpus, (t) => t.trim(), recorded));
  }
  const storage = of('storage');
  if (storage.length > 0) {
    add('storage-iops', 'IOPS', storage, stepsOf(storage, (t) => storageIn(t)?.iops, undefined, recorded));
    add('storage-throughput', 'MiB/s', storage, stepsOf(storage, (t) => storageIn(t)?.throughput, undefined, recorded));
  }
  return out;
}

/** The observed load of a setting, as read (review-aws.ts). */
export interface SettingReading {
  readonly basis: MetricBasis;
  /** The load in the setting's unit (for CPU: percent; converted to vCPUs with the class in force). */
  readonly load: Series;
  /** Refusals that mean the load met its limit (throttles), with what they are. */
  readonly refusals?: { readonly series: Series; readonly what: string };
  /** Counted for the report only (spillover invocations). */
  readonly extra?: { readonly series: Series; readonly what: string };
  /** What was not seen in reading it. */
  readonly unseen?: string[];
}

/** The qth percentile (0-1) by nearest rank. */
export function percentile(values: number[], q: number): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Kinds whose capacity is a hard limit: a load at it was held down, so its true peak is unknown. */
const HARD_LIMIT: ReadonlySet<SettingKind> = new Set<SettingKind>(['table-reads', 'table-writes', 'acu', 'instance-cpu', 'storage-iops',
  'storage-throughput']);
/** A load at this share of a hard limit is taken as held at the limit. */
export const SATURATED_SHARE = 0.99;

/**
 * A setting's review: every value of the load against the capacity in force at its instant, the
 * highest load and the highest share, the event's p95, and the verdict against the band.
 */
export function reviewSetting(setting: PlannedSetting, reading: SettingReading | undefined, window: { from: number; to: number },
  event: { start: number; end: number }, band: Band, periodSeconds: number): SettingReview {
  const expected = Math.max(1, Math.floor((window.to - window.from) / (periodSeconds * 1000)));
  const base = {
    tier: setting.tier, kind: setting.kind, unit: setting.unit, plannedPeak: setting.plannedPeak.value,
    plannedPeakLabel: setting.plannedPeak.label, leadTimeSeconds: setting.leadTimeSeconds,
    table: setting.capped === undefined ? undefined : { capped: setting.capped, warm: setting.warm !== undefined },
    everyday: setting.capacity[0]?.from === Number.NEGATIVE_INFINITY ? setting.capacity[0].value : undefined,
    everydayLabel: setting.capacity[0]?.from === Number.NEGATIVE_INFINITY ? setting.capacity[0].label : undefined,
    storageGiB: setting.storageGiB,
    warmEveryday: setting.warm?.[0]?.from === Number.NEGATIVE_INFINITY ? setting.warm[0].value : undefined,
  };
  if (reading === undefined) {
    return { ...base, verdict: 'NO DATA', saturated: false, notes: [], unseen: ['its metric could not be located (see the review\'s unseen)'],
      coverage: { periods: 0, expected } };
  }
  const unseen = [...reading.unseen ?? []];
  const notes: string[] = [];
  const points: Array<{ at: number; used: number; capacity: number; label?: string; percent?: number }> = [];
  let unknownCapacity = 0;
  reading.load.timestamps.forEach((at, i) => {
    const step = stepAt(setting.capacity, at);
    const v = reading.load.values[i];
    if (at < window.from || at > window.to || !Number.isFinite(v)) {
      return;
    }
    if (step === undefined) {
      unknownCapacity++;
      return;
    }
    // CPU is read in percent of the class in force: as vCPUs used, comparable across classes.
    const used = setting.kind === 'instance-cpu' ? (v / 100) * step.value : v;
    points.push({ at, used, capacity: step.value, label: step.label, percent: setting.kind === 'instance-cpu' ? v : undefined });
  });
  const coverage = { periods: points.length, expected };
  if (unknownCapacity > 0) {
    unseen.push(`${unknownCapacity} periods before the plan's first change took effect, whose everyday value the plan does not `
      + 'state: their load is not shared against a capacity');
  }
  if (points.length === 0) {
    unseen.push(`no datapoints for ${reading.basis.metric} (${reading.basis.dimensions}) in the window: the resource was idle, `
      + 'its dimensions changed, or the data is older than CloudWatch keeps at this resolution');
    return { ...base, verdict: 'NO DATA', basis: reading.basis, saturated: false, notes, unseen, coverage };
  }
  if (points.length < expected * 0.5) {
    unseen.push(`partial data: ${points.length} of ${expected} periods have a value (a metric is not emitted while idle)`);
  }
  const shareOf = (p: typeof points[number]) => (p.capacity > 0 ? p.used / p.capacity : 0);
  const top = points.reduce((a, p) => (p.used > a.used ? p : a));
  const span = setting.ownedSpan;
  const withCapacity = points.filter((p) => p.capacity > 0 && (!span || (p.at >= span.from && p.at < span.to)));
  if (span) {
    notes.push('its scalable target is registered by another stack, whose policies scale it above the event\'s floor: shares are '
      + 'of the floor, judged while the event held it');
  }
  // The highest share; of equal shares, the one under the higher load (the event's, not the quiet hours').
  const topShare = withCapacity.length > 0
    ? withCapacity.reduce((a, p) => (shareOf(p) > shareOf(a) || (shareOf(p) === shareOf(a) && p.used > a.used) ? p : a)) : undefined;
  const at = (p: typeof points[number]): LoadAt => ({ value: p.used, at: new Date(p.at).toISOString(), capacity: p.capacity,
    capacityLabel: p.label, share: p.capacity > 0 ? p.used / p.capacity : undefined });
  const during = points.filter((p) => p.at >= event.start && p.at <= event.end).map((p) => p.used);
  const reasons: string[] = [];
  const refused = reading.refusals ? reading.refusals.series.values.reduce((a, v) => a + v, 0) : 0;
  if (refused > 0) {
    reasons.push(`${round(refused)} ${reading.refusals!.what}`);
  }
  // Warm throughput is not a limit (on-demand serves above it): only a table's cost cap is.
  const hard = HARD_LIMIT.has(setting.kind) && setting.capped !== false;
  if (hard && points.some((p) => p.capacity > 0 && p.used >= p.capacity * SATURATED_SHARE)) {
    reasons.push(`the load reached ${Math.round(SATURATED_SHARE * 100)} % of the capacity in force`);
  }
  const extra = reading.extra ? reading.extra.series.values.reduce((a, v) => a + v, 0) : 0;
  if (extra > 0) {
    notes.push(`${round(extra)} ${reading.extra!.what}`);
  }
  if (setting.warm && setting.capped) {
    const warmAtTop = stepAt(setting.warm, top.at);
    if (warmAtTop) {
      notes.push(`warm throughput in force at the peak: ${warmAtTop.value}/s (${Math.round((top.used / warmAtTop.value) * 100)} % of it)`);
    }
  }
  if (topShare === undefined) {
    unseen.push('no capacity was in force while the metric had values (nothing to share the load against)');
  }
  const share = topShare ? shareOf(topShare) : undefined;
  const saturated = reasons.length > 0;
  const verdict = saturated || (share !== undefined && share > band.high) ? 'OVER'
    : share === undefined ? 'NO DATA' : share < band.low ? 'UNDER' : 'IN BAND';
  return {
    ...base, verdict, basis: reading.basis, peak: at(top), highestShare: topShare && at(topShare), p95: percentile(during, 0.95),
    peakPercent: top.percent, saturated, saturation: saturated ? `${reasons.join('; ')}: the true peak is not known` : undefined,
    notes, unseen, coverage,
  };
}

/** Comparison operators as symbols. */
const SYMBOL: { [op: string]: string } = {
  GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '>=', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=',
};

/** Whether a value is beyond an alarm's threshold. */
export function beyond(value: number, threshold: number, comparison: string): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
    default: return false;
  }
}

/**
 * An alarm's metric over the window: the minutes it spent beyond the threshold (each period
 * beyond counts its whole length) and its worst value. An alarm fires only after enough periods
 * in a row (its datapoints to alarm), so minutes beyond can exceed the time it was in ALARM.
 */
export function alarmMinutesBeyond(series: Series, threshold: number, comparison: string,
  periodSeconds: number): { minutesBeyond: number; worst?: number } {
  const count = series.values.filter((v) => beyond(v, threshold, comparison)).length;
  const worst = series.values.length === 0 ? undefined
    : comparison.startsWith('Less') ? Math.min(...series.values) : Math.max(...series.values);
  return { minutesBeyond: (count * periodSeconds) / 60, worst };
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n >= 100 ? String(Math.round(n)) : n.toFixed(n < 1 ? 3 : 1);
}

/** A setting's name as printed. */
export function settingName(kind: SettingKind): string {
  return {
    'provisioned-concurrency': 'provisioned concurrency', 'table-reads': 'table reads/s', 'table-writes': 'table writes/s',
    'acu': 'ACU (max in force)', 'instance-cpu': 'CPU (instance class)', 'storage-iops': 'storage IOPS', 'storage-throughput': 'storage MiB/s',
  }[kind];
}

const pct = (share: number | undefined) => (share === undefined ? 'none provisioned' : `${Math.round(share * 100)} %`);

/** A setting's headline: `peak 310 of 800 provisioned concurrency (39 %, under the band)`. */
export function headline(s: SettingReview, band: Band): string {
  const bandText = `${Math.round(band.low * 100)}-${Math.round(band.high * 100)} %`;
  if (s.verdict === 'NO DATA' || !s.peak) {
    return 'no data';
  }
  const where = s.verdict === 'OVER' ? 'over the band' : s.verdict === 'UNDER' ? 'under the band' : 'in the band';
  const h = s.highestShare ?? s.peak;
  const of = (p: NonNullable<SettingReview['peak']>) => (s.kind === 'instance-cpu'
    ? `CPU ${pct(p.share)} at ${p.capacityLabel ?? `${p.capacity} vCPUs`}`
    : `${round(p.value)} of ${round(p.capacity)} ${s.unit}`);
  const text = s.kind === 'instance-cpu' ? `peak ${of(h)} (${where} ${bandText})`
    : `peak ${of(h)} (${pct(h.share)}, ${where} ${bandText})`;
  const more = s.peak.value > h.value && s.peak.at !== h.at ? `; highest load ${round(s.peak.value)} ${s.unit} against ${round(s.peak.capacity)}` : '';
  return `${text}${more}${s.saturated ? ' — saturated: the true peak is unknown' : ''}`;
}

/** The review as text, fitted to a width (prose wrapped, nothing cut). */
export function renderReview(r: ReviewReport, width: number | undefined, p: { [s in 'bold' | 'red' | 'yellow' | 'green' | 'dim']: (s: string) => string },
  wrap: (text: string, width: number | undefined, indent?: string) => string): string {
  const out: string[] = [];
  const bandText = `${Math.round(r.band.low * 100)}-${Math.round(r.band.high * 100)} %`;
  out.push(wrap(`Event ${r.event} — review of ${r.window.fromUtc} to ${r.window.toUtc}${r.region ? ` in ${r.region}` : ''}, `
    + `${r.resolution.reason}; target band ${bandText} at the peak`, width, '  ').replace(`Event ${r.event}`, p.bold(`Event ${r.event}`)));
  out.push(wrap(`  plan: ${r.plan}`, width, '    '));
  out.push('', p.bold('Headroom (the plan\'s capacity in force, the observed load against it)'));
  if (r.settings.length === 0) {
    out.push('  The plan changes no setting review measures (provisioned concurrency, a table, ACU, an instance class, storage).');
  }
  const colour = (v: SettingReview['verdict']) => (v === 'IN BAND' ? p.green : v === 'OVER' ? p.red : p.yellow);
  for (const s of r.settings) {
    out.push(wrap(`  ${s.tier} · ${settingName(s.kind)}: ${headline(s, r.band)}  ${colour(s.verdict)(s.verdict)}`, width, '      '));
    if (s.peak && s.p95 !== undefined) {
      const p95 = s.kind === 'instance-cpu' ? `${round(s.p95)} vCPUs` : `${round(s.p95)} ${s.unit}`;
      out.push(wrap(`    p95 during the event ${p95}; highest load at ${s.peak.at}`, width, '      '));
    }
    if (s.basis) {
      out.push(wrap(`    from ${s.basis.metric} (${s.basis.dimensions}), ${s.basis.periodSeconds} s periods`
        + `${s.basis.derivation ? `, ${s.basis.derivation}` : ''}; ${s.coverage.periods} of ${s.coverage.expected} periods with data`, width, '      '));
    }
    for (const line of [...s.saturation ? [s.saturation] : [], ...s.notes]) {
      out.push(wrap(`    ${line}`, width, '      '));
    }
    for (const line of s.unseen) {
      out.push(p.yellow(wrap(`    not seen: ${line}`, width, '      ')));
    }
  }
  out.push('', p.bold('Alarms (minutes beyond the threshold in the window; when each fired)'));
  const prefix = `${r.event}-`;
  for (const a of r.alarms) {
    const own = a.name.startsWith(prefix) ? a.name.slice(prefix.length) : a.name;
    // An alarm of another Region: the Region first, once.
    const name = a.region === undefined ? own : `${a.region} · ${own.replace(new RegExp(`^${a.region}-|-${a.region}$`), '')}`;
    const threshold = a.threshold === undefined ? '' : ` ${SYMBOL[a.comparison ?? ''] ?? a.comparison} ${round(a.threshold)}`;
    const fired = a.fired.length === 0 ? 'never fired' : `fired ${a.fired.length}× (first ${a.fired[0].at})`;
    const text = a.unseen ? `not read: ${a.unseen}` : a.composite ? `(composite) ${fired}`
      : `${a.minutesBeyond === undefined ? 'no data' : `${round(a.minutesBeyond)} min beyond${threshold}`}`
        + `${a.worst === undefined ? '' : `, worst ${round(a.worst)}`}; ${fired}`;
    out.push(wrap(`  ${name}: ${a.fired.length > 0 ? p.red(text) : text}`, width, '      '));
  }
  out.push('', p.bold('Timing (each scale-up against its lead time)'));
  if (r.timing.length === 0) {
    out.push('  No scale-up in the plan.');
  }
  for (const t of r.timing) {
    const took = t.tookSeconds === undefined ? '' : `took ${duration(t.tookSeconds)} (lead time ${duration(t.leadTimeSeconds)}), `;
    const text = `  ${t.tier} · ${t.setting} at ${t.when}: ${took}${t.endedUtc ? `in effect ${t.endedUtc}` : ''}`
      + `${t.note ? `${t.endedUtc ? '; ' : ''}${t.note}` : ''}`;
    const c = t.verdict === 'IN TIME' ? p.green : t.verdict === 'LATE' || t.verdict === 'FAILED' ? p.red : p.dim;
    out.push(wrap(`${text.replace(/: $/, ':')}  ${c(t.verdict)}`, width, '      '));
  }
  if (r.unseen.length > 0) {
    out.push('', p.bold('Not seen'));
    for (const u of r.unseen) {
      out.push(p.yellow(wrap(`  ${u}`, width, '    ')));
    }
  }
  return out.join('\n');
}
