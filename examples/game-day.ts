import {
  Annotations, App, CrossStackReferences, Duration, ReferenceStrength, Stack, StackProps, TimeZone,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AcuRange, AuroraServerlessTier, EventReadinessStack, EventWindow, RampDownGate, StatelessTier } from '../lib';
import { NetworkStack } from './network';

/** The game platform's tiers: match API and leaderboards. Long-lived. */
export class GamePlatformStack extends Stack {
  /** Match and stream-session API: a sudden spike when the final starts. */
  public readonly matchApi: StatelessTier;
  /** Leaderboards and player profiles, read-heavy during matches. */
  public readonly leaderboards: AuroraServerlessTier;

  constructor(scope: Construct, id: string, network: NetworkStack, props?: StackProps) {
    super(scope, id, props);
    // The leaderboards use the network stack's VPC: strong references keep it from being deleted under them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    this.matchApi = new StatelessTier(this, 'MatchApi', {
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });'),
      functionOptions: { memorySize: 1024 },
      tableProps: { partitionKey: { name: 'matchId', type: dynamodb.AttributeType.STRING } },
      maxWriteRequestUnits: 5000,
      httpApi: { throttlingRateLimit: 30000, throttlingBurstLimit: 60000 },
    });
    this.leaderboards = new AuroraServerlessTier(this, 'Leaderboards', {
      vpc: network.vpc,
      capacity: AcuRange.between(0.5, 16),
      readers: 2,
      defaultDatabaseName: 'leaderboards',
    });
  }
}

/** Options of {@link addGameDay}. */
export interface GameDayOptions {
  /** Stack props shared by the example's stacks (e.g. `env`). */
  readonly stackProps?: StackProps;
  /** The readiness construct's clock; tests pin it. */
  readonly now?: Date;
  /**
   * The event's ramp-down gate.
   * @default - held while a tier is hot: checked every 5 minutes, at most 45 minutes
   */
  readonly rampDownGate?: RampDownGate;
}

/**
 * An e-sports final in Seoul: a sudden 6-hour spike. High provisioned concurrency and a
 * raised write cap for the match API, Aurora capacity and two extra readers for the
 * leaderboards; a 2-hour prewarm (the write cap is raised first, then warm throughput, which
 * takes up to an hour) and a short, 4-hour ramp-down in 2 steps, each held while the tier is
 * still hot (a final can go to overtime).
 */
export function addGameDay(app: App, options: GameDayOptions = {}) {
  const network = new NetworkStack(app, 'GameNetwork', options.stackProps);
  const platform = new GamePlatformStack(app, 'GamePlatform', network, options.stackProps);
  const readiness = new EventReadinessStack(app, 'WorldsFinal2027Readiness', {
    ...options.stackProps,
    // The platform's table and cluster cannot be deleted while the event's stack reads them.
    crossStackReferences: ReferenceStrength.STRONG,
    window: new EventWindow({
      name: 'worlds-final-2027',
      start: '2027-11-06T16:00',
      end: '2027-11-06T22:00',
      timeZone: TimeZone.ASIA_SEOUL,
      prewarmLead: Duration.hours(2),
      rampDown: Duration.hours(4),
      rampDownSteps: 2,
    }),
    now: options.now,
    // A final can go to overtime: each ramp-down step waits while the tier's alarms say it is
    // still hot, checking every 5 minutes for up to 45 minutes, then steps down anyway.
    rampDownGate: options.rampDownGate ?? RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(5), maximumHold: Duration.minutes(45) }),
    tiers: [
      platform.matchApi.forEvent({
        provisionedConcurrency: 850,
        warmThroughput: { writeUnitsPerSecond: 15000 },
        maxWriteRequestUnits: 20000,
      }),
      platform.leaderboards.forEvent({ capacity: AcuRange.between(16, 96), extraReaders: 2, expectedConnections: 900 }),
    ],
  });
  Annotations.of(readiness).acknowledgeWarning('cdk-event-readiness:warm-throughput-permanent',
    'Match results are written in bursts of 15,000/s when the final starts; the permanent, billed warm '
      + 'throughput is budgeted for the season.');
  return { network, platform, readiness };
}
