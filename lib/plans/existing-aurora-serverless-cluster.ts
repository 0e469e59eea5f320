import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { AuroraEngineFacts, auroraEngineFacts, estimateAuroraMaxConnections } from '../private/aurora-engines';
import { auroraStorageTypeOf } from '../private/billing-facts';
import { MAX_AURORA_READERS } from '../private/limits';
import { literalOf, sameEnvironmentProblems } from '../private/literals';
import { rdsMetric } from '../private/metrics';
import { rdsIdentifierProblems } from '../private/names';
import { checkNumber } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { AcuRange } from './acu-range';
import { AuroraServerlessPlan, AuroraServerlessTierEventOptions } from './aurora-serverless-plan';
import { checkedOwner, teamScalableTarget } from './owned-scalable-target';
import { ExistingScalableTarget } from './scheduled-change';
import { ITierEventPlan } from './tier-plan';

/** The Aurora Serverless v2 cluster an `ExistingAuroraServerlessCluster` plans for, and what cannot be read from it. */
export interface ExistingAuroraServerlessClusterProps {
  /**
   * The cluster: an `rds.DatabaseCluster` with a Serverless v2 writer of your own stack, or one
   * imported with `rds.DatabaseCluster.fromDatabaseClusterAttributes` (give `engine` there, or
   * below). Its identifier must be known at synth time.
   */
  readonly cluster: rds.IDatabaseCluster;
  /**
   * The engine (Aurora PostgreSQL or Aurora MySQL, with its version).
   * @default - the cluster's engine
   */
  readonly engine?: rds.IClusterEngine;
  /**
   * The everyday capacity range.
   * @default - read from an `rds.DatabaseCluster`; required for an imported cluster
   */
  readonly capacity?: AcuRange;
  /**
   * The everyday readers (Aurora Replicas).
   * @default - read from an `rds.DatabaseCluster` (or the `instanceIdentifiers` it was imported with, less the writer); required otherwise
   */
  readonly readers?: number;
  /**
   * max_connections per instance, when the cluster's parameter group sets it.
   * @default - estimated from the everyday maximum capacity with the engine's default formula
   */
  readonly maxConnections?: number;
  /**
   * The name of the RDS Proxy in front of the cluster, if any: its borrow latency is watched and
   * its connections graphed.
   * @default - no proxy
   */
  readonly proxyName?: string;
  /**
   * The cluster's storage configuration (it sets the price of an ACU-hour for `plan --cost`).
   * @default - read from a cluster of the app (RDS's default, Standard, when not set); unknown
   * for an imported cluster
   */
  readonly storageType?: rds.DBClusterStorageType;
  /**
   * The cluster's reader-count scalable target (`rds:cluster:ReadReplicaCount`), when another
   * stack registered it with scaling policies of its own: its everyday bounds. The event then
   * updates its minimum with RegisterScalableTarget, which keeps the policies, restores these
   * bounds at baseline and never deregisters it.
   * @default - looked for in the app (a `CfnScalableTarget` for the cluster's readers, in any
   * stack); otherwise the event registers the target itself
   */
  readonly readersTarget?: ExistingScalableTarget;
}

/**
 * An Aurora Serverless v2 cluster the library did not create, described for event plans:
 * `forEvent` returns the same plan as `AuroraServerlessTier.forEvent` (ACU range, extra readers,
 * alarms, dashboard row). It adds nothing to the cluster's stack (the cluster is named by its
 * identifier).
 */
export class ExistingAuroraServerlessCluster extends Construct {
  /** The cluster's identifier. */
  public readonly clusterIdentifier: string;
  /** The everyday capacity range. */
  public readonly capacity: AcuRange;
  /** The everyday readers. */
  public readonly readers: number;
  private readonly props: ExistingAuroraServerlessClusterProps;
  private readonly engine: AuroraEngineFacts;

