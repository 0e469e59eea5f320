import { TierCostBasis } from '../plans/cost-basis';

/** One step of the event's timeline, as recorded in the plan. */
export interface EventPlanStep {
  /** `prewarm`, `peak`, `ramp-down-k` or `baseline`. */
  readonly id: string;
  /** The step's kind. */
  readonly kind: string;
  /** ISO-8601 UTC. */
  readonly utc: string;
  /** Local wall-clock time in the event's zone. */
  readonly local: string;
  /** The zone's offset at the step. */
  readonly utcOffset: string;
}

/** One scheduled change, as recorded in the plan. */
export interface EventPlanChange {
  /** The step it belongs to. */
  readonly step: string;
  /** How long after the step it fires. */
  readonly delaySeconds: number;
  /** When it fires, in UTC. */
  readonly atUtc: string;
  /** When, in the event's zone. */
  readonly atLocal: string;
  /** What is changed. */
  readonly setting: string;
  /** What resource is changed. */
  readonly subject: string;
  /** The setting before. */
  readonly before: string;
  /** The setting after. */
  readonly after: string;
  /**
   * The setting before, as a number, where `before` is not one.
   * @default - absent: read `before` as a number
   */
  readonly beforeValue?: number;
  /**
   * The setting after, as a number, where it has one.
   * @default - absent: the setting is not numeric (an instance class)
   */
  readonly afterValue?: number;
  /** `SCALE_UP` or `SCALE_DOWN`. */
  readonly direction: string;
  /** How it is carried out. */
  readonly mechanism: string;
  /** The API action (`rds:modifyDBCluster`) or scalable dimension. */
  readonly action: string;
  /** Its worst-case time to take effect. */
  readonly leadTimeSeconds: number;
  /**
   * For scale-ups: when it must have taken effect (the event's start).
   * @default - absent for scale-downs
   */
  readonly readyByUtc?: string;
  /**
   * For scale-ups: the time to spare after the worst case (applied as late as retries allow,
   * then its lead time); never negative in a synthesized plan.
   * @default - absent for scale-downs
   */
  readonly marginSeconds?: number;
  /**
   * How late after `atUtc` the change may still be applied, retries included (the event's
   * maximum event age for schedules; 0 for Application Auto Scaling scheduled actions; a gated
   * step's maximum hold and call added).
   */
  readonly retryWindowSeconds: number;
  /** False when the step was already past at synth time (the change is not scheduled). */
  readonly scheduled: boolean;
  /**
   * The Region the change is made in, when another than the event's (its schedule is in the
   * event's companion stack there).
   * @default - the event's Region
   */
  readonly region?: string;
  /**
   * For Application Auto Scaling changes: the logical ID of the scalable target in the readiness
   * stack (its physical ID, `<resource ID>|<dimension>|<namespace>`, names the target).
   * @default - absent for Scheduler changes
   */
  readonly scalableTargetLogicalId?: string;
  /**
   * For a RegisterScalableTarget call on a scalable target another stack registered: the target
   * as Application Auto Scaling names it, `<resource ID>|<dimension>|<namespace>`, when its
   * resource ID is known at synth.
   * @default - absent for other changes, and when the resource ID is known only once deployed
   */
  readonly scalableTargetId?: string;
  /**
   * For a ramp-down step the event gates: how it is held while the tier is hot.
   * @default - not gated: the change is made at its time
   */
  readonly gate?: EventPlanGate;
}

/** How a gated ramp-down step is held, as recorded in the plan. */
export interface EventPlanGate {
  /** The tier's gate state machine (started by the step's schedule). */
  readonly stateMachineName: string;
  /** The alarms that hold the step while any is in ALARM. */
  readonly alarmNames: string[];
  /** How long a held step waits between checks. */
  readonly checkEverySeconds: number;
  /** The longest a step is held. */
  readonly maximumHoldSeconds: number;
  /** `APPLY` or `SKIP`: what a step still held after the maximum hold does. */
  readonly whenHeldTooLong: string;
}

/** One tier, as recorded in the plan. */
export interface EventPlanTier {
  /** The tier's name in the event. */
  readonly name: string;
  /** The tier construct's path. */
  readonly path: string;
  /** Its changes, in the order the tier planned them. */
  readonly changes: EventPlanChange[];
  /** Its alarms' names. */
  readonly alarmNames: string[];
  /**
   * Its composite alarm's name.
   * @default - absent when the tier has no alarms
   */
  readonly healthAlarmName?: string;
  /**
   * What the plan says that no change shows (e.g. warm throughput an earlier event of the
   * calendar already raised, left as it is).
   * @default - absent when there is nothing to say
   */
  readonly notes?: string[];
  /**
   * What the tier is billed by, for `plan --cost`.
   * @default - absent: the tier's changes are priced as unknown
   */
  readonly costBasis?: TierCostBasis;
}

/** The event plan written to the readiness stack's template Metadata, read by the CLI. */
export interface EventPlanDocument {
  /** The version of this shape. */
  readonly schemaVersion: number;
  /** The event's name. */
  readonly eventName: string;
  /** The event's IANA zone. */
  readonly timeZone: string;
  /** Start as given (local). */
  readonly start: string;
  /** End as given (local). */
  readonly end: string;
  /** Start in UTC. */
  readonly startUtc: string;
  /** End in UTC. */
  readonly endUtc: string;
  /** The timeline. */
  readonly timeline: EventPlanStep[];
  /** The tiers. */
  readonly tiers: EventPlanTier[];
  /** The schedule group. */
  readonly scheduleGroup: string;
  /** Every alarm's name. */
  readonly alarmNames: string[];
  /** The composite alarm's name. */
  readonly healthAlarmName: string;
  /** The dashboard's name. */
  readonly dashboardName: string;
  /** What the plan created. */
  readonly resources: EventPlanResources;
  /**
   * The event's other Regions: each has a companion stack with that Region's schedules, dead-letter
   * queue, alarms and composite alarm.
   * @default - none
   */
  readonly regions?: EventPlanRegion[];
  /**
   * The construct path of the `EventCalendar` the event belongs to.
   * @default - absent for an event planned on its own
   */
  readonly calendar?: string;
  /**
   * The event this one rehearses (an `EventRehearsal`).
   * @default - not a rehearsal
   */
  readonly rehearsalOf?: string;
}

/** What an event plan created, as counted in its plan document. */
export interface EventPlanResources {
  /** Scheduler schedules. */
  readonly schedules: number;
  /** Application Auto Scaling scalable targets the event's scheduled actions use (shared ones in a calendar included). */
  readonly scalableTargets: number;
}

/** What an event has in another Region (its companion stack). */
export interface EventPlanRegion {
  /** The Region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The companion stack's name. */
  readonly stackName: string;
  /** The Region's schedule group (named after the event, as in the event's own Region). */
  readonly scheduleGroup: string;
  /** Every alarm of the event in that Region. */
  readonly alarmNames: string[];
  /** The composite over them. */
  readonly healthAlarmName: string;
}
