import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { literalOf } from './literals';

/**
 * Metric factories shared by the tiers (their public `metric*` methods) and the event plans, so
 * a tier and an existing resource are watched through the same metrics.
 */

/**
 * The sum of count metrics emitted only when something happens, per 1-minute period:
 * `SUM([…])`, not `a + b`, since metric math's `+` gives no datapoint where either is missing
 * (read throttles alone would never add up to an alarm).
 */
export function sumOfSparseCounts(usingMetrics: Record<string, cloudwatch.IMetric>, label: string,
  props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SUM([${Object.keys(usingMetrics).join(', ')}])`,
    usingMetrics,
    label,
    period: Duration.minutes(1),
    ...props,
  });
}

/** A table metric's sum. */
function tableSum(table: dynamodb.ITable, metricName: string): cloudwatch.IMetric {
  return table.metric(metricName, { statistic: cloudwatch.Stats.SUM });
}

/** Read and write throttle events of a table (TableName only, so GSIs are excluded). */
export function tableThrottleEvents(table: dynamodb.ITable, props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
  return sumOfSparseCounts({ r: tableSum(table, 'ReadThrottleEvents'), w: tableSum(table, 'WriteThrottleEvents') },
    'Throttle events', props);
}

/**
 * Read and write throttle events of global secondary indexes (TableName and
 * GlobalSecondaryIndexName: the table's own throttle metrics leave its indexes out).
 */
export function indexThrottleEvents(table: dynamodb.ITable, indexNames: string[]): cloudwatch.IMetric {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  indexNames.forEach((name, i) => {
    for (const side of ['Read', 'Write']) {
      usingMetrics[`${side.toLowerCase()[0]}${i}`] = table.metric(`${side}ThrottleEvents`, {
        statistic: cloudwatch.Stats.SUM, dimensionsMap: { TableName: table.tableName, GlobalSecondaryIndexName: name },
      });
    }
  });
  return sumOfSparseCounts(usingMetrics, 'Index throttle events');
}

/**
 * The names of a table's global secondary indexes, when its template says them (a `Table` or
 * `TableV2` of this app); empty for an imported table.
 */
export function globalSecondaryIndexNamesOf(table: dynamodb.ITable): string[] {
  const cfn = table.node.defaultChild;
  const indexes = cfn instanceof dynamodb.CfnTable || cfn instanceof dynamodb.CfnGlobalTable
    ? literalOf(cfn.globalSecondaryIndexes as unknown, cfn) : undefined;
  return Array.isArray(indexes)
    ? indexes.map((i) => i?.indexName).filter((n): n is string => typeof n === 'string')
    : [];
}

/**
 * Requests a table throttled because they exceeded its on-demand maximum throughput (the cost
 * cap), reads and writes (`Read`/`WriteMaxOnDemandThroughputThrottleEvents`, TableName).
 */
export function tableCapThrottleEvents(table: dynamodb.ITable): cloudwatch.IMetric {
  return sumOfSparseCounts({
    r: tableSum(table, 'ReadMaxOnDemandThroughputThrottleEvents'),
    w: tableSum(table, 'WriteMaxOnDemandThroughputThrottleEvents'),
  }, 'Throttled at the cost cap');
}

/**
 * A table's throttled requests by cause (DynamoDB's throttling-reason metrics, reads and writes
 * summed): a hot partition (key range), the account's per-table limit, the on-demand cost cap.
 */
export function tableThrottlesByCause(table: dynamodb.ITable): cloudwatch.IMetric[] {
  return ([['KeyRangeThroughput', 'Hot partition (key range)'], ['AccountLimit', 'Account per-table limit'],
    ['MaxOnDemandThroughput', 'On-demand cost cap']] as const).map(([cause, label]) => sumOfSparseCounts({
    [`r${cause}`]: tableSum(table, `Read${cause}ThrottleEvents`),
    [`w${cause}`]: tableSum(table, `Write${cause}ThrottleEvents`),
  }, label));
}

/** The table operations `table-system-errors` watches (DynamoDB metrics: SystemErrors by Operation). */
export const TABLE_OPERATIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem',
  'TransactGetItems', 'TransactWriteItems'];

/**
 * Server-side errors of a table for the common item operations, summed over the operations
 * (aws-cdk-lib's `getitem + putitem + …` has no datapoint unless every operation reported one).
 */
export function tableSystemErrors(table: dynamodb.ITable, props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  // Every data-plane operation DynamoDB reports SystemErrors for, but PartiQL's: ten, as many
  // metrics as a math alarm may read.
  for (const operation of TABLE_OPERATIONS) {
    usingMetrics[operation.toLowerCase()] = table.metric('SystemErrors', {
      statistic: cloudwatch.Stats.SUM, dimensionsMap: { TableName: table.tableName, Operation: operation },
    });
  }
  return sumOfSparseCounts(usingMetrics, 'System errors', props);
}

/**
 * Consumed read and write capacity units of a table per second (the period's sum divided by
 * its length), comparable with warm throughput and the on-demand cap, which are per second.
 */
export function tableConsumedCapacity(table: dynamodb.ITable): cloudwatch.IMetric[] {
  // Ids differ per side: two expressions in one graph may not share a metric id.
  return (['Read', 'Write'] as const).map((side) => new cloudwatch.MathExpression({
    expression: `${side.toLowerCase()}s / PERIOD(${side.toLowerCase()}s)`,
    usingMetrics: { [`${side.toLowerCase()}s`]: table.metric(`Consumed${side}CapacityUnits`, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }) },
    label: `Consumed ${side.toLowerCase()} units per second`,
    period: Duration.minutes(1),
  }));
}

/** A Lambda metric of a function, or of its alias (dimensions FunctionName and Resource, as aws-cdk-lib's Alias). */
export function lambdaMetric(functionName: string, aliasName: string | undefined, metricName: string,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: aliasName === undefined
      ? { FunctionName: functionName }
      : { FunctionName: functionName, Resource: `${functionName}:${aliasName}` },
    period: Duration.minutes(1),
    ...props,
  });
}

/** An RDS metric by dimension (DBInstanceIdentifier or DBClusterIdentifier), 1-minute period. */
export function rdsMetric(dimension: 'DBInstanceIdentifier' | 'DBClusterIdentifier', identifier: string, metricName: string,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/RDS',
    metricName,
    dimensionsMap: { [dimension]: identifier },
    period: Duration.minutes(1),
    ...props,
  });
}

/**
 * Metrics the database emits every minute it runs: missing data means a wrong dimension or a
 * stopped database, never health (INSUFFICIENT_DATA, which `check` and the console show).
 */
export const ALWAYS_EMITTED = cloudwatch.TreatMissingData.MISSING;
