import { EventPlanChange, EventPlanTier } from '../readiness/plan-document';
import { acuRangeIn, perSecondIn, storageIn } from './plan-values';

/** One step line: a value from each instant on (the first point may be at -Infinity: the value before the plan). */
export interface Series {
  readonly name: string;
  readonly points: Array<[number, number]>;
}

/** How a lane draws its setting. */
export type LaneKind = 'steps' | 'band' | 'labels';

/** A scale-up's expected completion: when it fires plus its lead time. */
export interface ReadyMark {
  readonly firesAt: number;
  readonly readyAt: number;
  /** False when the step was past at synth (not scheduled). */
  readonly scheduled: boolean;
}

/** One lane of the chart: one setting of one tier. */
export interface Lane {
  readonly tier: string;
  readonly setting: string;
  readonly kind: LaneKind;
  /**
   * `steps`: one line per series (e.g. warm throughput and the cost cap of one side).
   * `band`: two series, the minimum and the maximum.
   * `labels`: one series of levels (0, 1, …), named by `levels`.
   */
  readonly series: Series[];
  /** For `labels`: the name of each level. */
  readonly levels?: string[];
  /** True when every value is a whole number (counts): ticks are whole numbers too. */
  readonly integer: boolean;
  readonly ready: ReadyMark[];
}

/**
 * The numeric settings of a tier's changes, as step lines (`event replica 3` joins `event
 * replica`); settings without a number (instance class) are left out. Used by the chart.
 */
export function seriesOf(changes: EventPlanChange[]): Series[] {
  const bySetting = new Map<string, Array<[number, number]>>();
  for (const c of byTime(changes)) {
    if (c.afterValue === undefined) {
      continue;
    }
    const name = c.setting.replace(/ \d+$/, '');
    const points = bySetting.get(name) ?? [];
    const from = c.beforeValue ?? Number(c.before);
    if (points.length === 0 && c.before.trim() !== '' && Number.isFinite(from)) {
      points.push([Number.NEGATIVE_INFINITY, from]);
    }
    points.push([Date.parse(c.atUtc), c.afterValue]);
    bySetting.set(name, points);
  }
  return [...bySetting].map(([name, points]) => ({ name, points }));
}

/**
 * Every setting a tier's changes touch, as lanes: numbers as step lines, the ACU range as a
 * band, warm throughput with the cost cap of the same side, storage IOPS and throughput, and
 * settings without a number (the instance class) as labelled levels.
 */
