/**
 * The next event's peaks from a review: each setting's observed peak × the expected growth ÷ the
 * target utilization, rounded to what the setting accepts, and lead times from the measured
 * durations plus a margin. Printed as the `forEvent({...})` options a user pastes, and as JSON.
 */
import { parseInstanceClass, sizesOf, vcpusOf } from '../private/rds-instance-classes';
import { duration, wrap } from './io';
import { Band, ReviewReport, SettingKind, SettingReview, settingName } from './review';

/** The highest maximum ACU an Aurora Serverless v2 cluster takes. */
const MAX_ACU = 256;
/** What RDS takes for gp3 IOPS and throughput (from 400 GiB), as forEvent checks them. */
const GP3 = { iops: { min: 12_000, max: 64_000 }, iopsPerGiB: 500, throughput: { min: 500, max: 4000 }, throughputPerIops: 0.25 };
/** Measured durations get this margin, rounded up to 5 minutes, as suggested lead times. */
export const LEAD_TIME_MARGIN = 1.25;

/** How the next event is sized. */
export interface SizingOptions {
  /** Expected growth of the peak (1.3: 30 % more). */
  readonly growth: number;
  /** The utilization the suggested capacity puts the grown peak at (default: the middle of the band). */
  readonly target: number;
}

/** One suggested option of a tier's `forEvent({...})`. */
export interface Suggestion {
  readonly tier: string;
  /** The `forEvent` option. */
  readonly option: string;
  /** The value: a number, a class name (`db.r7g.8xlarge`), or warm throughput's members. */
  readonly value: number | string | { readonly [member: string]: number };
  /** The TypeScript a user pastes (`400`, `new ec2.InstanceType('r7g.8xlarge')`, `Duration.minutes(20)`). */
  readonly code: string;
  /** The plan's value for it, for comparison. */
  readonly planned?: number | string;
  /** What it rests on: the observed value, the arithmetic, the metric, statistic, period and window. */
  readonly basis: string;
  /** True when the true peak was not seen (saturated): the value is at least this, never below the plan's. */
  readonly lowerBound: boolean;
}

/** The sizing of the next event, as `--json` prints it (under `sizing`). */
export interface Sizing {
  readonly growth: number;
  readonly target: number;
  readonly suggestions: Suggestion[];
  /** What was not sized, and why. */
  readonly notSized: string[];
}

/** The target utilization when none is given: the middle of the band. */
export function defaultTarget(band: Band): number {
  return (band.low + band.high) / 2;
}

const OPTION: { [kind in SettingKind]: string } = {
  'provisioned-concurrency': 'provisionedConcurrency',
  'table-reads': 'maxReadRequestUnits',
  'table-writes': 'maxWriteRequestUnits',
  'acu': 'capacity',
  'instance-cpu': 'peakInstanceType',
  'storage-iops': 'peakIops',
  'storage-throughput': 'peakStorageThroughput',
};

/** The lead-time option of each kind of change the timing measures, by its plan setting. */
const LEAD_OPTION: Array<[RegExp, string]> = [
  [/^provisioned concurrency$/, 'provisionedConcurrencyLeadTime'],
  [/^readers$/, 'readerLeadTime'],
  [/^instance class$/, 'instanceClassChangeLeadTime'],
  [/^event replica \d+$/, 'replicaCreationLeadTime'],
  [/^storage$/, 'storageChangeLeadTime'],
];

/** Whole units up; a tiny float excess (400.0000001) is not a unit more. */
function ceil(n: number, step = 1): number {
  return Math.ceil(Number((n / step).toFixed(6))) * step;
}

/**
 * The smallest class of the family whose vCPUs hold `needed`; at least one size above `atLeast`
 * (a saturated class). Undefined for a class this CLI does not know.
 */
export function classFor(current: string, needed: number, atLeastAbove?: string): { name: string; beyondFamily: boolean } | undefined {
  const c = parseInstanceClass(current);
  if (!c) {
    return undefined;
  }
  const sizes = sizesOf(c.family);
  const floor = atLeastAbove ? sizes.indexOf(parseInstanceClass(atLeastAbove)?.size ?? '') + 1 : 0;
  const fitting = sizes.findIndex((size, i) => i >= floor && vcpusOf({ ...c, size, name: '' }) >= needed);
  const index = fitting >= 0 ? fitting : sizes.length - 1;
  return { name: `db.${c.family}.${sizes[index]}`, beyondFamily: fitting < 0 };
}

