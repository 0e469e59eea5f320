/**
 * What Application Auto Scaling checks inside the service before it accepts RegisterScalableTarget
 * or PutScheduledAction: that the CALLER also holds permissions on the target service and in
 * CloudWatch. It checks by calling those APIs with the caller's permissions. No IAM reference
 * shows it, so it is written down here as data, from AWS's own documentation:
 *
 * - Application Auto Scaling User Guide, "Permissions validation for API calls on target
 *   resources" (security_iam_permission_validation): the calls it makes for an Aurora DB cluster,
 *   each with the resource it names (an empty instance ID, a dummy ARN in account 12345, the
 *   cluster), and the three CloudWatch calls (no alarm name; MaxRecords 1).
 * - Same guide, "Permissions required for API actions on target services and CloudWatch"
 *   (security_iam_id-based-policy-examples): the actions per target service, among them Lambda's
 *   provisioned concurrency and ECS services' task count, where the resource of each check is not
 *   documented (the documented policies grant `*`).
 */
export interface ValidationProbe {
  /** The IAM action the probe needs. */
  readonly action: string;
  /**
   * The resource it is authorized against, with `{region}`, `{account}` and `{cluster}` filled in;
   * `*` where the probe names none IAM could match narrower (an empty ID, no alarm name, or a
   * resource the documentation does not give).
   */
  readonly resource: string;
  /** What the documentation says of it. */
  readonly documented: string;
}

const CLOUDWATCH: ValidationProbe[] = [
  { action: 'cloudwatch:PutMetricAlarm', resource: '*', documented: 'called without any parameters (no alarm name)' },
  { action: 'cloudwatch:DescribeAlarms', resource: '*', documented: 'called with MaxRecords 1: any alarm of the account' },
  { action: 'cloudwatch:DeleteAlarms', resource: '*', documented: 'called without any parameters (no alarm name)' },
];

/** By scalable dimension: every permission Application Auto Scaling validates, and on what. */
export const AAS_VALIDATION_PROBES: { [dimension: string]: ValidationProbe[] } = {
  'rds:cluster:ReadReplicaCount': [
    { action: 'rds:CreateDBInstance', resource: '*', documented: 'an empty instance ID, in the cluster registered' },
    { action: 'rds:CreateDBInstance', resource: 'arn:aws:rds:{region}:{account}:cluster:{cluster}', documented: 'in the cluster registered' },
    { action: 'rds:DeleteDBInstance', resource: '*', documented: 'an empty instance ID' },
    { action: 'rds:AddTagsToResource', resource: 'arn:aws:rds:us-east-1:12345:db:non-existing-db', documented: 'a dummy ARN: invalid account ID 12345, instance non-existing-db' },
    { action: 'rds:DescribeDBClusters', resource: 'arn:aws:rds:{region}:{account}:cluster:{cluster}', documented: 'the cluster registered' },
    { action: 'rds:DescribeDBInstances', resource: 'arn:aws:rds:{region}:{account}:db:*', documented: 'filtered on db-cluster-id: every instance of the cluster' },
    ...CLOUDWATCH,
  ],
  'lambda:function:ProvisionedConcurrency': [
    { action: 'lambda:PutProvisionedConcurrencyConfig', resource: '*', documented: 'listed as required; the resource of the check is not documented (an alias ARN matches two resource types)' },
    { action: 'lambda:GetProvisionedConcurrencyConfig', resource: '*', documented: 'listed as required; the resource of the check is not documented (an alias ARN matches two resource types)' },
    { action: 'lambda:DeleteProvisionedConcurrencyConfig', resource: '*', documented: 'listed as required; the resource of the check is not documented (an alias ARN matches two resource types)' },
    ...CLOUDWATCH,
  ],
  'ecs:service:DesiredCount': [
    { action: 'ecs:DescribeServices', resource: '*', documented: 'listed as required for ECS services; the resource of the check is not documented' },
    { action: 'ecs:UpdateService', resource: '*', documented: 'listed as required for ECS services; the resource of the check is not documented' },
    ...CLOUDWATCH,
  ],
};
