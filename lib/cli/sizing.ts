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
/** gp3's baseline: a storage peak below it is no change. */
const GP3_BASELINE = { iops: 3000, throughput: 125 };
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
  /** The value: a number, or a class name (`db.r7g.8xlarge`). */
  readonly value: number | string;
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
  const warm = new Map<string, { read?: Suggestion; write?: Suggestion }>();
  for (const s of review.settings) {
    const suggestion = suggest(s, options, window);
    if (typeof suggestion === 'string') {
      notSized.push(`${s.tier} · ${settingName(s.kind)}: ${suggestion}`);
      continue;
    }
    if (s.table?.capped !== false) {
      suggestions.push(suggestion);
    }
    if (s.table?.warm) {
      warm.set(s.tier, { ...warm.get(s.tier), [s.kind === 'table-reads' ? 'read' : 'write']: suggestion });
    }
  }
  for (const [tier, sides] of warm) {
    suggestions.push(warmFor(tier, sides));
  }
  for (const lead of leadTimes(review)) {
    suggestions.push(lead);
  }
  return { growth: options.growth, target: options.target, suggestions, notSized };
}

function suggest(s: SettingReview, { growth, target }: SizingOptions, window: string): Suggestion | string {
  if (s.verdict === 'NO DATA' || !s.peak || !s.basis) {
    return `no data to size from (${s.unseen.join('; ') || 'nothing read'}): keep the plan's`;
  }
  const peak = s.peak.value;
  const needed = (peak * growth) / target;
  const basis = (observed: string) => `${observed} × ${growth} growth ÷ ${Math.round(target * 100)} % target; `
    + `${s.basis!.metric}${s.basis!.derivation ? ` (${s.basis!.derivation})` : ''}, ${s.basis!.periodSeconds} s periods, ${window}`
    + (s.saturated ? `; ${s.saturation}, so at least the plan's peak` : '');
  const common = { tier: s.tier, option: OPTION[s.kind], lowerBound: s.saturated };
  switch (s.kind) {
    case 'provisioned-concurrency':
    case 'table-reads':
    case 'table-writes':
    case 'storage-iops':
    case 'storage-throughput': {
      const floor = s.kind === 'storage-iops' ? GP3_BASELINE.iops : s.kind === 'storage-throughput' ? GP3_BASELINE.throughput : 0;
      let value = Math.max(ceil(needed), floor);
      if (s.saturated) {
        value = Math.max(value, s.plannedPeak);
      }
      return { ...common, value, code: String(value), planned: s.plannedPeak, basis: basis(`peak ${fmt(peak)} ${s.unit} at ${s.peak.at}`) };
    }
    case 'acu': {
      let max = Math.min(MAX_ACU, Math.max(1, ceil(needed, 0.5)));
      if (s.saturated) {
        max = Math.max(max, s.plannedPeak);
      }
      // The event's minimum is the plan's (what keeps caches warm), never above the new maximum.
      const plannedMin = /^(\d+(?:\.\d+)?)-/.exec(s.plannedPeakLabel ?? '')?.[1];
      const min = Math.min(plannedMin === undefined ? 0.5 : Number(plannedMin), max);
      const beyond = needed > MAX_ACU ? `; the grown peak needs ${fmt(needed)} ACU, above Aurora's ${MAX_ACU}: add readers or split the load` : '';
      return { ...common, value: max, code: `AcuRange.between(${min}, ${max})`, planned: s.plannedPeakLabel ?? s.plannedPeak,
        basis: basis(`peak ${fmt(peak)} ACU at ${s.peak.at}`) + `; the minimum stays the plan's${beyond}` };
    }
    case 'instance-cpu': {
      const current = s.peak.capacityLabel;
      const chosen = current && classFor(current, needed, s.saturated ? current : undefined);
      if (!chosen) {
        return `the class ${current ?? 'in force'} is not one this CLI sizes: keep the plan's`;
      }
      const planned = s.plannedPeakLabel;
      // Saturated: one size above the class that saturated, and never below the plan's peak class.
      const plannedClass = planned === undefined ? undefined : parseInstanceClass(planned);
      const name = s.saturated && plannedClass && vcpusOf(plannedClass) > vcpusOf(parseInstanceClass(chosen.name)!) ? plannedClass.name : chosen.name;
      return { ...common, value: name, code: `new ec2.InstanceType('${name.replace(/^db\./, '')}')`, planned,
        basis: basis(`peak CPU ${fmt(s.peakPercent ?? 0)} % of ${current} (${fmt(peak)} vCPUs) at ${s.peak.at}`)
          + `: ${fmt(needed)} vCPUs needed` + (chosen.beyondFamily ? `; beyond the family's largest class (${name}): add read replicas or change family` : '') };
    }
  }
}

/**
 * A table's warm throughput, when the plan raised it: each side at the same per-second figure as
 * its suggestion (the grown peak at the target), so the peak meets warm partitions.
 */
function warmFor(tier: string, sides: { read?: Suggestion; write?: Suggestion }): Suggestion {
  const members = [
    ...sides.read ? [`readUnitsPerSecond: ${sides.read.value}`] : [],
    ...sides.write ? [`writeUnitsPerSecond: ${sides.write.value}`] : [],
  ];
  return {
    tier, option: 'warmThroughput', value: Number((sides.read ?? sides.write)!.value), lowerBound: Boolean(sides.read?.lowerBound || sides.write?.lowerBound),
    code: `{ ${members.join(', ')} }`,
    basis: [...sides.read ? [`reads: ${sides.read.basis}`] : [], ...sides.write ? [`writes: ${sides.write.basis}`] : []].join('; ')
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