/** The suggestions for the next event from a review (live, or read back from `--json`). */
export function sizeNextEvent(review: ReviewReport, options: SizingOptions): Sizing {
  const suggestions: Suggestion[] = [];
  const notSized: string[] = [];
  const window = `${review.window.fromUtc} to ${review.window.toUtc}`;
  // A table's warm throughput is one option for both sides: gathered per tier, given after its caps.
  const warm = new Map<string, { read?: WarmSide; write?: WarmSide }>();
  const ordered = [...review.settings].sort((a, b) => Number(a.kind === 'storage-throughput') - Number(b.kind === 'storage-throughput'));
  for (const s of ordered) {
    // Throughput is bounded by the IOPS suggested with it (0.25 MiB/s per IOPS).
    const iops = suggestions.find((x) => x.tier === s.tier && x.option === 'peakIops')?.value as number | undefined;
    const result = suggest(s, options, window, iops);
    if (typeof result === 'string') {
      notSized.push(`${s.tier} · ${settingName(s.kind)}: ${result}`);
      continue;
    }
    suggestions.push(...result.suggestions);
    if (result.warm) {
      warm.set(s.tier, { ...warm.get(s.tier), [s.kind === 'table-reads' ? 'read' : 'write']: result.warm });
    }
  }
  for (const [tier, sides] of warm) {
    const w = warmFor(tier, sides);
    if (typeof w === 'string') {
      notSized.push(`${tier} · warm throughput: ${w}`);
    } else {
      suggestions.push(w);
    }
  }
  suggestions.push(...leadTimes(review));
  if (review.inProgress) {
    // Peaks so far: the rest of the event may go higher.
    return { growth: options.growth, target: options.target, notSized,
      suggestions: suggestions.map((x) => (/LeadTime$/.test(x.option) ? x : { ...x, lowerBound: true,
        basis: `${x.basis}; the event had not ended when reviewed: its peak so far` })) };
  }
  return { growth: options.growth, target: options.target, suggestions, notSized };
}

/** One side of a table's warm throughput to suggest. */
interface WarmSide {
  readonly value: number;
  readonly everyday?: number;
  readonly basis: string;
  readonly lowerBound: boolean;
}

/** The plan's everyday value in words, for "no raise needed". */
function noRaise(needed: string, everyday: string, option: string): string {
  return `the grown peak needs ${needed}, which the everyday ${everyday} holds: no event raise needed (leave ${option} out)`;
}

