import { EventPlanDocument } from '../readiness/plan-document';
import { seriesOf } from './lanes';

/** A price for one unit-hour of a setting's value. */
export interface UnitPrice {
  /** What one unit-hour is, e.g. `ACU-hour (maximum)`. */
  readonly unit: string;
  /** Price of one unit-hour. */
  readonly price: number;
}

/** Prices per setting name (as the plan names settings: `ACU range`, `provisioned concurrency`). */
export interface PriceTable {
  /** When the prices were read. */
  readonly asOf: string;
  /** The Region they are for. */
  readonly region: string;
  /** The currency. */
  readonly currency: string;
  /** Where they come from. */
  readonly source: string;
  /** Setting name → price of one unit-hour. */
  readonly settings: { [setting: string]: UnitPrice };
}

/**
 * The shipped table: only prices that hold across configurations. Provisioned concurrency
 * is priced per GB of memory; the table assumes 1 GB (scale it with --prices for other sizes).
 * Settings without a price (instance classes, replicas, readers) get capacity-hours only.
 */
export const DEFAULT_PRICES: PriceTable = {
  asOf: '2026-11-01',
  region: 'us-east-1',
  currency: 'USD',
  source: 'AWS public on-demand prices; an estimate, check current pricing before relying on it',
  settings: {
    'provisioned concurrency': { unit: 'concurrency-hour at 1 GB', price: 0.015 },
    'ACU range': { unit: 'ACU-hour at the maximum (an upper bound: Aurora bills ACUs used)', price: 0.12 },
  },
};

/** Capacity-hours of one setting under the plan, against holding its peak for the whole window. */
export interface CostLine {
  readonly tier: string;
  readonly setting: string;
  /** Capacity-hours from prewarm to baseline under the plan. */
  readonly planned: number;
  /** Capacity-hours had the peak been held from prewarm to baseline. */
  readonly peakAllWindow: number;
  /** 1 − planned / peakAllWindow. */
  readonly saving: number;
  /** Priced, when the table has the setting. */
  readonly plannedCost?: number;
  readonly peakAllWindowCost?: number;
  readonly unit?: string;
}

/**
 * Integrates each numeric setting's step line from prewarm to baseline (the capacity the
 * plan pays for), and compares it with its peak held over the same span.
 */
export function estimateCosts(plan: EventPlanDocument, prices: PriceTable): CostLine[] {
  const from = Date.parse(plan.timeline[0].utc);
  const to = Date.parse(plan.timeline[plan.timeline.length - 1].utc);
  const hours = (ms: number) => ms / 3600_000;
  const lines: CostLine[] = [];
  for (const tier of plan.tiers) {
    for (const series of seriesOf(tier.changes)) {
      // the value in force at each instant, from prewarm (or the first change) to baseline
      const points = series.points.map(([t, v]) => [Math.max(t, from), v] as const);
      let planned = 0;
      for (let i = 0; i < points.length; i++) {
        const [t, v] = points[i];
        const next = i + 1 < points.length ? points[i + 1][0] : to;
        planned += v * hours(Math.max(0, Math.min(next, to) - t));
      }
      const peak = Math.max(...points.map(([, v]) => v));
      const peakAllWindow = peak * hours(to - from);
      const price = prices.settings[series.name];
      lines.push({
        tier: tier.name,
        setting: series.name,
        planned,
        peakAllWindow,
        saving: peakAllWindow > 0 ? 1 - planned / peakAllWindow : 0,
        plannedCost: price ? planned * price.price : undefined,
        peakAllWindowCost: price ? peakAllWindow * price.price : undefined,
        unit: price?.unit,
      });
    }
  }
  return lines;
}
