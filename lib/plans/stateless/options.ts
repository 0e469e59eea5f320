import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { ExistingScalableTarget } from '../scheduled-change';

/** Lambda's default concurrency quota per account and Region. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
/**
 * Invocations a minute needs for the pc-configured alarm to judge (none on provisioned
 * concurrency means none there), and executions on it to judge how much is configured (their
 * maximum ÷ the utilization's maximum): with fewer, the ratio is too coarse.
 */
export const PC_CONFIGURED_GUARD = 10;
/** Lambda keeps this much of the account's concurrency unreserved. */
export const UNRESERVED_CONCURRENCY = 100;

/** A stateless tier's peak settings for one event. */
export interface StatelessTierEventOptions {
  /**
   * The tier's name in the event (alarm names, dashboard row).
   * @default - the tier construct's id in kebab-case
   */
  readonly tierName?: string;
  /**
   * Provisioned concurrency on the alias from prewarm to the end of the event; it then
   * steps down linearly (rounded) to `baselineProvisionedConcurrency` over the ramp-down.
   * @default - provisioned concurrency is not managed
   */
  readonly provisionedConcurrency?: number;
  /**
   * Provisioned concurrency before and after the event.
   * @default 0
   */
  readonly baselineProvisionedConcurrency?: number;
  /**
   * Worst-case time for Lambda to allocate the peak provisioned concurrency.
   * @default Duration.minutes(15)
   */
  readonly provisionedConcurrencyLeadTime?: Duration;
  /**
   * Raise the table's warm throughput at prewarm. Permanent (it can never be lowered)
   * and billed: synth warns.
   * @default - warm throughput is not changed
   */
  readonly warmThroughput?: dynamodb.WarmThroughput;
  /**
   * Worst-case time for a warm-throughput update (asynchronous) to complete.
   * @default Duration.hours(1)
   */
  readonly warmThroughputLeadTime?: Duration;
  /**
   * The planned peak read request units per second, checked against the table's cost cap.
   * @default - warmThroughput.readUnitsPerSecond, if given
   */
  readonly peakReadRequestUnits?: number;
  /**
   * The planned peak write request units per second, checked against the table's cost cap.
   * @default - warmThroughput.writeUnitsPerSecond, if given
   */
  readonly peakWriteRequestUnits?: number;
  /**
   * The table's read cost cap during the event (raised at prewarm, restored at baseline).
   * Only for a table that has a cap.
   * @default - unchanged
   */
  readonly maxReadRequestUnits?: number;
  /**
   * The table's write cost cap during the event (raised at prewarm, restored at baseline).
   * @default - unchanged
   */
  readonly maxWriteRequestUnits?: number;
  /**
   * The account's per-table throughput quota, request units per second.
   * @default 40000
   */
  readonly tableThroughputQuota?: number;
  /**
   * Alarm when the alias is throttled at least this often per minute (2 of 3 minutes).
   * @default 1
   */
  readonly throttlesAlarmThreshold?: number;
  /**
   * Alarm when at least this percentage of the alias's invocations fail (2 of 3 minutes), in
   * minutes with at least `minimumRequestsPerMinute` invocations. A rate, not a count: 10
   * errors a minute is noise at 40,000 requests a second and an outage at 20.
   * @default 1
   */
  readonly errorRateAlarmPercent?: number;
  /**
   * The least traffic a minute must have for the error rates (Lambda errors, API 5xx) to count:
   * below it, a single failure would be a large share of almost nothing.
   * @default 60
   */
  readonly minimumRequestsPerMinute?: number;
  /**
   * Alarm when at least this many invocations per minute spill over provisioned
   * concurrency (2 of 3 minutes). Only with `provisionedConcurrency`.
   * @default 1
   */
  readonly spilloverAlarmThreshold?: number;
  /**
   * Alarm when the table throttles at least this many requests per minute (2 of 3 minutes).
   * @default 1
   */
  readonly tableThrottlesAlarmThreshold?: number;
  /**
   * Alarm when at least this percentage of the HTTP API's requests get a 5xx (2 of 3 minutes),
   * in minutes with at least `minimumRequestsPerMinute` requests.
   * @default 1
   */
  readonly apiServerErrorRateAlarmPercent?: number;
  /**
   * Alarm when at least this percentage of the HTTP API's requests get a 4xx (2 of 3 minutes),
   * in minutes with at least `minimumRequestsPerMinute` requests: a stage's throttling answers
   * 429, a 4xx, not a 5xx.
   * @default 10
   */
  readonly apiClientErrorRateAlarmPercent?: number;
  /**
   * Alarm when the HTTP API's p99 latency stays above this (2 of 3 minutes).
   * @default Duration.seconds(1)
   */
  readonly apiLatencyAlarmThreshold?: Duration;
  /**
   * The account's Lambda concurrency quota in the Region (provisioned concurrency counts in it):
   * alarm when the concurrency claimed in the account reaches 90 % of it (2 of 3 minutes).
   * Running out throttles every function of the account. Read it with `aws lambda
   * get-account-settings --query AccountLimit.ConcurrentExecutions` (or Service Quotas,
   * L-B99A9384). The event has one such alarm (`<event>-account-concurrency`), however many
   * stateless tiers it has: they must give the same quota.
   * @default 1000
   */
  readonly accountConcurrencyQuota?: number;
}

