// Extracted from docs/tiers.md by scripts/readme-samples.js: do not edit.
import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { StatelessTier } from 'cdk-event-readiness';

declare const stack: Stack;

new StatelessTier(stack, 'Catalog', {
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
});
export {};
