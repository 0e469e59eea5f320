import { Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/**
 * A construct property's value when it is known at synth time: undefined when it is absent or
 * refers to anything deployed (a Ref, Fn::GetAtt, Fn::ImportValue...). Lazy values (aws-cdk-lib
 * renders several L1 properties lazily) are resolved in `scope`'s stack first. Reading another
 * stack's property this way never adds a cross-stack reference.
 */
export function literalOf<T>(value: T | undefined, scope?: IConstruct): T | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const resolved = Token.isUnresolved(value) || (typeof value === 'object' && scope) ? resolveIn(value, scope) : value;
  return resolved === undefined || hasIntrinsic(resolved) ? undefined : resolved as T;
}

function resolveIn(value: unknown, scope: IConstruct | undefined): unknown {
  if (!scope) {
    return undefined;
  }
  try {
    return Stack.of(scope).resolve(value);
  } catch {
    return undefined;
  }
}

/** True when a resolved value holds a CloudFormation intrinsic (or a pseudo parameter). */
function hasIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(hasIntrinsic);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k === 'Ref' || k.startsWith('Fn::') || hasIntrinsic(v));
  }
  return typeof value === 'string' && Token.isUnresolved(value);
}

/** A number from a literal number or numeric string (L1 properties such as AllocatedStorage are strings). */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** An L2 of another stack must be in the readiness stack's account and Region (the schedules call the APIs there). */
export function sameEnvironmentProblems(scope: Construct, resource: IConstruct): string[] {
  const own = Stack.of(scope);
  const other = Stack.of(resource);
  const problems: string[] = [];
  for (const key of ['account', 'region'] as const) {
    if (!Token.isUnresolved(own[key]) && !Token.isUnresolved(other[key]) && own[key] !== other[key]) {
      problems.push(`the resource is in ${key} ${other[key]} (stack ${other.node.path}) but the event's stack is in ${own[key]}: `
        + 'schedules call the APIs in their own account and Region');
    }
  }
  return problems;
}
