import {
  CfnElement, CfnOutput, DefaultTokenResolver, Fn, IPostProcessor, IResolvable, IResolveContext, Reference, Stack,
  StringConcat, Token, Tokenization,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** A token resolver that remembers every reference it meets. */
class ReferenceCollector extends DefaultTokenResolver {
  public readonly references = new Set<Reference>();

  constructor() {
    super(new StringConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t)) {
      this.references.add(t);
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

/**
 * Keeps `consumer`'s stack referencing every attribute of another stack that `values` use,
 * whether or not anything else in the stack still does, in one output (`id`).
 *
 * A readiness stack drops a schedule once its step is past, and with it the references the
 * schedule held. Left to aws-cdk-lib, the tier stack would then lose the exports (or, with weak
 * references, the outputs) behind them: its template would change with the clock, and with
 * strong references a deploy of it mid-event would fail (CloudFormation does not delete an
 * export the deployed readiness stack still imports). Referenced from an output, they stay, as
 * strong or weak references, whichever the stack consumes.
 */
export function keepReferenced(consumer: Construct, id: string, description: string, values: unknown[]): void {
  const collector = new ReferenceCollector();
  const own = Stack.of(consumer);
  Tokenization.resolve(values, { scope: consumer, resolver: collector, preparing: true });
  // One entry per attribute: two references to the same attribute resolve alike in its stack.
  const foreign = new Map<string, Reference>();
  for (const ref of collector.references) {
    if (CfnElement.isCfnElement(ref.target) && Stack.of(ref.target) !== own) {
      const producer = Stack.of(ref.target);
      foreign.set(`${producer.node.path} ${JSON.stringify(producer.resolve(ref))}`, ref);
    }
  }
  if (foreign.size > 0) {
    new CfnOutput(consumer, id, { value: Fn.join(' ', [...foreign.values()].map((ref) => Token.asString(ref))), description });
  }
}
