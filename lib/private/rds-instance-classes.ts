/**
 * Instance classes RDS for PostgreSQL offers (current generations, late 2026), with the
 * sizes of each family in ascending order, and the memory per vCPU used to estimate
 * max_connections. Not exported from the package.
 */

/** RDS for PostgreSQL allows at most this many read replicas per source instance. */
export const MAX_RDS_READ_REPLICAS = 15;

const SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge',
  '16xlarge', '24xlarge', '32xlarge', '48xlarge'];

const UP_TO = (last: string) => SIZES.slice(SIZES.indexOf('large'), SIZES.indexOf(last) + 1);
const BURSTABLE = SIZES.slice(0, SIZES.indexOf('2xlarge') + 1);

/** family → sizes offered, ascending. */
const FAMILIES: { [family: string]: string[] } = {
  't3': BURSTABLE,
  't4g': BURSTABLE,
  'm5': UP_TO('24xlarge'),
  'm6g': UP_TO('16xlarge'),
  'm6gd': UP_TO('16xlarge'),
  'm6i': UP_TO('32xlarge'),
  'm6id': UP_TO('32xlarge'),
  'm7g': UP_TO('16xlarge'),
  'm7i': UP_TO('48xlarge').filter((s) => s !== '32xlarge'),
  'm8g': UP_TO('48xlarge').filter((s) => s !== '32xlarge'),
  'r5': UP_TO('24xlarge'),
  'r6g': UP_TO('16xlarge'),
  'r6gd': UP_TO('16xlarge'),
  'r6i': UP_TO('32xlarge'),
  'r6id': UP_TO('32xlarge'),
  'r7g': UP_TO('16xlarge'),
  'r7i': UP_TO('48xlarge').filter((s) => s !== '32xlarge'),
  'r8g': UP_TO('48xlarge').filter((s) => s !== '32xlarge'),
  'x2g': UP_TO('16xlarge'),
};

/** A parsed instance class such as `r7g.16xlarge` (with or without `db.`). */
export interface RdsInstanceClass {
  readonly family: string;
  readonly size: string;
  /** `db.r7g.16xlarge`. */
  readonly name: string;
}

/** Parses a class; undefined when RDS for PostgreSQL does not offer it. */
export function parseInstanceClass(text: string): RdsInstanceClass | undefined {
  const m = /^(?:db\.)?([a-z0-9]+)\.([a-z0-9]+)$/.exec(text);
  if (!m || !FAMILIES[m[1]]?.includes(m[2])) {
    return undefined;
  }
  return { family: m[1], size: m[2], name: `db.${m[1]}.${m[2]}` };
}

/** The families offered, for error messages. */
export function offeredFamilies(): string[] {
  return Object.keys(FAMILIES);
}

/** Sizes offered in a family, ascending. */
export function sizesOf(family: string): string[] {
  return FAMILIES[family] ?? [];
}

/** A size's relative capacity: large 1, xlarge 2, Nxlarge 2N, medium 1/2, small 1/4, micro 1/8. */
function rank(size: string): number {
  const named: { [s: string]: number } = { micro: 0.125, small: 0.25, medium: 0.5, large: 1, xlarge: 2 };
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 2 : named[size];
}

/** Orders two sizes: negative when a is smaller. */
export function compareSizes(a: string, b: string): number {
  return rank(a) - rank(b);
}

/** vCPUs of a non-burstable size: large 2, xlarge 4, Nxlarge 4N. */
function vcpus(size: string): number {
  return rank(size) * 2;
}

/** vCPUs of a class (burstable classes too: micro to large 2, xlarge 4, 2xlarge 8). */
export function vcpusOf(c: RdsInstanceClass): number {
  if (c.family === 't3' || c.family === 't4g') {
    return { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 }[c.size]!;
  }
  return vcpus(c.size);
}

/** Memory of a class in GiB. */
export function memoryGiB(c: RdsInstanceClass): number {
  if (c.family === 't3' || c.family === 't4g') {
    return { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 }[c.size]!;
  }
  const perVcpu = c.family.startsWith('x') ? 16 : c.family.startsWith('r') ? 8 : 4;
  return vcpus(c.size) * perVcpu;
}

/**
 * RDS's formulas read `DBInstanceClassMemory`: the class's memory less what the operating system
 * and RDS's own processes keep, which AWS does not publish per class. So a value computed from
 * the class's nominal memory is an UPPER bound. For a LOWER estimate, wherever being optimistic
 * would hide a problem (the connections alarm, the hot-standby rule), the plans take the OS and
 * RDS to keep this share of the memory, and at least MIN_RESERVED_MEMORY_BYTES (small classes
 * keep a larger share: reports of db.t3.micro show 60-80 connections against the formula's 112).
 * An estimate, not AWS's figure: pin max_connections in the parameter group for an exact value.
 */
export const RESERVED_MEMORY_SHARE = 0.1;
/** The least memory the OS and RDS are taken to keep on any class (see RESERVED_MEMORY_SHARE). */
export const MIN_RESERVED_MEMORY_BYTES = 512 * 1024 ** 2;

/** The memory RDS is estimated to leave the engine on a class, at the low end. */
function estimatedClassMemoryBytes(c: RdsInstanceClass): number {
  const nominal = memoryGiB(c) * 1024 ** 3;
  return nominal - Math.max(nominal * RESERVED_MEMORY_SHARE, MIN_RESERVED_MEMORY_BYTES);
}

