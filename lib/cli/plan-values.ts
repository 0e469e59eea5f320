/**
 * The values the plans write as text in a change's `before` and `after` (an ACU range, a table's
 * reads and writes per second, storage IOPS and throughput), read back: one reader for the chart
 * and the economics. Each returns undefined for a text it does not read.
 */

/** `0.5-16 ACU`, `0-16 ACU, pauses after 5 minutes` (an AcuRange's text). */
export function acuRangeIn(text: string): { min: number; max: number } | undefined {
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?) ACU(?:,.*)?$/.exec(text);
  return m ? { min: Number(m[1]), max: Number(m[2]) } : undefined;
}

/**
 * The reads or writes per second a warm-throughput or cost-cap text names (`warm read 12000/s,
 * write 4000/s`, `write 5000/s`); undefined when it names none for that side.
 */
export function perSecondIn(text: string, side: 'read' | 'write'): number | undefined {
  const m = new RegExp(`\\b${side} (\\d+)/s`).exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * `40000 IOPS / 1000 MiB/s`, `baseline IOPS / 1000 MiB/s` (the RDS plan's storage text): a side
 * left undefined is the storage's baseline.
 */
export function storageIn(text: string): { iops?: number; throughput?: number } | undefined {
  const m = /^(\d+|baseline) IOPS \/ (\d+|baseline) MiB\/s$/.exec(text);
  return m ? { iops: m[1] === 'baseline' ? undefined : Number(m[1]), throughput: m[2] === 'baseline' ? undefined : Number(m[2]) } : undefined;
}