function suggest(s: SettingReview, { growth, target }: SizingOptions, window: string,
  iopsSuggested: number | undefined): { suggestions: Suggestion[]; warm?: WarmSide } | string {
  if (s.verdict === 'NO DATA' || !s.peak || !s.basis) {
    return `no data to size from (${s.unseen.join('; ') || 'nothing read'}): keep the plan's`;
  }
  const peak = s.peak.value;
  const needed = (peak * growth) / target;
  const basis = (observed: string) => `${observed} × ${growth} growth ÷ ${Math.round(target * 100)} % target; `
    + `${s.basis!.metric}${s.basis!.derivation ? ` (${s.basis!.derivation})` : ''}, ${s.basis!.periodSeconds} s periods, ${window}`
    + (s.saturated ? `; ${s.saturation}, so at least the plan's peak` : '');
  const option = OPTION[s.kind];
  const one = (value: number | string, code: string, planned: number | string | undefined, text: string) =>
    ({ suggestions: [{ tier: s.tier, option, value, code, planned, basis: text, lowerBound: s.saturated }] });
  // Never below the plan's peak when the true peak was not seen.
  const atLeastPlanned = (value: number) => (s.saturated ? Math.max(value, s.plannedPeak) : value);
  const observed = `peak ${fmt(peak)} ${s.unit} at ${s.peak.at}`;
  switch (s.kind) {
    case 'provisioned-concurrency': {
      const value = atLeastPlanned(Math.max(1, ceil(needed)));
      if (s.everyday !== undefined && value <= s.everyday) {
        return noRaise(`${value}`, `provisioned concurrency (${s.everyday})`, option);
      }
      return one(value, String(value), s.plannedPeak, basis(observed));
    }
    case 'table-reads':
    case 'table-writes': {
      const value = atLeastPlanned(ceil(needed));
      const side = s.kind === 'table-reads' ? 'read' : 'write';
      const warm = s.table?.warm ? { value, everyday: s.warmEveryday, basis: basis(observed), lowerBound: s.saturated } : undefined;
      if (s.table?.capped === false) {
        return { suggestions: [], warm };
      }
      // The event's cost cap must be above the everyday one (forEvent refuses it otherwise).
      if (s.everyday !== undefined && value <= s.everyday) {
        return warm ? { suggestions: [], warm } : noRaise(`${value} ${side}s/s`, `cost cap (${s.everyday}/s)`, option);
      }
      // The expected peak itself, which forEvent checks the cap against.
      const expected = Math.ceil(Number((peak * growth).toFixed(6)));
      const peakOption = side === 'read' ? 'peakReadRequestUnits' : 'peakWriteRequestUnits';
      return {
        suggestions: [
          { tier: s.tier, option, value, code: String(value), planned: s.plannedPeak, basis: basis(observed), lowerBound: s.saturated },
          { tier: s.tier, option: peakOption, value: expected, code: String(expected), lowerBound: s.saturated,
            basis: `the expected peak, ${observed} × ${growth} growth, which forEvent holds the cap against` },
        ],
        warm,
      };
    }
    case 'storage-iops':
    case 'storage-throughput': {
      // gp3 on RDS: settable from 400 GiB; IOPS 12,000-64,000 and at most 500 per GiB; throughput
      // 500-4,000 MiB/s and at most 0.25 per IOPS (the rules forEvent checks).
      const gib = s.storageGiB;
      if (gib !== undefined && gib < 400) {
        return `gp3 below 400 GiB (${gib} GiB) has a fixed 3,000 IOPS and 125 MiB/s: nothing to raise`;
      }
      const iops = s.kind === 'storage-iops';
      const [low, high] = iops ? [GP3.iops.min, Math.min(GP3.iops.max, gib === undefined ? GP3.iops.max : gib * GP3.iopsPerGiB)]
        : [GP3.throughput.min,
          Math.min(GP3.throughput.max, iopsSuggested === undefined ? GP3.throughput.max : iopsSuggested * GP3.throughputPerIops)];
      const wanted = atLeastPlanned(ceil(needed));
      const value = Math.min(Math.max(wanted, low), high);
      if (s.everyday !== undefined && value <= s.everyday) {
        return noRaise(`${wanted} ${s.unit}`, `${s.everyday} ${s.unit}`, option);
      }
      const limit = wanted > high ? `; the grown peak needs ${wanted} ${s.unit}, above the ${high} gp3 takes here`
        + (iops ? `${gib === undefined ? '' : ` on ${gib} GiB`}: more storage, or io2` : ' (0.25 MiB/s per IOPS, 4,000 at most)') : '';
      return one(value, String(value), s.plannedPeak, basis(observed) + (wanted < low ? `; raised to gp3's least settable ${low}` : '') + limit);
    }
    case 'acu': {
      const everyday = acuOf(s.everydayLabel);
      const max = Math.min(MAX_ACU, atLeastPlanned(Math.max(1, ceil(needed, 0.5))));
      if (everyday && max <= everyday.max) {
        return noRaise(`${fmt(needed)} ACU`, `range ${s.everydayLabel}`, option);
      }
      // The event's minimum is the plan's (what keeps caches warm): never above the new maximum, nor below the everyday one.
      const min = Math.max(everyday?.min ?? 0.5, Math.min(acuOf(s.plannedPeakLabel)?.min ?? 0.5, max));
      const beyond = needed > MAX_ACU ? `; the grown peak needs ${fmt(needed)} ACU, above Aurora's ${MAX_ACU}: add readers or split the load` : '';
      return one(max, `AcuRange.between(${min}, ${max})`, s.plannedPeakLabel ?? s.plannedPeak,
        basis(`peak ${fmt(peak)} ACU at ${s.peak.at}`) + `; the minimum stays the plan's${beyond}`);
    }
    case 'instance-cpu': {
      const current = s.peak.capacityLabel;
      const chosen = current && classFor(current, needed, s.saturated ? current : undefined);
      if (!chosen) {
        return `the class ${current ?? 'in force'} is not one this CLI sizes: keep the plan's`;
      }
      // Saturated: one size above the class that saturated, and never below the plan's peak class.
      const plannedClass = s.plannedPeakLabel === undefined ? undefined : parseInstanceClass(s.plannedPeakLabel);
      const name = s.saturated && plannedClass && vcpusOf(plannedClass) > vcpusOf(parseInstanceClass(chosen.name)!) ? plannedClass.name : chosen.name;
      const everyday = s.everydayLabel === undefined ? undefined : parseInstanceClass(s.everydayLabel);
      if (everyday && vcpusOf(parseInstanceClass(name)!) <= vcpusOf(everyday)) {
        return noRaise(`${fmt(needed)} vCPUs`, `class ${everyday.name}`, option);
      }
      return one(name, `new ec2.InstanceType('${name.replace(/^db\./, '')}')`, s.plannedPeakLabel,
        basis(`peak CPU ${fmt(s.peakPercent ?? 0)} % of ${current} (${fmt(peak)} vCPUs) at ${s.peak.at}`)
          + `: ${fmt(needed)} vCPUs needed` + (chosen.beyondFamily ? `; beyond the family's largest class (${name}): add read replicas or change family` : ''));
    }
  }
}

