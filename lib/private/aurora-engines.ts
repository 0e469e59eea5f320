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
  const mysql = auroraMysqlVersion(fullVersion);
  return {
    family, fullVersion, label: `Aurora MySQL ${mysql ? mysql.join('.') : fullVersion}`,
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
