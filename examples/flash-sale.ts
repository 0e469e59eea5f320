import { Annotations, App, Duration, ReferenceStrength, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AcuRange, AuroraServerlessTier, EventReadinessStack, EventWindow, StatelessTier } from '../lib';

/** The catalog a flash sale sends its traffic to: a long-lived tier stack. */
export class CatalogStack extends Stack {
  public readonly catalog: StatelessTier;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.catalog = new StatelessTier(this, 'Catalog', {
      code: lambda.Code.fromInline([
        'exports.handler = async () => ({',
        '  statusCode: 200,',
        '  headers: { "content-type": "application/json" },',
        '  body: JSON.stringify({ items: [] }),',
        '});',
      ].join('\n')),
      tableProps: {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      },
      maxReadRequestUnits: 8000,
      httpApi: { throttlingRateLimit: 5000, throttlingBurstLimit: 10000 },
    });
  }
}

/** Shopper sessions and carts: Aurora Serverless v2, long-lived like the catalog. */
export class SessionsStack extends Stack {
  public readonly sessions: AuroraServerlessTier;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.sessions = new AuroraServerlessTier(this, 'Sessions', {
      capacity: AcuRange.between(0.5, 8),
      readers: 1,
      defaultDatabaseName: 'sessions',
    });
  }
}

/** Options of {@link addFlashSale}. */
export interface FlashSaleOptions {
  /** Stack props shared by the example's stacks (e.g. `env`). */
  readonly stackProps?: StackProps;
  /** The readiness construct's clock; tests pin it. */
  readonly now?: Date;
}

/**
 * A 12-hour flash sale in New York on a stateless catalog and an Aurora Serverless v2
 * sessions database: 2 hours of pre-warm, then a 6-hour ramp-down in 3 steps. Adds two tier
 * stacks and the event's readiness stack.
 */
export function addFlashSale(app: App, options: FlashSaleOptions = {}) {
  const tiers = new CatalogStack(app, 'FlashSaleCatalog', options.stackProps);
  const sessions = new SessionsStack(app, 'FlashSaleSessions', options.stackProps);
  const window = new EventWindow({
    name: 'flash-sale-2027',
    start: '2027-11-26T09:00',
    end: '2027-11-26T21:00',
    timeZone: TimeZone.AMERICA_NEW_YORK,
    prewarmLead: Duration.hours(2),
    rampDown: Duration.hours(6),
    rampDownSteps: 3,
  });
  const readiness = new EventReadinessStack(app, 'FlashSale2027Readiness', {
    ...options.stackProps,
    // The tiers cannot be deleted while the event's stack reads them.
    crossStackReferences: ReferenceStrength.STRONG,
    window,
    now: options.now,
    tiers: [
      tiers.catalog.forEvent({
        provisionedConcurrency: 400,
        warmThroughput: { readUnitsPerSecond: 30000, writeUnitsPerSecond: 6000 },
        maxReadRequestUnits: 36000,
      }),
      // Raising the minimum keeps the buffer pool warm; one extra reader for the browse traffic.
      sessions.sessions.forEvent({ capacity: AcuRange.between(4, 32), extraReaders: 1, expectedConnections: 800 }),
    ],
  });
  Annotations.of(readiness).acknowledgeWarning('cdk-event-readiness:warm-throughput-permanent',
    'The sale expects 30,000 reads/s from its first minute; keeping the catalog table warm at that level '
      + 'after the sale is an accepted, budgeted cost.');
  return { tiers, sessions, readiness };
}
