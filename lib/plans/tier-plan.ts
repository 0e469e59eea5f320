import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { TierCostBasis } from './cost-basis';
import { IPermanentSettings } from './permanent-settings';
import { ScheduledChange } from './scheduled-change';

/** What the readiness construct tells a tier plan when it binds it. */
export interface TierEventContext {
  /** The event's window and timeline. */
  readonly window: EventWindow;
  /**
   * How late a scheduled (universal-target) change may still be applied, retries included:
   * a change that must wait for an earlier one of the same resource waits this long too.
   */
  readonly maximumEventAge: Duration;
  /**
   * Where the plan's constructs for another Region belong (log groups of replicas there): the
   * tier's scope in the readiness construct's companion stack in that Region, where the changes
   * and alarms the plan gives that Region are created too.
   * @default - none: a plan may not change resources in another Region
   */
  readonly regions?: ITierRegions;
  /**
   * Settings that only go up (DynamoDB warm throughput), as the earlier events of the same
   * readiness construct or calendar leave them: ask it before planning a raise, so a later,
   * smaller event sends nothing instead of a lowering AWS would reject.
   * @default - no ledger: the plan knows only the resource's own settings
   */
  readonly permanentSettings?: IPermanentSettings;
}

/** The tier's scopes in the companion stacks of its readiness construct, one per other Region. */
export interface ITierRegions {
  /** The tier's scope in the companion stack in `region` (created on first use). */
  scopeIn(region: string): Construct;
}

/** An alarm a tier wants watched during the event. */
export interface TierAlarm {
  /**
   * A short id, unique within the tier (`[a-z0-9-]`); the alarm is named
   * `<event>-<tier>-<id>` (an `accountWide` one `<event>-<id>`) so tools can find an event's
   * alarms by prefix.
   */
  readonly id: string;
  /** What the alarm is about, for operators. */
  readonly description: string;
  /** The metric watched. */
  readonly metric: cloudwatch.IMetric;
  /** The threshold. */
  readonly threshold: number;
  /** How the metric is compared with the threshold. */
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  /** How many periods are evaluated. */
  readonly evaluationPeriods: number;
  /**
   * How many of those periods must breach.
   * @default - evaluationPeriods
   */
  readonly datapointsToAlarm?: number;
  /**
   * How missing data is treated.
   * @default TreatMissingData.NOT_BREACHING
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
  /**
   * The Region of the metric, when it is another than the readiness construct's: the alarm is
   * created in the companion stack in that Region (an alarm reads metrics of its own Region only),
   * and that Region's composite and topic watch it.
   * @default - the readiness construct's Region
   */
  readonly region?: string;
  /**
   * The alarm watches a metric of the whole account and Region, not of the tier: the event
   * creates it once, named `<event>-<id>`, however many tiers ask for it (they must then agree on
   * its threshold), outside the tier's composite.
   * @default false
   */
  readonly accountWide?: boolean;
}

/** A graph in the tier's row of the event dashboard. */
export interface TierDashboardGraph {
  /** The graph's title. */
  readonly title: string;
  /** Metrics on the left axis. */
  readonly left: cloudwatch.IMetric[];
  /**
   * Metrics on the right axis.
   * @default - none
   */
  readonly right?: cloudwatch.IMetric[];
  /**
   * Horizontal lines on the left axis (planned capacity, thresholds).
   * @default - none
   */
  readonly leftAnnotations?: cloudwatch.HorizontalAnnotation[];
}

/** What a tier plan yields for one event. */
export interface TierEventBinding {
  /** Every scheduled change, at the steps the tier plans them. */
  readonly changes: ScheduledChange[];
  /**
   * The alarms to watch.
   * @default - none
   */
  readonly alarms?: TierAlarm[];
  /**
   * The graphs of the tier's dashboard row.
   * @default - none
   */
  readonly dashboardGraphs?: TierDashboardGraph[];
  /**
   * What an operator should know about the plan that no change shows, e.g. a setting an
   * earlier event already raised and that this event therefore leaves as it is. Recorded in
   * the plan document and printed by `event-readiness plan`.
   * @default - none
   */
  readonly notes?: string[];
  /**
   * What the tier is billed by (engine, deployment, classes, function memory and architecture),
   * recorded in the plan document so `event-readiness plan --cost` can price every change.
   * @default - the tier's changes are shown with unknown prices
   */
  readonly costBasis?: TierCostBasis;
}

/**
 * The contract between a tier and the event readiness construct: what
 * `tier.forEvent({...})` returns. The readiness construct binds it once, in its own
 * scope, so that everything event-specific lives in the readiness stack and the tier's
 * own stack never changes for an event.
 */
export interface ITierEventPlan {
  /**
   * The tier's name within the event: 1-20 lowercase letters, digits and single
   * hyphens. It names the tier's alarms and dashboard row.
   */
  readonly tierName: string;
  /** The tier construct the plan is for (it must be in the same app as the readiness construct). */
  readonly tier: IConstruct;
  /**
   * Returns the tier's changes, alarms and graphs for the event. Called once by the readiness
   * construct (an `EventRehearsal` calls it once more first, in a scratch app, to measure the
   * changes' lead times); `scope` is where any helper constructs belong. It must not add
   * anything to the tier's own stack, and must give the same changes for the same window.
   */
  bind(scope: Construct, context: TierEventContext): TierEventBinding;
}
