import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct, Construct } from 'constructs';
import { findingResource } from './nag';
import { checkDuration, checkNumber } from './validate';
import { warn } from './warnings';

/** A VPC for a database tier that was given none: 2 AZs, isolated subnets only, flow logs kept 1 year. */
export function createDatabaseVpc(scope: Construct): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(scope, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
    })),
  });
  return vpc;
}

/**
 * The log groups RDS exports an instance's logs to (`/aws/rds/instance/<id>/<type>`), created
 * with a one-year retention before RDS starts exporting, with ids `<idPrefix><Type>Logs`. RDS
 * fixes their names, so they are deleted with their stack: a retained group would make
 * re-creating the stack fail ("already exists").
 */
export function instanceLogGroups(scope: Construct, idPrefix: string, instanceIdentifier: string, types: string[]): logs.LogGroup[] {
  return types.map((type) => new logs.LogGroup(scope, `${idPrefix}${type.charAt(0).toUpperCase()}${type.slice(1)}Logs`, {
    logGroupName: `/aws/rds/instance/${instanceIdentifier}/${type}`,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.DESTROY,
  }));
}

/** The settings every database tier shares, as given (the tiers' own props types live above this layer). */
export interface DatabaseSettings {
  readonly backupRetention?: Duration;
  readonly credentialRotation?: Duration;
  readonly masterUsername?: string;
  readonly proxyMaxConnectionsPercent?: number;
  readonly proxyIdleClientTimeout?: Duration;
}

/** The problems with the settings every database tier shares, one sentence each. */
export function databaseSettingsProblems(settings: DatabaseSettings): string[] {
  const problems: string[] = [];
  const day = 86400_000;
  checkDuration(problems, 'backupRetention', settings.backupRetention,
    { minMs: day, maxMs: 35 * day, stepMs: day, allowed: 'whole days from 1 to 35' });
  // Secrets Manager rotates every 4 hours at most, every 1,000 days at least, in whole hours.
  checkDuration(problems, 'credentialRotation', settings.credentialRotation,
    { minMs: 4 * 3600_000, maxMs: 1000 * day, stepMs: 3600_000, allowed: 'whole hours from 4 hours to 1000 days' });
  const username = masterUsernameProblem(settings.masterUsername);
  if (username) {
    problems.push(username);
  }
  checkNumber(problems, 'proxy.maxConnectionsPercent', settings.proxyMaxConnectionsPercent, { whole: true, min: 1, max: 100 });
  checkDuration(problems, 'proxy.idleClientTimeout', settings.proxyIdleClientTimeout,
    { minMs: 1000, maxMs: 8 * 3600_000, stepMs: 1000, allowed: 'whole seconds from 1 second to 8 hours' });
  return problems;
}

/** The problem with a master user name, if any: 1-63 letters, digits, underscores, starting with a letter; not `postgres`. */
function masterUsernameProblem(name: string | undefined): string | undefined {
  if (name === undefined || Token.isUnresolved(name)) {
    return undefined;
  }
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name) || ['postgres', 'rdsadmin', 'admin'].includes(name.toLowerCase())) {
    return `masterUsername must be 1-63 letters, digits and underscores, starting with a letter, and not postgres, `
      + `admin or rdsadmin, got '${name}'`;
  }
  return undefined;
}

/** Warns when the database would be deleted without a final snapshot. */
export function warnIfNotRetained(scope: IConstruct, removalPolicy: RemovalPolicy | undefined): void {
  if (removalPolicy === RemovalPolicy.DESTROY) {
    warn(scope, 'database-not-retained',
      'removalPolicy is DESTROY: deleting the stack deletes the database without a final snapshot.');
  }
}

/**
 * The cdk-nag findings every database instance or cluster of the tiers acknowledges, each
 * with its reason; `rotated` when the master secret has a rotation schedule.
 */
export function acknowledgeDatabaseFindings(database: IConstruct, rotated: boolean): void {
  Validations.of(database).acknowledge({
    id: 'AwsSolutions-RDS11',
    reason: 'A non-default port is obscurity, not a control: the database is in private subnets, reachable only '
      + 'through its security group, with TLS and IAM authentication.',
  });
  Validations.of(database).acknowledge({
    id: `AwsSolutions-IAM4[Policy::${findingResource(database,
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole').managedPolicyArn)}]`,
    reason: 'Enhanced Monitoring\'s role must carry this AWS-maintained policy; it only lets the RDS monitoring '
      + 'service write the RDSOSMetrics log group.',
  });
  if (!rotated) {
    Validations.of(database).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Applications connect with IAM database authentication (enabled); the generated master secret is '
        + 'for break-glass use. Rotation is one prop away (credentialRotation) once the VPC can reach Secrets Manager.',
    });
  }
}
