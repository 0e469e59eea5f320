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
 * - Aurora MySQL: AWS's table by maximum ACU (see {@link auroraMysqlMaxConnections}); no cap for a low minimum.
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
  return {
    value: auroraMysqlMaxConnections(capacity.maxCapacity),
    basis: `${everyday}, as AWS lists it for Aurora MySQL (a lower bound between the maxima it lists)`,
  };
}

/**
 * Aurora MySQL Serverless v2's default max_connections by maximum ACU, as the Aurora user guide
 * lists it ("Performance and scaling for Aurora Serverless v2"): the default parameter group's
 * `GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})`
 * evaluated on the memory of the maximum ACU.
 */
const AURORA_MYSQL_SERVERLESS_MAX_CONNECTIONS: [number, number][] = [
  [1, 90], [4, 135], [8, 1000], [16, 2000], [32, 3000], [64, 4000], [128, 5000],
];

/**
 * Aurora MySQL's max_connections at a maximum ACU: the listed value at the largest listed
 * maximum at or below it (max_connections only grows with memory, so between listed values this
 * is a lower bound, and from 128 ACU up it is the 5,000 listed for 128).
 */
export function auroraMysqlMaxConnections(maxCapacity: number): number {
  const listed = AURORA_MYSQL_SERVERLESS_MAX_CONNECTIONS.filter(([acu]) => acu <= maxCapacity).pop();
  return listed ? listed[1] : AURORA_MYSQL_SERVERLESS_MAX_CONNECTIONS[0][1];
}
