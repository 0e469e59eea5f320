import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { literalOf, numberOf } from './literals';

/** A function's memory and architecture as Lambda bills them, when known at synth time. */
export interface FunctionBillingFacts {
  readonly memoryMiB?: number;
  readonly architecture?: string;
}

/**
 * The memory (MiB) and architecture of a function of the app (not an alias: its callers unwrap
 * one), read from its L1 with Lambda's defaults where the template leaves them out (128 MiB,
 * x86_64); nothing for an imported function.
 */
export function functionBillingFacts(fn: lambda.IFunction): FunctionBillingFacts {
  const cfn = fn.node.defaultChild instanceof lambda.CfnFunction ? fn.node.defaultChild : undefined;
  if (!cfn) {
    return {};
  }
  const memory = cfn.memorySize === undefined ? 128 : numberOf(literalOf(cfn.memorySize, cfn));
  const architectures = cfn.architectures === undefined ? ['x86_64'] : literalOf(cfn.architectures, cfn);
  return { memoryMiB: memory, architecture: Array.isArray(architectures) ? architectures[0] : undefined };
}

/**
 * An Aurora cluster's storage configuration (`aurora` or `aurora-iopt1`), read from its L1 (RDS's
 * default, Standard, where the template leaves it out); nothing for an imported cluster.
 */
export function auroraStorageTypeOf(cluster: rds.IDatabaseCluster): string | undefined {
  const cfn = cluster.node.defaultChild instanceof rds.CfnDBCluster ? cluster.node.defaultChild : undefined;
  if (!cfn) {
    return undefined;
  }
  return cfn.storageType === undefined ? 'aurora' : literalOf(cfn.storageType, cfn);
}