/** Which end of a class-derived value: the formula on the nominal memory, or on the low estimate of what is left. */
export type Bound = 'upper' | 'lower';

/**
 * The default max_connections of the engine's default parameter group on a class: RDS for
 * PostgreSQL `LEAST({DBInstanceClassMemory/9531392}, 5000)`, RDS for MySQL
 * `{DBInstanceClassMemory/12582880}`, at the bound asked for (see RESERVED_MEMORY_SHARE).
 */
export function defaultMaxConnections(c: RdsInstanceClass, engine: 'postgres' | 'mysql' = 'postgres', bound: Bound = 'upper'): number {
  const memory = bound === 'lower' ? estimatedClassMemoryBytes(c) : memoryGiB(c) * 1024 ** 3;
  return engine === 'mysql' ? Math.floor(memory / 12582880) : Math.min(Math.floor(memory / 9531392), 5000);
}

/**
 * max_connections on a class: the parameter group's value when it sets one (exact), else the
 * default formula's at the bound asked for.
 */
export function maxConnectionsFor(c: RdsInstanceClass, parameters: { [name: string]: string },
  engine: 'postgres' | 'mysql' = 'postgres', bound: Bound = 'upper'): number {
  const explicit = Number(parameters.max_connections);
  return Number.isInteger(explicit) && explicit > 0 ? explicit : defaultMaxConnections(c, engine, bound);
}

/**
 * The default ladder from `peak` down to `baseline` (same family): halve the size each
 * step, taking the largest offered size at or below the half. Includes both ends.
 */
export function halvingLadder(peak: RdsInstanceClass, baseline: RdsInstanceClass): RdsInstanceClass[] {
  const descending = [...sizesOf(peak.family)].reverse();
  const ladder = [peak];
  let current = peak.size;
  while (compareSizes(current, baseline.size) > 0) {
    const half = rank(current) / 2;
    const next = descending.find((s) => rank(s) <= half) ?? baseline.size;
    current = compareSizes(next, baseline.size) < 0 ? baseline.size : next;
    ladder.push({ family: peak.family, size: current, name: `db.${peak.family}.${current}` });
  }
  return ladder;
}

/**
 * gp3 rules for RDS: IOPS and throughput are settable only from 400 GiB (12,000 IOPS and
 * 500 MiB/s included there); IOPS up to 64,000 and 500 per GiB; throughput up to 4,000 MiB/s
 * and 0.25 MiB/s per IOPS.
 */
export function gp3Problems(fields: { iops: string; throughput: string }, storageGiB: number, iops?: number,
  throughput?: number): string[] {
  const problems: string[] = [];
  if ((iops !== undefined || throughput !== undefined) && storageGiB < 400) {
    problems.push(`${fields.iops} and ${fields.throughput} need at least 400 GiB of gp3 storage (below it gp3 has a fixed `
      + `3,000 IOPS and 125 MiB/s), got ${storageGiB} GiB`);
    return problems;
  }
  if (iops !== undefined && (!Number.isInteger(iops) || iops < 12000 || iops > 64000 || iops > storageGiB * 500)) {
    problems.push(`${fields.iops} must be a whole number from 12,000 to 64,000 and at most 500 per GiB `
      + `(${storageGiB * 500} for ${storageGiB} GiB), got ${iops}`);
  }
  if (throughput !== undefined && (!Number.isInteger(throughput) || throughput < 500 || throughput > 4000)) {
    problems.push(`${fields.throughput} must be a whole number of MiB/s from 500 to 4,000, got ${throughput}`);
  }
  if (iops !== undefined && throughput !== undefined && throughput > iops * 0.25) {
    problems.push(`${fields.throughput} (${throughput} MiB/s) must be at most 0.25 MiB/s per IOPS `
      + `(${iops * 0.25} for ${iops} IOPS)`);
  }
  return problems;
}

/**
 * The settings a PostgreSQL hot standby needs at least as high as its primary's, or replay
 * pauses (PostgreSQL docs, "Hot Standby": max_connections, max_prepared_transactions,
 * max_locks_per_transaction, max_wal_senders, max_worker_processes). RDS's defaults: class-
 * derived for max_connections and max_worker_processes, fixed for the others.
 */
export const HOT_STANDBY_PARAMETERS = ['max_connections', 'max_worker_processes', 'max_prepared_transactions',
  'max_locks_per_transaction', 'max_wal_senders'];

/**
 * A hot-standby parameter's value on a class: the parameter group's number, or RDS for
 * PostgreSQL's default; undefined when the group sets it to a formula this cannot evaluate.
 */
export function hotStandbyValue(name: string, c: RdsInstanceClass, parameters: { [name: string]: string },
  bound: Bound = 'upper'): number | undefined {
  const given = parameters[name];
  if (given !== undefined) {
    return /^\d+$/.test(given.trim()) ? Number(given) : undefined;
  }
  switch (name) {
    case 'max_connections': return defaultMaxConnections(c, 'postgres', bound);
    // GREATEST(${DBInstanceVCPU*2}, 8); burstable classes have at least 2 vCPUs.
    case 'max_worker_processes': return Math.max(Math.max(vcpus(c.size), 2) * 2, 8);
    // Fixed defaults, the same on every class: what matters here is that they do not vary.
    case 'max_prepared_transactions': return 0;
    case 'max_locks_per_transaction': return 64;
    case 'max_wal_senders': return 35;
    default: return undefined;
  }
}
