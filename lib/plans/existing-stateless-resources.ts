import { Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { functionBillingFacts } from '../private/billing-facts';
import { literalOf, numberOf, sameEnvironmentProblems } from '../private/literals';
import { globalSecondaryIndexNamesOf, lambdaMetric } from '../private/metrics';
import { aliasNameProblems, functionNameProblems, tableNameProblems } from '../private/names';
import { checkNumber } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { checkedOwner, teamScalableTarget } from './owned-scalable-target';
import { ExistingScalableTarget } from './scheduled-change';
import { FunctionDescription, StatelessPlan, StatelessTierEventOptions, TableDescription } from './stateless';
import { ITierEventPlan } from './tier-plan';

/** The function and table an `ExistingStatelessResources` plans for, and what cannot be read from them. */
export interface ExistingStatelessResourcesProps {
  /**
   * The function. Provisioned concurrency is set on a version alias: give the alias
   * (`lambda.Alias`, or `lambda.Alias.fromAliasAttributes`); a bare function gets alarms and
   * graphs but no provisioned concurrency.
   * @default - no function: the plan changes only the table
   */
  readonly function?: lambda.IFunction;
  /**
   * The version alias of `function` that provisioned concurrency is set on, when `function` is
   * not itself an alias (e.g. imported by name).
   * @default - the alias, when `function` is one; otherwise none
   */
  readonly aliasName?: string;
  /**
   * The function's reserved concurrency (provisioned concurrency must fit in it).
   * @default - read from a `lambda.Function`; otherwise not checked
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The function's memory, MiB (provisioned concurrency is billed per GB-second: `plan --cost`).
   * @default - read from a function of the app (Lambda's 128 when not set); unknown for an
   * imported function
   */
  readonly functionMemorySize?: number;
  /**
   * The function's architecture (`plan --cost` prices provisioned concurrency by it).
   * @default - read from a function of the app (x86_64 when not set); unknown for an imported
   * function
   */
  readonly functionArchitecture?: lambda.Architecture;
  /**
   * The alias's provisioned-concurrency scalable target (`lambda:function:ProvisionedConcurrency`),
   * when another stack registered it with scaling policies of its own (e.g. target tracking on
   * utilization): its everyday bounds. The event then updates its minimum with
   * RegisterScalableTarget, which keeps the policies, restores these bounds at baseline and never
   * deregisters it.
   * @default - looked for in the app (what `alias.addAutoScaling(...)` registers, or a
   * `CfnScalableTarget` for the alias in any stack); otherwise the event registers the target itself
   */
  readonly provisionedConcurrencyTarget?: ExistingScalableTarget;
  /**
   * The on-demand table: a `dynamodb.TableV2` or `dynamodb.Table`, or one imported by name.
   * @default - no table: the plan changes only the function
   */
  readonly table?: dynamodb.ITable;
  /**
   * The table's everyday maximum read request units per second (its on-demand cost cap).
   * @default - read from a `TableV2`/`Table`; otherwise the table has no read cap
   */
  readonly maxReadRequestUnits?: number;
  /**
   * The table's everyday maximum write request units per second.
   * @default - read from a `TableV2`/`Table`; otherwise the table has no write cap
   */
  readonly maxWriteRequestUnits?: number;
  /**
   * The table's warm throughput as you last set it (it can only have risen since). A side an
   * event asks for at or below it is not sent (DynamoDB rejects a request to lower it); the
   * plan says so in a note.
   * @default - read from a `TableV2`/`Table` that sets it; otherwise unknown
   */
  readonly warmThroughput?: dynamodb.WarmThroughput;
  /**
   * The names of the table's global secondary indexes, whose throttles are watched beside the
   * table's (its own throttle metrics leave the indexes out).
   * @default - read from a `TableV2`/`Table`; otherwise none are watched
   */
  readonly globalSecondaryIndexNames?: string[];
  /**
   * The HTTP API in front of the function (its 5xx are watched).
   * @default - none
   */
  readonly httpApi?: apigw.IHttpApi;
}

/**
 * A Lambda function (alias) and an on-demand DynamoDB table the library did not create,
 * described for event plans: `forEvent` returns the same plan as `StatelessTier.forEvent`
 * (provisioned concurrency, warm throughput, cost caps, alarms, dashboard row). It adds nothing
 * to their stacks when their names are known at synth time (they are then named, not referenced).
 */
export class ExistingStatelessResources extends Construct {
  private readonly fn?: FunctionDescription;
  private readonly tableDescription?: TableDescription;
  private readonly props: ExistingStatelessResourcesProps;

  constructor(scope: Construct, id: string, props: ExistingStatelessResourcesProps) {
    super(scope, id);
    this.props = props;
    const problems: string[] = [];
    if (!props.function && !props.table) {
      problems.push('give a function, a table or both');
    }
    if (props.function) {
      const fn = props.function as lambda.IFunction & Partial<lambda.IAlias>;
      const isAlias = typeof fn.aliasName === 'string' && fn.version !== undefined;
      const base: lambda.IFunction = isAlias ? fn.version!.lambda : fn;
      const cfnFunction = base.node.defaultChild instanceof lambda.CfnFunction ? base.node.defaultChild : undefined;
      const functionName = literalOf(cfnFunction?.functionName, cfnFunction) ?? literalOf(base.functionName) ?? nameInArn(base);
      if (functionName === undefined) {
        problems.push('the function\'s name is not known at synth time: give the Function a functionName, or import it by name');
      } else {
        problems.push(...functionNameProblems('the function name', functionName));
      }
      const reserved = props.reservedConcurrentExecutions ?? numberOf(literalOf(cfnFunction?.reservedConcurrentExecutions, cfnFunction));
      checkNumber(problems, 'reservedConcurrentExecutions', props.reservedConcurrentExecutions, { whole: true, min: 0 });
      if (props.aliasName !== undefined) {
        problems.push(...aliasNameProblems('aliasName', props.aliasName));
      }
      problems.push(...sameEnvironmentProblems(this, base));
      if (isAlias && props.aliasName !== undefined && props.aliasName !== fn.aliasName) {
        problems.push(`aliasName '${props.aliasName}' differs from the alias given as function ('${fn.aliasName}')`);
      }
      checkNumber(problems, 'functionMemorySize', props.functionMemorySize, { whole: true, min: 128, max: 10240 });
      const billing = functionBillingFacts(base);
      this.fn = {
        functionName: functionName ?? 'unknown',
        aliasName: props.aliasName ?? (isAlias ? fn.aliasName : undefined),
        reservedConcurrentExecutions: reserved,
        memoryMiB: props.functionMemorySize ?? billing.memoryMiB,
        architecture: props.functionArchitecture?.name ?? billing.architecture,
        provisionedConcurrencyTarget: props.provisionedConcurrencyTarget
          && checkedOwner(props.provisionedConcurrencyTarget, 'provisionedConcurrencyTarget', this),
      };
    }
    if (props.table) {
      const cfn = props.table.node.defaultChild;
      const cfnTable = cfn instanceof dynamodb.CfnTable ? cfn : undefined;
      const cfnGlobal = cfn instanceof dynamodb.CfnGlobalTable ? cfn : undefined;
      const tableName = literalOf(cfnTable?.tableName, cfnTable) ?? literalOf(cfnGlobal?.tableName, cfnGlobal) ?? literalOf(props.table.tableName);
      if (tableName === undefined) {
        problems.push('the table\'s name is not known at synth time: give the table a tableName, or import it by name');
      } else {
        problems.push(...tableNameProblems('the table name', tableName));
      }
      if ((cfnTable && literalOf(cfnTable.billingMode, cfnTable) !== 'PAY_PER_REQUEST') || (cfnGlobal && literalOf(cfnGlobal.billingMode, cfnGlobal) !== 'PAY_PER_REQUEST')) {
        problems.push('the table must be on-demand (PAY_PER_REQUEST): the plan raises on-demand caps and warm throughput');
      }
      // Table: OnDemandThroughput; TableV2 (a global table): the write cap on the table, the read cap per replica.
      const onDemand = literalOf(cfnTable?.onDemandThroughput, cfnTable) as
        { maxReadRequestUnits?: number; maxWriteRequestUnits?: number } | undefined;
      const globalWrite = literalOf(cfnGlobal?.writeOnDemandThroughputSettings, cfnGlobal) as { maxWriteRequestUnits?: number } | undefined;
      // The read cap is per replica: the one of the table's own Region (aws-cdk-lib names it by the
      // AWS::Region pseudo parameter, after the other Regions' replicas), not of any other Region.
      const stackRegion = cfnGlobal ? Stack.of(cfnGlobal).region : undefined;
      const replicas: any[] = cfnGlobal ? Stack.of(cfnGlobal).resolve(cfnGlobal.replicas) ?? [] : [];
      const localReplica = replicas.find((r) => r?.region?.Ref === 'AWS::Region'
        || (typeof r?.region === 'string' && !Token.isUnresolved(stackRegion) && r.region === stackRegion));
      const globalRead = literalOf(localReplica?.readOnDemandThroughputSettings) as { maxReadRequestUnits?: number } | undefined;
      const warm = literalOf(cfnTable?.warmThroughput ?? cfnGlobal?.warmThroughput, cfnTable ?? cfnGlobal) as
        { readUnitsPerSecond?: number; writeUnitsPerSecond?: number } | undefined;
      for (const [name, value] of [['maxReadRequestUnits', props.maxReadRequestUnits], ['maxWriteRequestUnits', props.maxWriteRequestUnits],
        ['warmThroughput.readUnitsPerSecond', props.warmThroughput?.readUnitsPerSecond],
        ['warmThroughput.writeUnitsPerSecond', props.warmThroughput?.writeUnitsPerSecond]] as const) {
        checkNumber(problems, name, value, { whole: true, min: 1 });
      }
      for (const name of props.globalSecondaryIndexNames ?? []) {
        // DynamoDB index names: 3-255 characters, a-z, A-Z, 0-9, '_', '-' and '.'.
        if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(name)) {
          problems.push(`globalSecondaryIndexNames: '${name}' is not an index name (3-255 characters: letters, digits, `
            + '\'_\', \'-\' and \'.\')');
        }
      }
      if (new Set(props.globalSecondaryIndexNames ?? []).size !== (props.globalSecondaryIndexNames ?? []).length) {
        problems.push(`globalSecondaryIndexNames names an index twice: ${props.globalSecondaryIndexNames!.join(', ')}`);
      }
      problems.push(...sameEnvironmentProblems(this, props.table));
      // An imported table is referenced by its name in this stack: no reference to the table's own stack.
      const table = tableName !== undefined && (cfnTable || cfnGlobal)
        ? dynamodb.Table.fromTableName(this, 'Table', tableName)
        : props.table;
      this.tableDescription = {
        table,
        maxReadRequestUnits: props.maxReadRequestUnits ?? numberOf(literalOf(onDemand?.maxReadRequestUnits ?? globalRead?.maxReadRequestUnits)),
        maxWriteRequestUnits: props.maxWriteRequestUnits ?? numberOf(literalOf(onDemand?.maxWriteRequestUnits ?? globalWrite?.maxWriteRequestUnits)),
        knownWarmThroughput: props.warmThroughput
          ?? (warm ? { readUnitsPerSecond: warm.readUnitsPerSecond, writeUnitsPerSecond: warm.writeUnitsPerSecond } : undefined),
        globalSecondaryIndexNames: props.globalSecondaryIndexNames ?? globalSecondaryIndexNamesOf(props.table),
      };
    }
    ValidationError.throwIfAny('ExistingStatelessResources', problems, this);
  }

  /**
   * The plan of these resources for one event: peak provisioned concurrency, warm throughput
   * and cost caps. Pass it to `EventReadiness`.
   */
  public forEvent(options: StatelessTierEventOptions = {}): ITierEventPlan {
    const fn = this.fn;
    return new StatelessPlan({
      construct: this,
      subject: 'ExistingStatelessResources.forEvent',
      function: fn,
      table: this.tableDescription,
      scalableTargetIn: (resourceId, dimension) => (this.props.function
        ? teamScalableTarget(this.props.function, resourceId, dimension) : undefined),
      httpApi: this.props.httpApi,
      functionMetric: (metricName, props) => lambdaMetric(fn?.functionName ?? 'unknown', fn?.aliasName, metricName, props),
    }, options);
  }
}

/**
 * The function name at the end of a function's ARN, when the ARN is built from a literal name
 * (`lambda.Function.fromFunctionName` formats one in the importing stack's partition and Region).
 */
function nameInArn(fn: lambda.IFunction): string | undefined {
  const resolved = Stack.of(fn).resolve(fn.functionArn);
  const parts: unknown[] | undefined = typeof resolved === 'string' ? [resolved] : resolved?.['Fn::Join']?.[1];
  const last = parts?.[parts.length - 1];
  // Any name, so a name Lambda would reject is reported as such, not as unknown.
  const m = typeof last === 'string' ? /:function:([^:]+)$/.exec(last) : null;
  return m?.[1];
}
