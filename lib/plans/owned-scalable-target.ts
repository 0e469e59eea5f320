import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { IConstruct } from 'constructs';
import { isEventTarget } from '../private/event-targets';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';
import { ExistingScalableTarget } from './scheduled-change';

/**
 * The scalable target a team registered for a resource anywhere in the app, with its bounds: one
 * the resource made itself (`alias.addAutoScaling(...)`, `service.autoScaleTaskCount(...)` put it
 * under the resource), or a `CfnScalableTarget` in any stack naming the same resource and
 * dimension; undefined when there is none. Resource IDs are compared as CloudFormation would make
 * them, a reference to a function, alias, cluster or service with a literal name read as that
 * name, so `function:orders:live` and `function:${fn.functionName}:live` are one. Targets events
 * register are not the team's. Read when the event binds the plan: a target registered after it is
 * not seen.
 */
export function teamScalableTarget(resource: IConstruct, resourceId: string, scalableDimension: string): ExistingScalableTarget | undefined {
  const stack = Stack.of(resource);
  const candidates = resource.node.root.node.findAll().filter((c): c is appscaling.CfnScalableTarget =>
    c instanceof appscaling.CfnScalableTarget && !isEventTarget(c) && c.scalableDimension === scalableDimension);
  if (candidates.length === 0) {
    return undefined; // nothing to compare (the usual case): no resource ID is evaluated
  }
  // RDS keeps cluster identifiers in lower case; other services' names are case-sensitive.
  const fold = (id: string) => (scalableDimension.startsWith('rds:') ? id.toLowerCase() : id);
  const wanted = fold(evaluated(stack, stack.resolve(resourceId)));
  const found = candidates.filter((c) => c.node.scopes.includes(resource) || fold(idOf(c)) === wanted);
  if (found.length === 0) {
    return undefined;
  }
  const t = found[0];
  if (found.length > 1 || Token.isUnresolved(t.minCapacity) || Token.isUnresolved(t.maxCapacity)) {
    throw new ValidationError(`${found.map((f) => f.node.path).join(' and ')} register${found.length > 1 ? '' : 's'} the scalable target `
      + `${scalableDimension} of ${resource.node.path}` + (found.length > 1 ? ' more than once' : ', with a minimum or maximum not known at synth')
      + ': an event restores the owner\'s bounds at baseline, so it must know them', resource);
  }
  if (t.scheduledActions !== undefined && (!Array.isArray(t.scheduledActions) || t.scheduledActions.length > 0)) {
    warn(resource, 'owner-scheduled-actions', `${t.node.path} has scheduled actions of its own: one that fires during an event sets `
      + 'the target\'s bounds over the event\'s until its next step. Move them outside the event\'s window, or accept this warning.');
  }
  return checkedOwner({ minCapacity: t.minCapacity, maxCapacity: t.maxCapacity }, t.node.path, resource);
}

/** A candidate target's resource ID, evaluated in its own stack; a placeholder when it cannot be resolved there. */
function idOf(target: appscaling.CfnScalableTarget): string {
  const stack = Stack.of(target);
  try {
    return evaluated(stack, stack.resolve(target.resourceId));
  } catch {
    return `<unresolvable ${target.node.path}>`;
  }
}

/** An owner's bounds as given or found: whole numbers from 0, the minimum at most the maximum. */
export function checkedOwner(owner: ExistingScalableTarget, what: string, scope: IConstruct): ExistingScalableTarget {
  if (Token.isUnresolved(owner.minCapacity) || Token.isUnresolved(owner.maxCapacity)) {
    throw new ValidationError(`${what}: minCapacity and maxCapacity must be numbers known at synth time (the event restores them at `
      + 'baseline), got a token', scope);
  }
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(owner.minCapacity) || !whole(owner.maxCapacity) || owner.minCapacity > owner.maxCapacity) {
    throw new ValidationError(`${what}: minCapacity and maxCapacity must be whole numbers from 0 with minCapacity <= maxCapacity, got `
      + `${owner.minCapacity}-${owner.maxCapacity}`, scope);
  }
  return owner;
}

/**
 * A resolved value as a string, the intrinsics a resource ID is built with evaluated: Fn::Join,
 * Fn::Select and Fn::Split, a Ref to a function (its FunctionName), an alias (its ARN), an ECS
 * cluster (its name) or a DB cluster (its identifier, which RDS keeps in lower case) with a literal
 * name, and an ECS service's Fn::GetAtt Name; any other Ref stays a placeholder of its logical ID,
 * equal only to itself.
 */
function evaluated(stack: Stack, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  const v = value as { [key: string]: any };
  if (Array.isArray(v)) {
    return `[${v.map((x) => evaluated(stack, x)).join(',')}]`;
  }
  if (v?.['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'];
    return (parts as unknown[]).map((p) => evaluated(stack, p)).join(sep);
  }
  if (v?.['Fn::Select'] && v['Fn::Select'][1]?.['Fn::Split']) {
    const [index, { 'Fn::Split': [sep, source] }] = v['Fn::Select'];
    return evaluated(stack, source).split(sep)[Number(index)] ?? '';
  }
  const literal = (x: unknown) => (typeof x === 'string' && !Token.isUnresolved(x) ? x : undefined);
  // A Ref to another stack's resource (before aws-cdk-lib turns it into an import) names that stack's logical ID.
  const inScope = (scope: IConstruct, logicalId: unknown) => scope.node.findAll()
    .find((c): c is CfnResource => c instanceof CfnResource && Stack.of(c).resolve(c.logicalId) === logicalId);
  const resourceOf = (logicalId: unknown) => inScope(stack, logicalId) ?? inScope(stack.node.root, logicalId);
  if (Array.isArray(v?.['Fn::GetAtt']) && v['Fn::GetAtt'][1] === 'Name') {
    // An ECS service's name (what `service.serviceName` gives in its own stack).
    const cfn = resourceOf(v['Fn::GetAtt'][0]);
    const name = cfn?.cfnResourceType === 'AWS::ECS::Service' ? literal((cfn as unknown as { serviceName?: unknown }).serviceName) : undefined;
    return name ?? JSON.stringify(v);
  }
  if (typeof v?.Ref === 'string') {
    const cfn = resourceOf(v.Ref);
    const props = (cfn as unknown as { [key: string]: any } | undefined);
    switch (cfn?.cfnResourceType) {
      case 'AWS::Lambda::Function': {
        const name = literal(props!.functionName);
        if (name) {
          return name;
        }
        break;
      }
      case 'AWS::Lambda::Alias':
        // Ref gives the alias's ARN: arn:<partition>:lambda:<region>:<account>:function:<function>:<alias>
        return `arn:p:lambda:r:a:function:${evaluated(stack, stack.resolve(props!.functionName))}:${evaluated(stack, stack.resolve(props!.name))}`;
      case 'AWS::ECS::Cluster': {
        const name = literal(props!.clusterName);
        if (name) {
          return name;
        }
        break;
      }
      case 'AWS::RDS::DBCluster': {
        const id = literal(props!.dbClusterIdentifier);
        if (id) {
          return id.toLowerCase();
        }
        break;
      }
    }
    return `<${v.Ref}>`;
  }
  return JSON.stringify(v);
}
