import { App, CrossStackReferences, Duration, ReferenceStrength, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { EventReadinessStack, EventReplicasInRegion, EventWindow, RdsTier } from '../lib';
import { databaseKey } from './keys';
import { isolatedVpc, NetworkStack } from './network';

/** The Region the orders database lives in, and the Regions its event replicas serve readers from. */
export const GLOBAL_SHOP_REGION = 'us-east-1';

/** Properties of a {@link ReadRegionStack}. */
export interface ReadRegionStackProps extends StackProps {
  /** The values the replicas' parameter group sets: the primary's, as the hot-standby rule asks. */
  readonly parameters: { [name: string]: string };
  /**
   * The source's engine version: the group must be of its family (`postgres17`), or moving a replica to it fails.
   * @default rds.PostgresEngineVersion.VER_17_5 (RdsTier's default)
   */
  readonly engineVersion?: rds.PostgresEngineVersion;
  /**
   * The Region's VPC range: one of its own, so the Regions' networks can be connected.
   * @default '10.1.0.0/16'
   */
  readonly cidr?: string;
}

/** The everyday resources event replicas need in a Region of their own: long-lived, never changed by an event. */
export class ReadRegionStack extends Stack {
  /** Where the replicas run: the Region's isolated subnets. */
  public readonly subnetGroup: rds.SubnetGroup;
  /** What may reach them. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Their storage key (KMS keys never leave their Region). */
  public readonly key: kms.Key;
  /** Their parameter group's name, and the values it sets (the primary's, as the hot-standby rule asks). */
  public readonly parameterGroupName = 'global-orders-replicas';
  private readonly parameters: { [name: string]: string };

  constructor(scope: Construct, id: string, props: ReadRegionStackProps) {
    super(scope, id, props);
    const cidr = props.cidr ?? '10.1.0.0/16';
    const vpc = isolatedVpc(this, cidr);
    this.parameters = props.parameters;
    this.subnetGroup = new rds.SubnetGroup(this, 'Subnets', {
      vpc,
      description: 'Event read replicas of the orders database',
      subnetGroupName: 'global-orders-replicas',
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'ReplicaSecurityGroup', {
      vpc,
      description: 'Event read replicas of the orders database, reached from the VPC of their Region only',
      allowAllOutbound: false,
    });
    // The VPC's own range, as a literal: the rule is checkable at synth.
    this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(5432), 'PostgreSQL from the VPC');
    this.key = databaseKey(this, 'ReplicaKey', 'Encrypts the event read replicas of the orders database');
    // The L1: aws-cdk-lib's ParameterGroup is created only when an instance of the stack binds it, and no instance here does.
    const engine = rds.DatabaseInstanceEngine.postgres({ version: props.engineVersion ?? rds.PostgresEngineVersion.VER_17_5 });
    new rds.CfnDBParameterGroup(this, 'ReplicaParameters', {
      dbParameterGroupName: this.parameterGroupName,
      family: engine.parameterGroupFamily!,
      description: 'Event read replicas of the orders database: the primary\'s hot-standby settings',
      parameters: props.parameters,
    });
  }

  /** The event replicas this Region gets. */
  public replicas(count: number): EventReplicasInRegion {
    return {
      region: this.region,
      count,
      subnetGroup: this.subnetGroup,
      securityGroups: [this.securityGroup],
      storageEncryptionKey: this.key,
      parameterGroupName: this.parameterGroupName,
      parameters: this.parameters,
    };
  }
}

/** Options of {@link addGlobalShop}. */
export interface GlobalShopOptions {
  /** The account the example's stacks are deployed to (all in one account). */
  readonly account?: string;
  /** The readiness construct's clock; tests pin it. */
  readonly now?: Date;
}

/**
 * A shop whose orders database is in us-east-1 and whose customers are everywhere: for its global
 * sale, one more replica at home and four in three other Regions (US West, Europe, Asia Pacific),
 * created 10 hours ahead (a replica in another Region starts from a snapshot copied across Regions)
 * and removed over a day. Each other Region has a stack of its own with the replicas' network, key
 * and parameter group, and the event a companion stack there with its schedules and alarms.
 */
export function addGlobalShop(app: App, options: GlobalShopOptions = {}) {
  const env = (region: string) => ({ env: { account: options.account, region } });
  const network = new NetworkStack(app, 'GlobalNetwork', env(GLOBAL_SHOP_REGION));
  const shop = new Stack(app, 'GlobalShop', env(GLOBAL_SHOP_REGION));
  CrossStackReferences.of(shop).consume(ReferenceStrength.STRONG);
  const engineVersion = rds.PostgresEngineVersion.VER_17_5;
  const orders = new RdsTier(shop, 'Orders', {
    engineVersion,
    vpc: network.vpc,
    storageEncryptionKey: databaseKey(shop, 'OrdersKey', 'Encrypts the orders database'),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
    allocatedStorageGiB: 500,
    replicas: 1,
    databaseName: 'orders',
    instanceIdentifier: 'global-orders',
  });
  // Each Region's network a range of its own (the shop's is 10.0.0.0/16), so they can be connected.
  const reads = ['us-west-2', 'eu-west-1', 'ap-southeast-1'].map((region, i) => new ReadRegionStack(app, `GlobalReads-${region}`, {
    ...env(region), parameters: { ...orders.parameters }, engineVersion, cidr: `10.${i + 1}.0.0/16`,
  }));
  const readiness = new EventReadinessStack(app, 'GlobalSaleReadiness', {
    ...env(GLOBAL_SHOP_REGION),
    crossStackReferences: ReferenceStrength.STRONG,
    now: options.now,
    window: new EventWindow({
      name: 'global-sale-2027',
      start: '2027-09-09T00:00',
      end: '2027-09-10T00:00',
      timeZone: TimeZone.ETC_UTC,
      prewarmLead: Duration.hours(10),
      rampDown: Duration.hours(24),
      rampDownSteps: 2,
    }),
    tiers: [orders.forEvent({
      peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE8),
      eventReplicas: 1,
      eventReplicasIn: [reads[0].replicas(1), reads[1].replicas(2), reads[2].replicas(1)],
    })],
  });
  return { network, shop, orders, reads, readiness };
}
