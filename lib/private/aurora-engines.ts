import { Token } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { MAX_ACU } from './limits';

/** The Aurora engines an event plan supports. */
export type AuroraFamily = 'postgres' | 'mysql';

/** What the plans need to know of an Aurora engine and version. */
export interface AuroraEngineFacts {
  readonly family: AuroraFamily;
  /** `Aurora PostgreSQL 17.5`, `Aurora MySQL 3.08.0`. */
  readonly label: string;
  /** The full version (`17.5`, `8.0.mysql_aurora.3.08.0`), or a token. */
  readonly fullVersion: string;
  readonly autoPauseSupported: boolean;
  readonly maxCapacityAllowed: number;
}

/**
 * An Aurora cluster engine's facts, or a problem sentence when the plans cannot use it (not
 * Aurora PostgreSQL or MySQL, or its version is unknown).
 */
export function auroraEngineFacts(engine: rds.IClusterEngine | undefined): AuroraEngineFacts | string {
  if (!engine) {
    return 'the cluster\'s engine is unknown: give `engine` (e.g. rds.DatabaseClusterEngine.auroraPostgres({ version })), '
      + 'or import the cluster with `engine` in fromDatabaseClusterAttributes';
  }
  const family = engine.engineType === 'aurora-postgresql' ? 'postgres'
    : engine.engineType === 'aurora-mysql' ? 'mysql' : undefined;
  if (!family) {
    return `engine ${engine.engineType} is not supported; event plans support Aurora PostgreSQL and Aurora MySQL`;
  }
  const fullVersion = engine.engineVersion?.fullVersion;
  if (fullVersion === undefined) {
    return `the ${engine.engineType} engine has no version: give the engine with its version`;
  }
  if (Token.isUnresolved(fullVersion)) {
    return { family, fullVersion, label: `Aurora ${family === 'postgres' ? 'PostgreSQL' : 'MySQL'}`, autoPauseSupported: true, maxCapacityAllowed: MAX_ACU };
  }
  if (family === 'postgres') {
    return {
      family, fullVersion, label: `Aurora PostgreSQL ${fullVersion}`,
      autoPauseSupported: auroraPostgresSupportsAutoPause(fullVersion),
      maxCapacityAllowed: auroraPostgresMaxCapacity(fullVersion),
    };
  }
  // Auto-pause: Aurora MySQL 3.08.0+; 256 ACU: 3.06.0+ (AWS's 256-ACU launch, October 2024), 128 before.
  const mysql = auroraMysqlVersion(fullVersion);
  return {
    family, fullVersion, label: `Aurora MySQL ${/mysql_aurora\.(.+)$/.exec(fullVersion)?.[1] ?? fullVersion}`,
    autoPauseSupported: mysql !== undefined && compare(mysql, [3, 8, 0]) >= 0,
    maxCapacityAllowed: mysql !== undefined && compare(mysql, [3, 6, 0]) >= 0 ? 256 : 128,
  };
}

/** Auto-pause (min 0 ACU): Aurora PostgreSQL 17+, 16.3+, 15.7+, 14.12+, 13.15+. */
export function auroraPostgresSupportsAutoPause(fullVersion: string): boolean {
  return auroraPostgresAtLeast(fullVersion, { 13: 15, 14: 12, 15: 7, 16: 3 });
}

/** 256 ACU: Aurora PostgreSQL 17+, 16.1+, 15.5+, 14.10+, 13.13+; 128 before. */
export function auroraPostgresMaxCapacity(fullVersion: string): number {
  return auroraPostgresAtLeast(fullVersion, { 13: 13, 14: 10, 15: 5, 16: 1 }) ? 256 : 128;
}

/** True when a version is 17+ or at least the given minor of its major. */
function auroraPostgresAtLeast(fullVersion: string, firstMinor: { [major: number]: number }): boolean {
  const m = /^(\d+)\.(\d+)/.exec(fullVersion);
  if (!m) {
    return false;
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major >= 17 || (firstMinor[major] !== undefined && minor >= firstMinor[major]);
}

/** `8.0.mysql_aurora.3.08.0` → [3, 8, 0]. */
function auroraMysqlVersion(fullVersion: string): number[] | undefined {
  const m = /mysql_aurora\.(\d+)\.(\d+)\.(\d+)/.exec(fullVersion);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** A capacity range's everyday bounds, as the max_connections estimate needs them. */
export interface AcuBounds {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/**
 * Estimated max_connections per instance of a Serverless v2 cluster, fixed at boot from the
 * everyday maximum ACU (2 GiB of memory per ACU), with how it was derived.
 * - Aurora PostgreSQL: `LEAST({DBInstanceClassMemory/9531392}, 5000)`, at most 2,000 while the
 *   minimum is below 1 ACU.
 * - Aurora MySQL: see {@link auroraMysqlMaxConnections}.
 */
export function estimateAuroraMaxConnections(family: AuroraFamily, capacity: AcuBounds): { value: number; basis: string } {
  const memory = capacity.maxCapacity * 2 * 1024 ** 3;
  const everyday = `fixed at boot from the everyday maximum of ${capacity.maxCapacity} ACU`;
  if (family === 'postgres') {
    const byMemory = Math.min(Math.floor(memory / 9531392), 5000);
    return capacity.minCapacity < 1
      ? { value: Math.min(byMemory, 2000), basis: `${everyday} and capped at 2,000 while the minimum is below 1 ACU` }
      : { value: byMemory, basis: everyday };
  }
  return { value: auroraMysqlMaxConnections(memory), basis: everyday };
}

/**
 * Aurora MySQL's default max_connections for an instance's memory (bytes): the default parameter
 * group's `GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})`
 * (log base 2: 1,000 at 16 GiB, 2,000 at 32 GiB, as the Aurora MySQL user guide's table lists),
 * at most 16,000. It is computed from the nominal memory, which DBInstanceClassMemory is a little
 * below, so it errs a few percent high.
 */
export function auroraMysqlMaxConnections(memoryBytes: number): number {
  const byMemory = Math.max(Math.log2(memoryBytes / 805306368) * 45, Math.log2(memoryBytes / 8187281408) * 1000);
  return Math.min(Math.floor(byMemory), 16000);
}