export function lanesOf(tier: EventPlanTier): Lane[] {
  const changes = byTime(tier.changes);
  const groups = new Map<string, EventPlanChange[]>();
  for (const c of changes) {
    // A Region's event replicas share a lane, their count; the calls that put one in its parameter group mark when it is ready.
    const elsewhere = /^event replica \d+ in ([a-z0-9-]+)(?::.*)?$/.exec(c.setting);
    const key = elsewhere ? `event replicas in ${elsewhere[1]}` : c.setting.replace(/ \d+$/, '');
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const lanes: Lane[] = [];
  const ready = (list: EventPlanChange[]) => list.filter((c) => c.direction === 'SCALE_UP')
    .map((c) => ({ firesAt: Date.parse(c.atUtc), readyAt: Date.parse(c.atUtc) + c.leadTimeSeconds * 1000, scheduled: c.scheduled }));
  const lane = (setting: string, kind: LaneKind, series: Series[], list: EventPlanChange[], levels?: string[]) => {
    const values = series.flatMap((s) => s.points.map(([, v]) => v));
    lanes.push({ tier: tier.name, setting, kind, series, levels, integer: values.every(Number.isInteger), ready: ready(list) });
  };
  const table = [...(groups.get('warm throughput') ?? []), ...(groups.get('table cost cap') ?? [])];
  for (const [setting, list] of groups) {
    if (setting === 'ACU range') {
      const min = parsed(list, (text) => acuRangeIn(text)?.min);
      const max = parsed(list, (text) => acuRangeIn(text)?.max);
      lane('ACU range', 'band', [{ name: 'min', points: min }, { name: 'max', points: max }], list);
    } else if (setting === 'warm throughput' || setting === 'table cost cap') {
      if (setting === 'table cost cap' && groups.has('warm throughput')) {
        continue; // drawn with warm throughput
      }
      for (const side of ['read', 'write'] as const) {
        const warm = parsed(groups.get('warm throughput') ?? [], (text) => perSecondIn(text, side));
        const cap = parsed(groups.get('table cost cap') ?? [], (text) => perSecondIn(text, side));
        const series = [
          ...(warm.length > 0 ? [{ name: 'warm', points: warm }] : []),
          ...(cap.length > 0 ? [{ name: 'cap', points: cap }] : []),
        ];
        if (series.length > 0) {
          lane(`table ${side}s/s`, 'steps', series, table);
        }
      }
    } else if (setting === 'storage') {
      const iops = parsed(list, (text) => storageIn(text)?.iops);
      const throughput = parsed(list, (text) => storageIn(text)?.throughput);
      if (iops.length > 0) {
        lane('storage IOPS', 'steps', [{ name: 'IOPS', points: iops }], list);
      }
      if (throughput.length > 0) {
        lane('storage MiB/s', 'steps', [{ name: 'MiB/s', points: throughput }], list);
      }
    } else if (setting.startsWith('event replicas in ')) {
      const [series] = seriesOf(list.filter((c) => c.afterValue !== undefined).map((c) => ({ ...c, setting })));
      lane(setting, 'steps', [{ ...series, name: setting }], list);
    } else if (list.every((c) => c.afterValue !== undefined)) {
      const [series] = seriesOf(list);
      lane(/^event replica$/.test(setting) ? 'event replicas' : setting, 'steps', [{ ...series, name: setting }], list);
    } else {
      const names = [list[0].before, ...list.map((c) => c.after)].filter((n) => n.trim() !== '');
      const levels = orderLevels([...new Set(names)]);
      const points: Array<[number, number]> = [[Number.NEGATIVE_INFINITY, levels.indexOf(list[0].before)]];
      for (const c of list) {
        points.push([Date.parse(c.atUtc), levels.indexOf(c.after)]);
      }
      lane(setting, 'labels', [{ name: setting, points: points.filter(([, v]) => v >= 0) }], list, levels);
    }
  }
  return lanes;
}

/** The changes in firing order (stable for equal instants). */
function byTime(changes: EventPlanChange[]): EventPlanChange[] {
  return [...changes].sort((a, b) => Date.parse(a.atUtc) - Date.parse(b.atUtc));
}

/** A step line of a number read from each change's `before` (first) and `after` texts; unreadable values are skipped. */
function parsed(list: EventPlanChange[], read: (text: string) => number | undefined): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const first = list[0] && read(list[0].before);
  if (first !== undefined) {
    points.push([Number.NEGATIVE_INFINITY, first]);
  }
  for (const c of list) {
    const value = read(c.after);
    if (value !== undefined) {
      points.push([Date.parse(c.atUtc), value]);
    }
  }
  return points;
}

/** Instance classes by size (db.r7g.large < xlarge < 2xlarge …); other names in order of appearance. */
function orderLevels(names: string[]): string[] {
  const size = (name: string): number | undefined => {
    const m = /^db\.[a-z0-9-]+\.(\d*)(nano|micro|small|medium|large|xlarge|metal)$/.exec(name);
    if (!m) {
      return undefined;
    }
    const base: Record<string, number> = { nano: 0.0625, micro: 0.125, small: 0.25, medium: 0.5, large: 1, xlarge: 2, metal: 1024 };
    return base[m[2]] * (m[1] === '' ? 1 : Number(m[1]));
  };
  if (names.every((n) => size(n) !== undefined)) {
    return [...names].sort((a, b) => size(a)! - size(b)!);
  }
  return names;
}