/** The function side of a stateless description. */
export interface FunctionDescription {
  /** The function's name, unqualified. */
  readonly functionName: string;
  /**
   * The version alias provisioned concurrency is set on; absent for a bare function.
   * @default - none
   */
  readonly aliasName?: string;
  /**
   * The function's reserved concurrency, if known.
   * @default - none
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The function's memory, MiB, if known (prices provisioned concurrency).
   * @default - not known
   */
  readonly memoryMiB?: number;
  /**
   * The function's architecture (`x86_64`, `arm64`), if known.
   * @default - not known
   */
  readonly architecture?: string;
  /**
   * The alias's provisioned-concurrency scalable target, when another stack registered it.
   * @default - looked for in the app (`scalableTargetIn`), else none
   */
  readonly provisionedConcurrencyTarget?: ExistingScalableTarget;
}

/** The table side of a stateless description. */
export interface TableDescription {
  readonly table: dynamodb.ITable;
  /**
   * The table's everyday read cost cap, if it has one.
   * @default - none
   */
  readonly maxReadRequestUnits?: number;
  /**
   * The table's everyday write cost cap, if it has one.
   * @default - none
   */
  readonly maxWriteRequestUnits?: number;
  /**
   * The table's warm throughput as far as it is known (it can only have risen since).
   * @default - none
   */
  readonly knownWarmThroughput?: dynamodb.WarmThroughput;
  /**
   * The names of its global secondary indexes (their throttles are watched too).
   * @default - none known
   */
  readonly globalSecondaryIndexNames?: string[];
}

/**
 * What a stateless plan needs to know: a function (alias) and/or an on-demand table, from a
 * `StatelessTier` or from resources the library did not create (`ExistingStatelessResources`).
 * Not exported from the package.
 */
export interface StatelessDescription {
  /** The construct the plan is for: errors name its path, warnings are attached to it. */
  readonly construct: IConstruct;
  /** What built the description, for messages (`StatelessTier.forEvent`). */
  readonly subject: string;
  readonly function?: FunctionDescription;
  readonly table?: TableDescription;
  /**
   * The HTTP API in front, if any.
   * @default - none
   */
  readonly httpApi?: apigw.IHttpApi;
  /** A metric of the function (alias if there is one; 1-minute period unless given). */
  functionMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * The scalable target the team registered for a resource of the tier in the tier's own stack,
   * read when the event binds the plan.
   */
  scalableTargetIn?(resourceId: string, scalableDimension: string): ExistingScalableTarget | undefined;
}

/** What a stateless plan is made of: the resources, the event's options and the tier's name. */
export interface StatelessPlanInputs {
  readonly resources: StatelessDescription;
  readonly options: StatelessTierEventOptions;
  readonly tierName: string;
}
