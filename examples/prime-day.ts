import {
  Annotations, App, CrossStackReferences, Duration, ReferenceStrength, Stack, StackProps, TimeZone,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  AcuRange, AuroraServerlessTier, EventCalendarStack, EventWindow, RdsTier, StatelessTier,
} from '../lib';
import { databaseKey } from './keys';
import { NetworkStack } from './network';

/** Tier stacks of the shop: long-lived, deployed once, never changed by an event. */
export class ShopStack extends Stack {
  /** Catalog browsing: HTTP API + Lambda + DynamoDB on-demand. */
  public readonly catalog: StatelessTier;
  /** Orders: RDS PostgreSQL, Multi-AZ, with read replicas for order history. */
  public readonly orders: RdsTier;
  /** Profiles and sessions: Aurora Serverless v2. */
  public readonly profiles: AuroraServerlessTier;

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, props?: StackProps) {
    super(scope, id, props);
    // The tiers use the network stack's VPC: strong references keep it from being deleted under them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    this.catalog = new StatelessTier(this, 'Catalog', {
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
      tableProps: {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      },
      httpApi: { throttlingRateLimit: 20000, throttlingBurstLimit: 40000 },
    });
    // Orders are encrypted with a key of the shop's own, which only AWS services may grant on.
    const ordersKey = databaseKey(this, 'OrdersKey', 'Encrypts the orders database');
    this.orders = new RdsTier(this, 'Orders', {
      vpc,
      storageEncryptionKey: ordersKey,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
      allocatedStorageGiB: 1000,
      replicas: 2,
      databaseName: 'orders',
      instanceIdentifier: 'prime-orders',
      proxy: {},
    });
    this.profiles = new AuroraServerlessTier(this, 'Profiles', {
      vpc,
      capacity: AcuRange.between(1, 16),
      readers: 1,
      defaultDatabaseName: 'profiles',
      proxy: {},
    });
  }
}

/** Options of {@link addPrimeDay}. */
export interface PrimeDayOptions {
  /** Stack props shared by the example's stacks (e.g. `env`). */
  readonly stackProps?: StackProps;
  /** The readiness construct's clock; tests pin it. */
  readonly now?: Date;
}

/**
 * The shop's 2027 event calendar, on one set of tiers: Prime Day, a 48-hour sale in Pacific
 * time (everything raised 6 hours ahead, as read replicas take hours, and stepped down over
 * 2.5 days), and Black Friday in Eastern time with smaller peaks. A network stack, one stack
 * of tiers, and one calendar stack holding both events.
 */
export function addPrimeDay(app: App, options: PrimeDayOptions = {}) {
  const network = new NetworkStack(app, 'PrimeNetwork', options.stackProps);
  const shop = new ShopStack(app, 'PrimeShop', network.vpc, options.stackProps);
  const primeDay = new EventWindow({
    name: 'prime-day-2027',
    start: '2027-07-13T00:00',
    end: '2027-07-15T00:00',
    timeZone: TimeZone.AMERICA_LOS_ANGELES,
    prewarmLead: Duration.hours(6),
    rampDown: Duration.hours(60),
    rampDownSteps: 3,
  });
  const blackFriday = new EventWindow({
    name: 'black-friday-2027',
    start: '2027-11-26T00:00',
    end: '2027-11-27T06:00',
    timeZone: TimeZone.AMERICA_NEW_YORK,
    prewarmLead: Duration.hours(6),
    rampDown: Duration.hours(36),
    rampDownSteps: 3,
  });
  const readiness = new EventCalendarStack(app, 'PrimeShopCalendar', {
    ...options.stackProps,
    // The shop's tiers cannot be deleted while the calendar's stack reads them.
    crossStackReferences: ReferenceStrength.STRONG,
    now: options.now,
    events: [
      {
        window: primeDay,
        tiers: [
          shop.catalog.forEvent({
            provisionedConcurrency: 800,
            warmThroughput: { readUnitsPerSecond: 40000, writeUnitsPerSecond: 12000 },
          }),
          // 16xlarge at the peak (the seed's ~4x over-provisioning, for 2 days instead of a week),
          // then 8xlarge, 4xlarge and back to 2xlarge; 3 extra replicas for order history.
          shop.orders.forEvent({
            peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE16),
            eventReplicas: 3,
            // Storage: provisioned IOPS 40,000 (normally 12,000) from prewarm, and back after the
            // event: a raise left in place is billed every month.
            peakIops: 40000,
            peakStorageThroughput: 1000,
            restoreStorageAfterEvent: true,
          }),
          shop.profiles.forEvent({ capacity: AcuRange.between(8, 128), extraReaders: 2, expectedConnections: 1200 }),
        ],
      },
      {
        // Smaller peaks. Prime Day's warm throughput (40,000 reads, 12,000 writes per second) is
        // still in force: it can never be lowered, so this event's plan leaves it as it is.
        window: blackFriday,
        tiers: [
          shop.catalog.forEvent({
            provisionedConcurrency: 500,
            warmThroughput: { readUnitsPerSecond: 30000, writeUnitsPerSecond: 8000 },
          }),
          shop.orders.forEvent({
            peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE8),
            eventReplicas: 2,
          }),
          shop.profiles.forEvent({ capacity: AcuRange.between(4, 64), extraReaders: 1, expectedConnections: 800 }),
        ],
      },
    ],
  });
  Annotations.of(readiness).acknowledgeWarning('cdk-event-readiness:warm-throughput-permanent',
    'The catalog expects 40,000 reads/s from the first minute; keeping the table warm afterwards is an '
      + 'accepted, budgeted cost.');
  return { network, shop, readiness };
}
