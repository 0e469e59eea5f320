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
 * Default max_connections of Aurora Serverless v2 by maximum ACU, as the Aurora user guide lists it
 * ("Performance and scaling for Aurora Serverless v2", maximum connections table). The engines
 * evaluate their default formulas on the memory of the maximum ACU (DBInstanceClassMemory, a little
 * below 2 GiB per ACU); between the listed maxima the formula's own shape interpolates them.
 */
export const AURORA_SERVERLESS_MAX_CONNECTIONS: { [family in AuroraFamily]: [number, number][] } = {
  postgres: [[1, 189], [4, 823], [8, 1669], [16, 3360], [32, 5000], [64, 5000], [128, 5000]],
  mysql: [[1, 90], [4, 135], [8, 1000], [16, 2000], [32, 3000], [64, 4000], [128, 5000]],
};

/**
 * Estimated max_connections per instance of a Serverless v2 cluster, fixed at boot from the
 * everyday maximum ACU, with how it was derived.
 * - Aurora PostgreSQL: `LEAST({DBInstanceClassMemory/9531392}, 5000)`, linear in memory up to the
 *   cap, so AWS's listed values are interpolated linearly; at most 2,000 while the minimum is below 1 ACU.
 * - Aurora MySQL: `GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})`
 *   (log base 2), which AWS's listed values fit as `GREATEST(90 + 22.5 log2(ACU), 1000 + 1000 log2(ACU / 8))`;
 *   at most 16,000, no cap for a low minimum.
 */
export function estimateAuroraMaxConnections(family: AuroraFamily, capacity: AcuBounds): { value: number; basis: string } {
  const max = capacity.maxCapacity;
  const everyday = `fixed at boot from the everyday maximum of ${max} ACU`;
  if (family === 'postgres') {
    const byMemory = Math.floor(interpolate(AURORA_SERVERLESS_MAX_CONNECTIONS.postgres, max));
    return capacity.minCapacity < 1 && byMemory > 2000
      ? { value: 2000, basis: `${everyday} and capped at 2,000 while the minimum is below 1 ACU` }
      : { value: byMemory, basis: everyday };
  }
  const value = Math.min(Math.floor(Math.max(90 + 22.5 * Math.log2(max), 1000 + 1000 * Math.log2(max / 8))), 16000);
  return { value, basis: everyday };
}

/** Linear interpolation of (x, y) points sorted by x; the last y beyond the last point. */
function interpolate(points: [number, number][], x: number): number {
  const upper = points.findIndex(([px]) => px >= x);
  if (upper === -1) {
    return points[points.length - 1][1];
  }
  if (upper === 0) {
    return points[0][1];
  }
  const [x0, y0] = points[upper - 1];
  const [x1, y1] = points[upper];
  return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}
