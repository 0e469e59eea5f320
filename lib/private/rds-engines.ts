import { Token } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';

/** What the plans need to know of an RDS (instance) engine. */
export interface RdsEngineFacts {
  readonly family: 'postgres' | 'mysql';
  /** `RDS for PostgreSQL 17.5`, `RDS for MySQL 8.0.40`. */
  readonly label: string;
  /** The engine's default option group (`default:postgres-17`, `default:mysql-8-0`). */
  readonly optionGroupName: string;
  /** The engine's default parameter group (`default.postgres17`, `default.mysql8.0`). */
  readonly defaultParameterGroupName?: string;
}

/**
 * An RDS instance engine's facts, or a problem sentence when the plans cannot use it (not
 * PostgreSQL or MySQL, or its version is unknown).
 */
export function rdsEngineFacts(engine: rds.IInstanceEngine | undefined): RdsEngineFacts | string {
  if (!engine) {
    return 'the instance\'s engine is unknown: give `engine` (e.g. rds.DatabaseInstanceEngine.postgres({ version })), '
      + 'or import the instance with `engine` in fromDatabaseInstanceAttributes';
  }
  const family = engine.engineType === 'postgres' ? 'postgres' : engine.engineType === 'mysql' ? 'mysql' : undefined;
  if (!family) {
    return `engine ${engine.engineType} is not supported; event plans support RDS for PostgreSQL and RDS for MySQL`;
  }
  const version = engine.engineVersion;
  if (!version?.majorVersion || Token.isUnresolved(version.majorVersion)) {
    return `the ${engine.engineType} engine has no version: give the engine with its version`;
  }
  const name = family === 'postgres' ? 'PostgreSQL' : 'MySQL';
  return {
    family,
    label: `RDS for ${name} ${version.fullVersion}`,
    optionGroupName: `default:${family}-${version.majorVersion.replace(/\./g, '-')}`,
    defaultParameterGroupName: engine.parameterGroupFamily ? `default.${engine.parameterGroupFamily}` : undefined,
  };
}