  constructor(scope: Construct, id: string, props: ExistingAuroraServerlessClusterProps) {
    super(scope, id);
    this.props = props;
    const problems: string[] = [];
    if (!props?.cluster?.node) {
      throw new ValidationError('ExistingAuroraServerlessCluster: cluster is required (an rds.IDatabaseCluster)', this);
    }
    problems.push(...sameEnvironmentProblems(this, props.cluster));
    const cfn = props.cluster.node.defaultChild instanceof rds.CfnDBCluster ? props.cluster.node.defaultChild : undefined;
    const engine = auroraEngineFacts(props.engine ?? props.cluster.engine);
    if (typeof engine === 'string') {
      problems.push(engine);
    }
    this.engine = engine as AuroraEngineFacts; // a string is thrown below
    const identifier = literalOf(cfn?.dbClusterIdentifier, cfn) ?? literalOf(props.cluster.clusterIdentifier);
    if (identifier === undefined) {
      problems.push(cfn
        ? 'the cluster\'s identifier is not known at synth time: give the DatabaseCluster a clusterIdentifier'
        : 'the imported cluster\'s identifier is not known at synth time (a deploy-time value, such as an import of another '
          + 'stack\'s output): give fromDatabaseClusterAttributes the identifier as a literal string, e.g. clusterIdentifier: \'sessions\'');
    } else {
      problems.push(...rdsIdentifierProblems('the cluster identifier', identifier));
    }
    this.clusterIdentifier = (identifier ?? 'unknown').toLowerCase();

    const scaling = literalOf(cfn?.serverlessV2ScalingConfiguration, cfn) as rds.CfnDBCluster.ServerlessV2ScalingConfigurationProperty | undefined;
    const min = literalOf(scaling?.minCapacity);
    const max = literalOf(scaling?.maxCapacity);
    const pause = literalOf(scaling?.secondsUntilAutoPause);
    let capacity = props.capacity;
    if (!capacity && typeof min === 'number' && typeof max === 'number') {
      capacity = min === 0 ? AcuRange.autoPausing(max, typeof pause === 'number' ? Duration.seconds(pause) : undefined) : AcuRange.between(min, max);
    }
    if (!capacity) {
      problems.push('capacity is required: the Serverless v2 range of an imported cluster (or one without serverlessV2 settings) cannot be read');
    } else if (!(capacity instanceof AcuRange)) {
      problems.push('capacity must be an AcuRange (AcuRange.between(min, max))');
    } else if (typeof engine !== 'string') {
      problems.push(...capacity._problems('capacity', engine.autoPauseSupported, engine.maxCapacityAllowed, engine.label));
    }
    this.capacity = capacity instanceof AcuRange ? capacity : AcuRange.between(0.5, 1);

    const known = props.readers === undefined ? instanceIdentifiersOf(props.cluster) : undefined;
    const readers = props.readers ?? (known && known.length > 0 ? known.length - 1 : undefined);
    if (readers === undefined) {
      problems.push('readers is required: the reader count of an imported cluster cannot be read (or import it with instanceIdentifiers)');
    } else {
      checkNumber(problems, 'readers', readers, { whole: true, min: 0, max: MAX_AURORA_READERS });
    }
    this.readers = readers ?? 0;
    checkNumber(problems, 'maxConnections', props.maxConnections, { whole: true, min: 1 });
    // RDS Proxy names: 1-63 letters, digits and hyphens, a letter first, no hyphen last or twice in a row.
    if (props.proxyName !== undefined && (typeof props.proxyName !== 'string'
      || !/^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/.test(props.proxyName) || props.proxyName.endsWith('-'))) {
      problems.push(`proxyName '${props.proxyName}' is not an RDS Proxy name (1-63 letters, digits and hyphens, a letter `
        + 'first, no hyphen last or twice in a row)');
    }
    ValidationError.throwIfAny('ExistingAuroraServerlessCluster', problems, this);
  }

  /**
   * The plan of this cluster for one event: peak ACU range (and extra readers). Pass it to
   * `EventReadiness`.
   */
  public forEvent(options: AuroraServerlessTierEventOptions): ITierEventPlan {
    const engine = this.engine;
    const stack = Stack.of(this);
    const id = this.clusterIdentifier;
    const estimate = estimateAuroraMaxConnections(engine.family, this.capacity);
    return new AuroraServerlessPlan({
      construct: this,
      subject: 'ExistingAuroraServerlessCluster.forEvent',
      engineLabel: engine.label,
      clusterIdentifier: id,
      clusterArn: stack.formatArn({ service: 'rds', resource: 'cluster', resourceName: id, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      capacity: this.capacity,
      readers: this.readers,
      maxReaders: MAX_AURORA_READERS,
      maxConnections: this.props.maxConnections ?? estimate.value,
      maxConnectionsBasis: this.props.maxConnections !== undefined ? 'set in the parameter group' : estimate.basis,
      maxCapacityAllowed: engine.maxCapacityAllowed,
      autoPauseSupported: engine.autoPauseSupported,
      proxyName: this.props.proxyName,
      storageType: this.props.storageType ?? auroraStorageTypeOf(this.props.cluster),
      metric: (metricName, props) => rdsMetric('DBClusterIdentifier', id, metricName, props),
      readersTarget: this.props.readersTarget && checkedOwner(this.props.readersTarget, 'readersTarget', this),
      scalableTargetIn: (resourceId, dimension) => teamScalableTarget(this.props.cluster, resourceId, dimension),
    }, options);
  }
}

/** A cluster's instance identifiers, tokens or not (an imported cluster without them throws on access). */
function instanceIdentifiersOf(cluster: rds.IDatabaseCluster): string[] | undefined {
  try {
    return cluster.instanceIdentifiers;
  } catch {
    return undefined;
  }
}
