import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';

/** What the database tiers (`AuroraServerlessTier`, `RdsTier`) share. */
export interface DatabaseTierProps {
  /**
   * The VPC the database runs in.
   * @default - a new VPC: 2 AZs, isolated subnets only (no NAT), flow logs kept 1 year
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The subnets of the database.
   * @default - the VPC's isolated subnets if it has any, else its private ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The KMS key storage is encrypted with.
   * @default - the AWS-managed key for RDS
   */
  readonly storageEncryptionKey?: kms.IKey;
  /**
   * How long automated backups are kept: whole days, 1–35 (read replicas need backups on
   * the source).
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;
  /**
   * Rotate the master credentials on this schedule, whole hours from 4 hours to 1,000 days
   * (needs a route from the database's subnets to Secrets Manager: a VPC endpoint or NAT).
   * @default - not rotated: IAM database authentication is the way in, the secret is for break-glass use
   */
  readonly credentialRotation?: Duration;
  /**
   * The master user's name (its password is generated into Secrets Manager). Not the
   * engine's well-known default (`postgres`), which AWS Control Tower flags (CT.RDS.PR.21/22).
   * Changing it replaces the database.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
  /**
   * What happens to the database (Aurora cluster or RDS primary) when it leaves the stack.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}
