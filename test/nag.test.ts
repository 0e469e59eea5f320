import { App, ArnFormat, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cxapi from 'aws-cdk-lib/cx-api';
// cdk-nag's own renderer of finding ids, which the library mirrors (cdk-nag is a dev dependency only).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { findingResource } from '../lib/private/nag';

/** A stack of the given kind and the kinds of value finding ids are made of. */
function values(stack: Stack): { [label: string]: string } {
  const queue = new sqs.Queue(stack, 'Queue');
  return {
    'an ARN from formatArn': stack.formatArn({ service: 'rds', resource: 'db', resourceName: 'orders-sale-r*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    'an AWS managed policy': iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole').managedPolicyArn,
    'an attribute': `${queue.queueArn}/index/*`,
    'a Ref': queue.queueUrl,
    'Fn::Sub': Fn.sub('arn:${AWS::Partition}:s3:::bucket/*'),
    'pseudo parameters': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
  };
}

describe.each([
  ['environment-agnostic', {}, undefined],
  ['a concrete env', {}, { account: '111111111111', region: 'us-west-2' }],
  ['a concrete env and the recommended flags', { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS }, { account: '111111111111', region: 'us-west-2' }],
])('finding ids in %s stacks', (_label, context, env) => {
  const stack = new Stack(new App({ context }), 'Stack', { env });
  test.each(Object.entries(values(stack)))('%s renders as cdk-nag renders it', (_what, value) => {
    expect(findingResource(stack, value)).toBe(flattenCfnReference(stack.resolve(value)));
  });
});

test('a concrete env renders the account and Region as literals, as cdk-nag will name the finding', () => {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-west-2' } });
  expect(findingResource(stack, stack.formatArn({ service: 'rds', resource: 'db', resourceName: 'x-*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })))
    .toBe('arn:<AWS::Partition>:rds:us-west-2:111111111111:db:x-*');
});
