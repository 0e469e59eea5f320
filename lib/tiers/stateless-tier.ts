import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { teamScalableTarget } from '../plans/owned-scalable-target';
import { StatelessDescription, StatelessPlan, StatelessTierEventOptions } from '../plans/stateless';
import { ITierEventPlan } from '../plans/tier-plan';
import { functionBillingFacts } from '../private/billing-facts';
import {
  DEFAULT_TABLE_THROUGHPUT_QUOTA, ON_DEMAND_INITIAL_READS, ON_DEMAND_INITIAL_WRITES,
} from '../private/limits';
import { globalSecondaryIndexNamesOf, tableConsumedCapacity, tableSystemErrors, tableThrottleEvents } from '../private/metrics';
import { checkNumber } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';

/** What the function may do with the table. */
export enum TableAccess {
  /** Read items (GetItem, Query, Scan, BatchGetItem, …). */
  READ = 'READ',
  /** Write items (PutItem, UpdateItem, DeleteItem, BatchWriteItem). */
  WRITE = 'WRITE',
  /** Both. */
  READ_WRITE = 'READ_WRITE',
}

/** Options of the tier's HTTP API front door. */
export interface StatelessTierHttpApiOptions {
  /**
   * Steady-state request rate limit of the `$default` stage, requests per second (a whole
   * number, at least 1).
   * @default 1000
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst limit of the `$default` stage, requests (a whole number, at least 1).
   * @default 2000
   */
  readonly throttlingBurstLimit?: number;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;
}

/** Properties of a {@link StatelessTier}. */
export interface StatelessTierProps {
  /**
   * The function's code. Required unless `existingFunction` is given.
   * @default - none
   */
  readonly code?: lambda.Code;
  /**
   * The function's handler.
   * @default 'index.handler'
   */
  readonly handler?: string;
  /**
   * The function's runtime.
   * @default lambda.Runtime.NODEJS_LATEST
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Further function settings, applied over the tier's defaults (memory 512 MB,
   * timeout 10 s, arm64, active tracing, a log group kept one year, a role allowed only to
   * write its own logs). Do not set provisioned concurrency here: the event plan owns it.
   * @default - the tier's defaults
   */
  readonly functionOptions?: lambda.FunctionOptions;
  /**
   * Use this function instead of creating one (it must be a `Function` of this app, so a
   * version can be published from it).
   * @default - a function is created from `code`
   */
  readonly existingFunction?: lambda.Function;
  /**
   * The alias traffic goes to and provisioned concurrency is managed on.
   * @default 'live'
   */
  readonly aliasName?: string;

  /**
   * The table, as `TableV2` properties (at least `partitionKey`), applied over the tier's
   * defaults: on-demand billing, AWS-managed KMS encryption, point-in-time recovery,
   * deletion protection and retain on delete. Set the cost cap with
   * `maxReadRequestUnits`/`maxWriteRequestUnits`, not `billing`. Required unless
   * `existingTable` is given.
   * @default - none
   */
  readonly tableProps?: dynamodb.TablePropsV2;
  /**
   * Use this table instead of creating one.
   * @default - a table is created from `tableProps`
   */
  readonly existingTable?: dynamodb.ITableV2;
  /**
   * The table's on-demand maximum read request units per second (a cost cap). For an
   * existing table, give its current cap so event plans can raise and restore it.
   * @default - no cap
   */
  readonly maxReadRequestUnits?: number;
  /**
   * The table's on-demand maximum write request units per second (a cost cap).
   * @default - no cap
   */
  readonly maxWriteRequestUnits?: number;
  /**
   * What the function may do with the table.
   * @default TableAccess.READ_WRITE
   */
  readonly tableAccess?: TableAccess;
  /**
   * The environment variable that carries the table name to the function.
   * @default 'TABLE_NAME'
   */
  readonly tableNameEnvironmentVariable?: string;

  /**
   * Put an HTTP API (API Gateway v2) in front of the alias.
   * @default - no API
   */
  readonly httpApi?: StatelessTierHttpApiOptions;
}

