import {
  CfnElement, DefaultTokenResolver, IPostProcessor, IResolvable, IResolveContext, Reference, Stack, StringConcat,
  Tokenization,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

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
 * Makes the stacks that own the resources `values` refer to export those attributes,
 * whether or not `consumer`'s stack ends up importing them.
 *
 * A readiness stack drops a schedule once its step is past, and with it the references the
 * schedule held. Left to aws-cdk-lib, the tier stack would then lose those exports, and a
 * deploy of the tier stack mid-event would fail (CloudFormation does not delete an export
 * still imported by the deployed readiness stack). Exported explicitly, the tier stack's
 * template is the same whatever the clock says. The export names are aws-cdk-lib's own, so an
 * export the consumer does import is the same one, not a second.
 */
export function keepExported(consumer: IConstruct, values: unknown[]): void {
  const collector = new ReferenceCollector();
  const own = Stack.of(consumer);
  Tokenization.resolve(values, { scope: consumer, resolver: collector, preparing: true });
  for (const ref of collector.references) {
    if (!CfnElement.isCfnElement(ref.target)) {
      continue;
    }
    const producer = Stack.of(ref.target);
    if (producer !== own && producer.nestedStackResource === undefined) {
      producer.exportValue(ref);
    }
  }
}