/** `2-32 ACU` as numbers. */
function acuOf(text: string | undefined): { min: number; max: number } | undefined {
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?) ACU/.exec(text ?? '');
  return m ? { min: Number(m[1]), max: Number(m[2]) } : undefined;
}

/**
 * A table's warm throughput, when the plan raised it: each side at its per-second figure (the
 * grown peak at the target), never below what the table has (warm throughput only goes up).
 */
function warmFor(tier: string, sides: { read?: WarmSide; write?: WarmSide }): Suggestion | string {
  const raise = (w: WarmSide | undefined) => (w && (w.everyday === undefined || w.value > w.everyday) ? w : undefined);
  const read = raise(sides.read);
  const write = raise(sides.write);
  if (!read && !write) {
    return 'the grown peak fits the warm throughput the table has (it never goes down): no raise needed (leave warmThroughput out)';
  }
  const value: { [member: string]: number } = {
    ...read ? { readUnitsPerSecond: read.value } : {},
    ...write ? { writeUnitsPerSecond: write.value } : {},
  };
  return {
    tier, option: 'warmThroughput', value, lowerBound: Boolean(read?.lowerBound || write?.lowerBound),
    code: `{ ${Object.entries(value).map(([k, v]) => `${k}: ${v}`).join(', ')} }`,
    basis: [...read ? [`reads: ${read.basis}`] : [], ...write ? [`writes: ${write.basis}`] : []].join('; ')
      + '; warm throughput can only go up, and is billed once raised',
  };
}

/** Lead times from the measured durations: the longest measured per option, × the margin, in whole 5 minutes. */
function leadTimes(review: ReviewReport): Suggestion[] {
  const byOption = new Map<string, { tier: string; took: number; planned: number; what: string }>();
  for (const t of review.timing) {
    const option = LEAD_OPTION.find(([re]) => re.test(t.setting))?.[1];
    if (!option || t.tookSeconds === undefined || t.verdict === 'FAILED') {
      continue;
    }
    const key = `${t.tier}/${option}`;
    const seen = byOption.get(key);
    if (!seen || t.tookSeconds > seen.took) {
      byOption.set(key, { tier: t.tier, took: t.tookSeconds, planned: t.leadTimeSeconds, what: `${t.setting} at ${t.when} (${t.source})` });
    }
  }
  return [...byOption].map(([key, m]) => {
    const minutes = Math.max(5, ceil((m.took * LEAD_TIME_MARGIN) / 60, 5));
    return {
      tier: m.tier, option: key.split('/')[1], value: minutes * 60, code: `Duration.minutes(${minutes})`, planned: m.planned, lowerBound: false,
      basis: `the longest measured, ${duration(m.took)} (${m.what}), × ${LEAD_TIME_MARGIN} margin, in whole 5 minutes`,
    };
  });
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);
}

/** The tier's name as a TypeScript variable (`match-api` → `matchApi`). */
function variable(tier: string): string {
  const name = tier.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
  return /^[a-zA-Z_]/.test(name) ? name : `tier${name}`;
}

/**
 * The suggestions as the `forEvent({...})` calls a user pastes, one per tier, each option with
 * what it rests on in a comment wrapped to the width (100 columns without one).
 */
export function renderSizing(sizing: Sizing, width = 100): string {
  const comment = (text: string) => wrap(text, Math.max(width, 60), '  //   ');
  const tiers = [...new Set(sizing.suggestions.map((s) => s.tier))];
  const lines: string[] = [wrap(`// The next event, sized from this one: observed peak × ${sizing.growth} growth ÷ `
    + `${Math.round(sizing.target * 100)} % target.`, Math.max(width, 60), '//   ')];
  for (const tier of tiers) {
    lines.push(`${variable(tier)}.forEvent({ // tier ${tier}`);
    for (const s of sizing.suggestions.filter((x) => x.tier === tier)) {
      const planned = s.planned === undefined ? '' : ` (planned ${typeof s.planned === 'number' && /LeadTime$/.test(s.option)
        ? duration(s.planned) : s.planned})`;
      lines.push(`  ${s.option}: ${s.code},${s.lowerBound ? ' // AT LEAST: the true peak is unknown' : ''}`);
      lines.push(comment(`  //   ${s.basis}${planned}`));
    }
    lines.push('}),');
  }
  if (tiers.length === 0) {
    lines.push('// Nothing to size: no setting had data.');
  }
  for (const n of sizing.notSized) {
    lines.push(wrap(`// not sized: ${n}`, Math.max(width, 60), '//   '));
  }
  return lines.join('\n');
}