/**
 * The part of an architecture that scales in seconds: a Lambda function published
 * behind an alias, a DynamoDB on-demand table it may read and/or write, and optionally an
 * HTTP API. `forEvent` plans what still needs preparing for a traffic event: provisioned
 * concurrency, warm throughput and the table's cost cap.
 *
 * The tier's template declares no provisioned concurrency: the event plan owns it (so a
 * deploy of this stack never fights a schedule, aws/aws-cdk#29992).
 */
export class StatelessTier extends Construct {
  /** The default per-table throughput quota, request units per second (raise it with AWS, then tell the plan). */
  public static readonly DEFAULT_TABLE_THROUGHPUT_QUOTA = DEFAULT_TABLE_THROUGHPUT_QUOTA;
  /** Reads per second an on-demand table serves from creation (its initial warm throughput). */
  public static readonly ON_DEMAND_INITIAL_READS = ON_DEMAND_INITIAL_READS;
  /** Writes per second an on-demand table serves from creation (its initial warm throughput). */
  public static readonly ON_DEMAND_INITIAL_WRITES = ON_DEMAND_INITIAL_WRITES;

  /** The function. */
  public readonly function: lambda.Function;
  /** The alias traffic and provisioned concurrency go to. */
  public readonly alias: lambda.Alias;
  /** The table. */
  public readonly table: dynamodb.ITableV2;
  /** The HTTP API, if one was asked for. */
  public readonly httpApi?: apigw.HttpApi;
  /** The table's baseline cost cap (reads per second), if it has one. */
  public readonly maxReadRequestUnits?: number;
  /** The table's baseline cost cap (writes per second), if it has one. */
  public readonly maxWriteRequestUnits?: number;
  /** The table's warm throughput as far as this app knows it (undefined for an existing table). */
  public readonly knownWarmThroughput?: dynamodb.WarmThroughput;
  /** The function's reserved concurrency, if set. */
  public readonly reservedConcurrentExecutions?: number;

