import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * How cdk-nag names a resource in a finding id (`AwsSolutions-IAM5[Resource::<this>]`): the value
 * resolved in the stack that holds the policy, then flattened the way cdk-nag's
 * `flattenCfnReference` does (`Fn::Join` joined, `Ref` as `<Name>`, `Fn::GetAtt` as
 * `<Resource.Attribute>`, `Fn::ImportValue` as the export's name, `${…}` as `<…>`).
 *
 * An acknowledgement written for one rendering misses the others: a stack with a concrete
 * `env` renders the account and Region (and, with the recommended `target-partitions` flag,
 * the partition) as literals where an environment-agnostic stack renders `<AWS::AccountId>`.
 * cdk-nag is a development dependency of this library, so its algorithm is mirrored here; a
 * test (test/nag.test.ts) compares both, environment-agnostic, with a concrete env and with the
 * recommended feature flags.
 */
export function findingResource(policyScope: IConstruct, value: string): string {
  return flatten(Stack.of(policyScope).resolve(value));
}

function flatten(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  }
  const o = node as { [key: string]: any };
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'];
    return (items as unknown[]).map(flatten).join(delimiter);
  }
  if (o['Fn::Sub']) {
    return flatten(o['Fn::Sub']);
  }
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (o['Fn::ImportValue']) {
    return flatten(o['Fn::ImportValue']);
  }
  if (o.Ref) {
    return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
