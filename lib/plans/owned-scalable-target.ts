import { Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { IConstruct } from 'constructs';
import { isEventTarget } from '../private/event-targets';
import { ValidationError } from '../private/validation-error';
import { ExistingScalableTarget } from './scheduled-change';

/**
 * The scalable target a team registered for a resource in the resource's own stack, with its
 * bounds: one the resource made itself (`alias.addAutoScaling(...)` puts it under the alias), or
 * a `CfnScalableTarget` elsewhere in the stack naming the same resource ID; undefined when there
 * is none. Targets events register are not the team's. Read when the event binds the plan: a
 * target registered after it is not seen.
 */
export function scalableTargetInStack(resource: IConstruct, resourceId: string, scalableDimension: string): ExistingScalableTarget | undefined {
  const stack = Stack.of(resource);
  const wanted = JSON.stringify(stack.resolve(resourceId));
  const under = (c: IConstruct) => c.node.scopes.includes(resource);
  const found = stack.node.findAll().filter((c): c is appscaling.CfnScalableTarget => c instanceof appscaling.CfnScalableTarget
    && !isEventTarget(c) && c.scalableDimension === scalableDimension && (under(c) || JSON.stringify(stack.resolve(c.resourceId)) === wanted));
  if (found.length === 0) {
    return undefined;
  }
  const t = found[0];
  if (found.length > 1 || Token.isUnresolved(t.minCapacity) || Token.isUnresolved(t.maxCapacity)) {
    throw new ValidationError(`${found.map((f) => f.node.path).join(' and ')} register${found.length > 1 ? '' : 's'} the scalable target `
      + `${scalableDimension} of ${resource.node.path}` + (found.length > 1 ? ' more than once' : ', with a minimum or maximum not known at synth')
      + ': an event restores the owner\'s bounds at baseline, so it must know them', resource);
  }
  return { minCapacity: t.minCapacity, maxCapacity: t.maxCapacity };
}