  constructor(scope: Construct, id: string, props: StatelessTierProps) {
    super(scope, id);
    this.validate(props);
    this.maxReadRequestUnits = props.maxReadRequestUnits;
    this.maxWriteRequestUnits = props.maxWriteRequestUnits;

    this.table = props.existingTable ?? this.createTable(props);
    this.function = props.existingFunction ?? this.createFunction(props);
    this.reservedConcurrentExecutions = props.existingFunction
      ? undefined
      : props.functionOptions?.reservedConcurrentExecutions;
    this.function.addEnvironment(props.tableNameEnvironmentVariable ?? 'TABLE_NAME', this.table.tableName);

    this.alias = new lambda.Alias(this, 'Alias', {
      aliasName: props.aliasName ?? 'live',
      version: this.function.currentVersion,
    });

    const tableProps = props.tableProps;
    if (!props.existingTable && (tableProps?.globalSecondaryIndexes?.length || tableProps?.localSecondaryIndexes?.length)) {
      const tableId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnElement);
      Validations.of(this.function.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: 'The wildcard covers the secondary indexes of this tier\'s own table, which the function queries.',
      });
    }
    switch (props.tableAccess ?? TableAccess.READ_WRITE) {
      case TableAccess.READ:
        this.table.grantReadData(this.function);
        break;
      case TableAccess.WRITE:
        this.table.grantWriteData(this.function);
        break;
      default:
        this.table.grantReadWriteData(this.function);
    }

    if (props.httpApi) {
      this.httpApi = this.createHttpApi(props.httpApi);
    }
    if (!props.existingTable) {
      this.knownWarmThroughput = {
        readUnitsPerSecond: props.tableProps?.warmThroughput?.readUnitsPerSecond ?? ON_DEMAND_INITIAL_READS,
        writeUnitsPerSecond: props.tableProps?.warmThroughput?.writeUnitsPerSecond ?? ON_DEMAND_INITIAL_WRITES,
      };
    }
  }

  /**
   * The plan of this tier for one event: peak provisioned concurrency, warm throughput
   * and cost caps. Pass it to `EventReadiness`; it adds nothing to this tier's stack.
   */
  public forEvent(options: StatelessTierEventOptions = {}): ITierEventPlan {
    return new StatelessPlan(this._describe(), options);
  }

  /**
   * What the event plans need to know of this tier's function, table and API.
   * @internal
   */
  public _describe(): StatelessDescription {
    return {
      construct: this,
      subject: 'StatelessTier.forEvent',
      function: {
        functionName: this.function.functionName,
        aliasName: this.alias.aliasName,
        reservedConcurrentExecutions: this.reservedConcurrentExecutions,
        ...functionBillingFacts(this.function),
      },
      table: {
        table: this.table,
        maxReadRequestUnits: this.maxReadRequestUnits,
        maxWriteRequestUnits: this.maxWriteRequestUnits,
        knownWarmThroughput: this.knownWarmThroughput,
        globalSecondaryIndexNames: globalSecondaryIndexNamesOf(this.table),
      },
      httpApi: this.httpApi,
      functionMetric: (metricName, props) => this.alias.metric(metricName, props),
      scalableTargetIn: (resourceId, dimension) => teamScalableTarget(this.alias, resourceId, dimension),
    };
  }

  /** Invocations throttled on the alias (sum). */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric('Throttles', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Invocations that ended in an error on the alias (sum). */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric('Errors', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Invocations on the alias (sum). */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric('Invocations', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Invocations served on demand because provisioned concurrency was exhausted (sum). */
  public metricProvisionedConcurrencySpillover(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric('ProvisionedConcurrencySpilloverInvocations', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Share of provisioned concurrency in use (maximum, 0–1). */
  public metricProvisionedConcurrencyUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric('ProvisionedConcurrencyUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Concurrent executions of the alias (maximum). */
  public metricConcurrentExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Read and write throttle events of the table (sum of both). */
  public metricTableThrottleEvents(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return tableThrottleEvents(this.table, props);
  }

  /** Server-side errors of the table for the common item operations (sum over the operations). */
  public metricTableSystemErrors(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return tableSystemErrors(this.table, props);
  }

  /** Consumed read and write capacity units of the table, per second (1-minute periods). */
  public metricTableConsumedCapacity(): cloudwatch.IMetric[] {
    return tableConsumedCapacity(this.table);
  }

  /** 5xx responses of the HTTP API (sum); undefined without an API. */
  public metricApiServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.httpApi?.metricServerError({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  private validate(props: StatelessTierProps): void {
    const problems: string[] = [];
    if (props.existingFunction && (props.code || props.handler || props.runtime || props.functionOptions)) {
      problems.push('give either existingFunction or code/handler/runtime/functionOptions, not both');
    }
    if (!props.existingFunction && !props.code) {
      problems.push('code is required unless existingFunction is given');
    }
    if (props.existingTable && props.tableProps) {
      problems.push('give either existingTable or tableProps, not both');
    }
    if (!props.existingTable && !props.tableProps?.partitionKey) {
      problems.push('tableProps.partitionKey is required unless existingTable is given (the table needs its keys)');
    }
    if (props.tableProps?.billing) {
      problems.push('tableProps.billing must not be set: the tier is on-demand; set its cost cap with '
        + 'maxReadRequestUnits/maxWriteRequestUnits');
    }
    checkNumber(problems, 'maxReadRequestUnits', props.maxReadRequestUnits, { whole: true, min: 1 });
    checkNumber(problems, 'maxWriteRequestUnits', props.maxWriteRequestUnits, { whole: true, min: 1 });
    const pc = props.functionOptions?.currentVersionOptions?.provisionedConcurrentExecutions;
    if (pc !== undefined) {
      problems.push(`functionOptions.currentVersionOptions.provisionedConcurrentExecutions must not be set (got ${pc}): `
        + 'the event plan manages provisioned concurrency, and a template that declares it fails to deploy once a '
        + 'schedule has changed it (aws/aws-cdk#29992)');
    }
    const alias = props.aliasName;
    if (alias !== undefined && !/^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/.test(alias)) {
      problems.push(`aliasName must be 1-128 letters, digits, '-' or '_' and not only digits, got '${alias}'`);
    }
    const api = props.httpApi;
    if (api) {
      checkNumber(problems, 'httpApi.throttlingRateLimit', api.throttlingRateLimit, { whole: true, min: 1 });
      checkNumber(problems, 'httpApi.throttlingBurstLimit', api.throttlingBurstLimit, { whole: true, min: 1 });
    }
    // NaN here would slip through every later comparison (provisioned <= reserved).
    checkNumber(problems, 'functionOptions.reservedConcurrentExecutions',
      props.functionOptions?.reservedConcurrentExecutions, { whole: true, min: 0 });
    // The table's warm throughput is what event plans must exceed; DynamoDB takes whole units, at least 1.
    checkNumber(problems, 'tableProps.warmThroughput.readUnitsPerSecond',
      props.tableProps?.warmThroughput?.readUnitsPerSecond, { whole: true, min: 1 });
    checkNumber(problems, 'tableProps.warmThroughput.writeUnitsPerSecond',
      props.tableProps?.warmThroughput?.writeUnitsPerSecond, { whole: true, min: 1 });
    ValidationError.throwIfAny('StatelessTier', problems, this);
  }

  private createTable(props: StatelessTierProps): dynamodb.TableV2 {
    const tableProps = props.tableProps!;
    const table = new dynamodb.TableV2(this, 'Table', {
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...tableProps,
      billing: dynamodb.Billing.onDemand({
        maxReadRequestUnits: props.maxReadRequestUnits,
        maxWriteRequestUnits: props.maxWriteRequestUnits,
      }),
    });
    if (tableProps.removalPolicy !== undefined && tableProps.removalPolicy !== RemovalPolicy.RETAIN) {
      warn(this, 'table-not-retained',
        `The table's removalPolicy is ${tableProps.removalPolicy}: deleting the stack deletes its data.`);
    }
    return table;
  }

  private createFunction(props: StatelessTierProps): lambda.Function {
    const options = props.functionOptions ?? {};
    const logGroup = options.logGroup ?? new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_YEAR,
    });
    let role = options.role;
    if (!role) {
      const own = new iam.Role(this, 'ServiceRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Runs ${this.node.path}: writes its own logs and traces, reaches its table`,
      });
      own.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupRef.logGroupArn, `${logGroup.logGroupRef.logGroupArn}:log-stream:*`],
      }));
      role = own;
    }
    const fn = new lambda.Function(this, 'Function', {
      memorySize: 512,
      timeout: Duration.seconds(10),
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      ...options,
      logGroup,
      role,
      code: props.code!,
      handler: props.handler ?? 'index.handler',
      runtime: props.runtime ?? lambda.Runtime.NODEJS_LATEST,
    });
    if (!options.role && !options.logGroup) {
      const logGroupId = Stack.of(this).getLogicalId(logGroup.node.defaultChild as CfnElement);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logGroupId}.Arn>:log-stream:*]`,
        reason: 'Lambda names its log streams at run time; the wildcard covers only the streams of this function\'s '
          + 'own log group.',
      });
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Only X-Ray\'s PutTraceSegments and PutTelemetryRecords, added by active tracing, are granted on *: '
          + 'they support no resource-level permissions.',
      });
    }
    return fn;
  }

  private createHttpApi(options: StatelessTierHttpApiOptions): apigw.HttpApi {
    const api = new apigw.HttpApi(this, 'HttpApi', {
      description: `Front door of ${this.node.path}`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Integration', this.alias),
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: options.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    new apigw.HttpStage(this, 'HttpStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: options.throttlingRateLimit ?? 1000,
        burstLimit: options.throttlingBurstLimit ?? 2000,
      },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          requestTime: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latency: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
        })),
      },
    });
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The tier is a public, read-mostly front door (catalog browsing); authorization belongs to the '
        + 'application: add an authorizer to the routes through the exposed httpApi where callers must be known.',
    });
    return api;
  }
}
