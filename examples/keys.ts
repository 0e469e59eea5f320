import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** A rotated customer-managed key that only AWS services may create grants on (AWS Control Tower CT.KMS.PR.3). */
export function databaseKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, description });
  key.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    actions: ['kms:CreateGrant'],
    principals: [new iam.AnyPrincipal()],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}
