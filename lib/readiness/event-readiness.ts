import { CfnElement, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { PermanentSettings } from '../plans/permanent-settings';
import { ChangeDirection, ChangeMechanism, ScheduledChange } from '../plans/scheduled-change';
import { ITierEventPlan, TierAlarm, TierEventBinding } from '../plans/tier-plan';
import { DEFAULT_MAXIMUM_EVENT_AGE_MINUTES, NOW_CONTEXT_KEY, PLAN_METADATA_PREFIX, PLAN_SCHEMA_VERSION } from '../private/limits';
import { NAME_RULE, isValidName } from '../private/names';
import { keepReferenced } from '../private/references';
import { checkDuration, LEAD_TIME } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';
import { isoUtc } from '../private/zoned-time';
import { bindingProblems } from './binding-rules';
import { CALENDAR_MEMBERSHIP, CalendarMembership } from './calendar-membership';
import { emailProblems, resolveNow, stackResourceProblems } from './checks';
import { claimWhatTheTierChanges } from './claims';
import { addDashboardRow, createEventDashboard } from './dashboard';
import { alarmNameOf, createDeadLetterAlarm, createDeadLetterQueue, createEventAlarm, gateAlarmNames } from './event-alarms';
import { EventRegion } from './event-region';
import { createGateStateMachine, gateDelayMs, gateFailureAlarm, gateMetrics, gates, TierGate } from './gated-ramp-down';
import { allowEventAlarmsOnGivenTopic, createAlarmTopic } from './notifications';
import { EventPlanDocument, EventPlanTier } from './plan-document';
import { planRecord } from './plan-records';
import { RampDownGate } from './ramp-down-gate';
import { REHEARSAL_OF } from './rehearsal-record';
import { byScalableTarget, createScalableTargets, Gating, isRegisterCall, registerCallOf, scalableTargetKey } from './scalable-targets';
import { createSchedules, SCHEDULER_ALARM_IDS, schedulerAlarms, TierSchedules } from './schedules';

/**
 * What an {@link EventReadiness} and an `EventCalendar` (for each of its events) are told
 * besides the events themselves: where notifications go, how schedules retry, the clock.
 */
export interface EventReadinessOptions {
  /**
   * E-mail addresses subscribed to the alarm topic.
   * @default - none
   */
  readonly alarmEmails?: string[];
  /**
   * An existing SNS topic for alarm notifications.
   * @default - a topic encrypted with a new customer-managed KMS key is created (one for a
   * readiness construct; one for a calendar, shared by its events)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * How many times EventBridge Scheduler retries a failed capacity change (0–185).
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * How long after its scheduled time a capacity change may still be applied, retries
   * included (1 minute – 24 hours). A change that cannot be applied in this time goes
   * to the dead-letter queue, which raises an alarm; it never fires hours late.
   * @default Duration.minutes(15)
   */
  readonly maximumEventAge?: Duration;
  /**
   * Extra time every scale-up must leave between taking effect and the event's start,
   * on top of the tier's worst-case lead time.
   * @default Duration.minutes(0)
   */
  readonly leadTimeMargin?: Duration;
  /**
   * The clock: steps at or before this instant are in the past and not scheduled
   * (see docs/event-readiness.md, "Deploying late or mid-event").
   * @default - the context value `cdk-event-readiness:now` if set, else the current time
   */
  readonly now?: Date;
  /**
   * Hold each tier's ramp-down steps while the tier is still hot (see {@link RampDownGate});
   * `addTier` can override it per tier. Scale-ups are never gated.
   * @default RampDownGate.none(): ramp-down steps fire at their time
   */
  readonly rampDownGate?: RampDownGate;
}

/** Options of one tier of an event ({@link EventReadiness.addTier}). */
export interface AddTierOptions {
  /**
   * This tier's ramp-down gate, instead of the event's.
   * @default - the event's `rampDownGate`
   */
  readonly rampDownGate?: RampDownGate;
}

/** Properties of an {@link EventReadiness}. */
export interface EventReadinessProps extends EventReadinessOptions {
  /** The event's window; its name prefixes every named resource of the event. */
  readonly window: EventWindow;
  /**
   * The tiers' plans for this event (`tier.forEvent({...})`). More can be added with
   * `addTier`.
   * @default - none
   */
  readonly tiers?: ITierEventPlan[];
}

interface BoundTier {
  readonly plan: ITierEventPlan;
  readonly binding: TierEventBinding;
  readonly alarms: cloudwatch.Alarm[];
  /** The tier's composite alarm, over its alarms; none when the tier has no alarm. */
  readonly health?: cloudwatch.CompositeAlarm;
  readonly record: EventPlanTier;
}

/** Event names already used in each app: the name is a schedule group, alarm and dashboard prefix. */
const EVENT_NAMES = new WeakMap<object, Map<string, string>>();

const DEFAULT_RETRY_ATTEMPTS = 2;

/**
 * Everything one traffic event needs, built from the event's window and its tiers'
 * plans: one-time schedules and scheduled actions that raise each tier before the event
 * and step it down after, each with a least-privilege role, bounded retries and a
 * dead-letter queue; alarms with a composite "event health" alarm and an SNS topic; a
 * dashboard annotated with the timeline; and the event plan in the template metadata.
 *
 * Put it in a stack of its own (see {@link EventReadinessStack}): re-dating the event or
 * changing its peaks then changes only that stack, never a tier's.
 */
export class EventReadiness extends Construct {
  /** The context key that fixes the clock of every readiness construct in an app (an ISO-8601 instant). */
  public static readonly NOW_CONTEXT_KEY = NOW_CONTEXT_KEY;
  /** Template Metadata keys holding event plans start with this, followed by the event's name. */
  public static readonly PLAN_METADATA_PREFIX = PLAN_METADATA_PREFIX;
  /** The version of the plan document's shape ({@link EventPlanDocument}). */
  public static readonly PLAN_SCHEMA_VERSION = PLAN_SCHEMA_VERSION;

  /** The event's window. */
  public readonly window: EventWindow;
  /** The schedule group all the event's schedules are in, named after the event. */
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  /** Where failed capacity changes go. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The alarm on the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /**
   * EventBridge Scheduler's own alarms on the event's schedule group: target errors (a change
   * failed and is being retried), dead-letter deliveries that failed (then the dead-letter alarm
   * cannot fire), and throttling.
   */
  public readonly schedulerAlarms: cloudwatch.Alarm[];
  /** Where alarm notifications go. */
  public readonly alarmTopic: sns.ITopic;
  /** The composite alarm over every alarm of the event. */
  public readonly healthAlarm: cloudwatch.CompositeAlarm;
  /** The event's dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The instant steps are judged past or future against. */
  public readonly now: Date;

  private readonly retryAttempts: number;
  private readonly maximumEventAge: Duration;
  private readonly leadTimeMargin: Duration;
  private readonly rampDownGate: RampDownGate;
  private readonly tiers: BoundTier[] = [];
  /** Alarms on gated ramp-down steps that did not end well, one per gated tier (in the event's composite). */
  private readonly gateAlarms: cloudwatch.Alarm[] = [];
  /** Alarms of the user's that may publish to the topic (allowToNotify). */
  private readonly alsoNotifying: string[] = [];
  /** Alarms on a metric of the whole account, once per event, by id: the tier that asked first, and its spec. */
  private readonly accountAlarms = new Map<string, { tier: string; spec: TierAlarm; alarm: cloudwatch.Alarm }>();
  private readonly scalableTargetKeys = new Set<string>();
  /** Set when the event is one of an {@link EventCalendar}'s. */
  private readonly membership?: CalendarMembership;
  private readonly permanentSettings: PermanentSettings;
  private readonly notify: cw_actions.SnsAction;
  /** The event's parts in other Regions, by Region. */
  private readonly regions = new Map<string, EventRegion>();
  private readonly alarmEmails: string[];
  /** Whether the event notifies a topic it was given (its own, or its calendar's). */
  private readonly givenTopic: boolean;

  constructor(scope: Construct, id: string, props: EventReadinessProps) {
    super(scope, id);
    this.membership = CALENDAR_MEMBERSHIP.get(scope);
    this.permanentSettings = this.membership?.permanentSettings ?? PermanentSettings.of(this);
    this.window = props.window;
    this.retryAttempts = props.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
    this.maximumEventAge = props.maximumEventAge ?? Duration.minutes(DEFAULT_MAXIMUM_EVENT_AGE_MINUTES);
    this.leadTimeMargin = props.leadTimeMargin ?? Duration.minutes(0);
    this.rampDownGate = props.rampDownGate ?? RampDownGate.none();
    this.alarmEmails = props.alarmEmails ?? this.membership?.alarmEmails ?? [];
    this.givenTopic = props.alarmTopic !== undefined && !this.membership?.topicPolicyHandled;
    this.now = this.validateProps(props);
    const name = this.window.name;
    const used = EVENT_NAMES.get(this.node.root) ?? new Map<string, string>();
    EVENT_NAMES.set(this.node.root, used);
    if (used.has(name)) {
      throw new ValidationError(`EventReadiness: event name '${name}' is already used by ${used.get(name)}; each event `
        + 'needs its own name (it names the schedule group, alarms and dashboard)', this);
    }
    used.set(name, this.node.path);

    // Deleting the event's stack deletes its group and every schedule in it, so a later
    // event may reuse the name.
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: name,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = createDeadLetterQueue(this);

    this.alarmTopic = props.alarmTopic ?? createAlarmTopic(this, name, () => this.notifyingAlarmNames);
    if (props.alarmTopic && !this.membership?.topicPolicyHandled) {
      // One statement per event of a calendar sharing the topic: statement ids must be unique.
      // Names are lowercase: an 'X' for each hyphen keeps the id unique and alphanumeric.
      allowEventAlarmsOnGivenTopic(this, props.alarmTopic, name, () => this.notifyingAlarmNames,
        this.membership ? `AllowEventAlarmsToPublishFor${name.replace(/-/g, 'X')}` : undefined);
    }
    for (const address of props.alarmEmails ?? []) {
      this.alarmTopic.addSubscription(new subs.EmailSubscription(address));
    }
    const notify = new cw_actions.SnsAction(this.alarmTopic);
    this.notify = notify;

    this.deadLetterAlarm = createDeadLetterAlarm(this, name, this.deadLetterQueue);
    this.deadLetterAlarm.addAlarmAction(notify);
    this.schedulerAlarms = schedulerAlarms(this, this.scheduleGroup, name);
    for (const alarm of this.schedulerAlarms) {
      alarm.addAlarmAction(notify);
    }

    // The event's composite sends nothing: what it watches (tier composites, the event's own
    // alarms) notifies on its own, so one breach sends one message, and a tier stuck in ALARM
    // does not mask another's. It is the event's state for `check`, dashboards and gates.
    this.healthAlarm = new cloudwatch.CompositeAlarm(this, 'HealthAlarm', {
      compositeAlarmName: `${name}-health`,
      alarmDescription: `Event '${name}': in ALARM when any of the event's alarms is. It notifies no one itself: each `
        + 'tier composite and each event alarm it watches notifies once.',
      alarmRule: cloudwatch.AlarmRule.fromString(Lazy.string({
        // Tier composites keep the rule short: a rule holds at most 10,240 characters.
        produce: () => cloudwatch.AlarmRule.anyOf(...this.healthInputs()).renderAlarmRule(),
      })),
    });

    this.dashboard = createEventDashboard(this, this.window);

    Stack.of(this).addMetadata(`${PLAN_METADATA_PREFIX}${name}`, Lazy.any({ produce: () => this.planDocument() }));

    // CloudFormation rejects a stack of more than 500 resources at deploy time; say so at synth
    // (a calendar checks its stack once, for all its events).
    if (!this.membership) {
      this.node.addValidation({
        validate: () => stackResourceProblems(this, `Event '${name}' has ${this.tiers.length} tiers: split them across two `
          + 'readiness constructs in different stacks, or plan fewer alarms per tier'),
      });
    }

    for (const plan of props.tiers ?? []) {
      this.addTier(plan);
    }
  }

  /**
   * Names of the event's alarms that notify the topic (literal strings): each tier's composite,
   * the event's own alarms (dead-letter queue, Scheduler, gates, account-wide), and those given
   * to `allowToNotify`. The topic and key policies the construct writes allow exactly these to
   * publish.
   */
  public get notifyingAlarmNames(): string[] {
    return [...this.tiers.flatMap((t) => (t.record.healthAlarmName ? [t.record.healthAlarmName] : [])), ...this.ownAlarmNames,
      ...this.alsoNotifying];
  }

  /**
   * Lets an alarm of your own publish to the event's alarm topic (the topic and key policies name
   * every alarm that may, by ARN): give it the topic as its action yourself. Its name must be
   * known at synth time.
   */
  public allowToNotify(alarm: cloudwatch.IAlarm): void {
    const name = alarmNameOf(alarm);
    if (name === undefined) {
      throw new ValidationError(`EventReadiness '${this.window.name}': allowToNotify: the name of ${alarm.node.path} is not `
        + 'known at synth time; give the alarm an alarmName', this);
    }
    this.alsoNotifying.push(name);
  }

  /** Names of every alarm of the event (tiers' alarms and the event's own), as literal strings. */
  public get alarmNames(): string[] {
    return [...this.tiers.flatMap((t) => t.record.alarmNames), ...this.ownAlarmNames];
  }

  /** The event's own alarms, not a tier's: dead-letter queue, Scheduler, gates, account-wide. */
  private get ownAlarmNames(): string[] {
    const w = this.window.name;
    return [`${w}-scheduled-change-failed`, ...SCHEDULER_ALARM_IDS.map((id) => `${w}-${id}`),
      ...this.gateAlarms.map((a) => alarmNameOf(a)!), ...[...this.accountAlarms.keys()].map((id) => `${w}-${id}`)];
  }

  /**
   * Adds a tier's plan to the event: binds it, checks its lead times, and creates its
   * schedules, scheduled actions, alarms and dashboard row (and its ramp-down gate, if gated).
   */
  public addTier(plan: ITierEventPlan, options: AddTierOptions = {}): void {
    const name = plan.tierName;
    const gate = options.rampDownGate ?? this.rampDownGate;
    this.checkTierPlan(plan, gate);
    const tierScope = new Construct(this, name);
    // Changes in another Region are made there, by the companion stack's schedules; no gate holds them.
    const elsewhere = (c: ScheduledChange) => this.isElsewhere(c.options.region);
    // Ramp-down steps of a gated tier: held while the tier is hot, so they may apply that much later.
    const isGated = (c: ScheduledChange) => !elsewhere(c) && gates(gate, c);
    const heldUpTo = (c: ScheduledChange) => (elsewhere(c) ? 0 : gateDelayMs(c, gate, this.maximumEventAge));
    const { binding, gateAlarmNames: gateAlarms } = this.bindTier(plan, tierScope, gate, heldUpTo);

    // Every tier attribute a change uses stays referenced, scheduled or past, so the tier stack's
    // template does not change with the clock (with strong references a mid-event deploy of it
    // would fail on an export still imported). First, so its exports keep their order.
    this.keepTierReferences(tierScope, name, binding.changes.filter((c) => !elsewhere(c)));
    const regional = this.byRegion(binding.changes.filter(elsewhere));
    regional.forEach((changes, region) => this.keepTierReferences(this.eventRegion(region).tierScope(name), name, changes));

    const future = binding.changes.filter((c) => c.fireAt.getTime() > this.now.getTime());
    this.warnOfPastChanges(tierScope, name, binding.changes.filter((c) => c.fireAt.getTime() <= this.now.getTime()));
    const gatedFuture = future.filter(isGated);
    // A gated step may still be held after it fired: a deploy then keeps its state machine (its
    // execution would end at the next transition) and its permissions.
    const live = (c: ScheduledChange) => isGated(c) && c.fireAt.getTime() + heldUpTo(c) > this.now.getTime();
    const tierGate = this.createTierGate(tierScope, name, gate, gateAlarms, binding.changes.filter(live), binding.changes);
    const delivery = { window: this.window, tier: name, maximumEventAge: this.maximumEventAge, retryAttempts: this.retryAttempts };
    createSchedules(tierScope, {
      ...delivery,
      changes: future.filter((c) => c.mechanism === ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET && !isGated(c) && !elsewhere(c)),
      scheduleGroup: this.scheduleGroup,
      deadLetterQueue: this.deadLetterQueue,
      gated: tierGate && { gate: tierGate, changes: gatedFuture },
    });
    this.scheduleElsewhere(plan, tierScope, gate, regional, (changes) => ({ ...delivery, changes: changes.filter((c) => future.includes(c)) }));
    claimWhatTheTierChanges(this.membership?.calendar ?? this, this.window, this.maximumEventAge, plan, binding, heldUpTo);
    // A gated step has no scheduled action, and counts as in force (for a deploy's registered
    // capacity) only once its hold is surely over: a deploy mid-hold must not remove capacity
    // from a tier its gate is holding for.
    const targetIdOf = this.registerScalableTargets(plan, tierScope, binding,
      { gated: new Set(gatedFuture), inForceFrom: (c: ScheduledChange) => c.fireAt.getTime() + heldUpTo(c) });
    const { alarms, health, healthAlarmName } = this.createTierAlarms(tierScope, name, binding);
    addDashboardRow(this.dashboard, this.window, name, [...binding.dashboardGraphs ?? [], ...(tierGate ? [{
      title: 'Ramp-down gate: held checks, skipped steps',
      left: gateMetrics(this.window.name, name),
    }] : [])]);

    this.tiers.push({
      plan,
      binding,
      alarms,
      health,
      record: {
        name,
        path: plan.tier.node.path,
        changes: binding.changes.map((change) => ({
          ...planRecord(change, this.window, this.now, this.maximumEventAge, heldUpTo(change)),
          scalableTargetLogicalId: targetIdOf.get(change),
          scalableTargetId: registeredTargetId(change),
          gate: live(change) ? {
            stateMachineName: `${this.window.name}-${name}-ramp-down`,
            alarmNames: gateAlarms,
            checkEverySeconds: gate.checkEvery.toSeconds(),
            maximumHoldSeconds: gate.maximumHold.toSeconds(),
            whenHeldTooLong: gate.whenHeldTooLong,
          } : undefined,
        })),
        alarmNames: (binding.alarms ?? []).filter((a) => !a.accountWide && !this.isElsewhere(a.region))
          .map((a) => this.alarmName(name, a.id)),
        healthAlarmName,
        notes: binding.notes && binding.notes.length > 0 ? binding.notes : undefined,
        costBasis: binding.costBasis,
      },
    });

    const tierStack = Stack.of(plan.tier);
    const ownStack = Stack.of(this);
    if (tierStack !== ownStack) {
      ownStack.addStackDependency(tierStack, `event '${this.window.name}' schedules changes of tier '${name}'`);
    }
  }

  /**
   * A tier's changes in other Regions: their schedules in each Region's companion stack (which is
   * deployed after the tier's stack), never held by the tier's gate (a warning says so).
   */
  private scheduleElsewhere(plan: ITierEventPlan, tierScope: Construct, gate: RampDownGate, regional: Map<string, ScheduledChange[]>,
    delivery: (changes: ScheduledChange[]) => Omit<TierSchedules, 'scheduleGroup' | 'deadLetterQueue'>): void {
    const name = plan.tierName;
    regional.forEach((changes, region) => {
      const there = this.eventRegion(region);
      createSchedules(there.tierScope(name), { ...delivery(changes), scheduleGroup: there.scheduleGroup, deadLetterQueue: there.deadLetterQueue });
      Stack.of(there).addStackDependency(Stack.of(plan.tier), `event '${this.window.name}' schedules changes of tier '${name}' in ${region}`);
    });
    if (gate.enabled && [...regional.values()].flat().some((c) => c.options.direction === ChangeDirection.SCALE_DOWN)) {
      warn(tierScope, 'gate-other-regions', `Tier '${name}': its ramp-down gate holds the steps in the event's own Region only; `
        + `its ramp-down in ${[...regional.keys()].join(', ')} fires at its time (a gate reads alarms of its own Region).`);
    }
  }

  /** Keeps every tier attribute the changes use referenced from `scope`'s stack, scheduled or past. */
  private keepTierReferences(scope: Construct, tier: string, changes: ScheduledChange[]): void {
    keepReferenced(scope, 'TierReferences', `Event '${this.window.name}': the attributes of tier '${tier}' its changes use, `
      + 'referenced whether their schedules are still to come or past', changes.flatMap((c) => (c.universalOptions
      ? [c.universalOptions.input, c.universalOptions.policyStatements.map((st) => st.toStatementJson())]
      : [])));
  }

  /** Whether a change or alarm in `region` is in another Region than this construct's. */
  private isElsewhere(region: string | undefined): boolean {
    return region !== undefined && region !== Stack.of(this).region;
  }

  private byRegion(changes: ScheduledChange[]): Map<string, ScheduledChange[]> {
    const regions = new Map<string, ScheduledChange[]>();
    for (const c of changes) {
      regions.set(c.options.region!, [...regions.get(c.options.region!) ?? [], c]);
    }
    return regions;
  }

  /**
   * The event's part in another Region, in the readiness stack's companion stack there (created on
   * first use). The readiness stack's Region must be known, to tell what is another Region.
   */
  private eventRegion(region: string): EventRegion {
    const existing = this.regions.get(region);
    if (existing) {
      return existing;
    }
    const own = Stack.of(this);
    const problems: string[] = [];
    if (Token.isUnresolved(own.region)) {
      problems.push(`its tiers plan changes in ${region}, so the readiness stack ${own.node.path} needs its Region at synth: `
        + 'give it env: { region } (the tiers\' Region); the changes in other Regions go to a companion stack per Region');
    }
    if (Token.isUnresolved(region)) {
      problems.push(`a Region must be a literal such as 'eu-west-1', got a token (${region})`);
    }
    ValidationError.throwIfAny(`EventReadiness '${this.window.name}'`, problems, this);
    const created = new EventRegion(EventRegion.companionStack(own, region), this.window.name, {
      eventName: this.window.name, region, alarmEmails: this.alarmEmails, givenTopic: this.givenTopic,
    });
    this.regions.set(region, created);
    return created;
  }

  /** What is wrong with a plan before it is bound: its gate, its name, its app. */
  private checkTierPlan(plan: ITierEventPlan, gate: RampDownGate): void {
    const name = plan.tierName;
    const problems: string[] = [];
    if (!(gate instanceof RampDownGate)) {
      problems.push('rampDownGate must be a RampDownGate (RampDownGate.whileInAlarm(...) or RampDownGate.none())');
    } else {
      problems.push(...gate._problems());
    }
    if (!isValidName(name)) {
      problems.push(`tierName ${NAME_RULE}, got '${name}'`);
    } else if (this.tiers.some((t) => t.plan.tierName === name)) {
      problems.push(`tierName '${name}' is already used by another tier of this event; tier names must be unique`);
    }
    if (plan.tier.node.root !== this.node.root) {
      problems.push(`the plan of tier '${name}' is for a tier in a different CDK app (${plan.tier.node.path}); `
        + 'create the readiness construct in the same app as its tiers');
    }
    const [tierRegion, ownRegion] = [Stack.of(plan.tier).region, Stack.of(this).region];
    if (!Token.isUnresolved(tierRegion) && !Token.isUnresolved(ownRegion) && tierRegion !== ownRegion) {
      problems.push(`tier '${name}' (${plan.tier.node.path}) is in ${tierRegion}, this readiness construct in ${ownRegion}: its `
        + `schedules and alarms act in their own Region, so put it in a stack of ${tierRegion} (changes a plan makes in other `
        + 'Regions, such as event replicas there, go to its companion stacks)');
    }
    ValidationError.throwIfAny(`EventReadiness '${this.window.name}'`, problems, this);
  }

  /**
   * Binds the plan to the event, and checks what it binds to: lead times, account-wide alarms
   * the event's tiers must agree on, and the alarms a gate reads (their names are returned).
   */
  private bindTier(plan: ITierEventPlan, tierScope: Construct, gate: RampDownGate, heldUpTo: (c: ScheduledChange) => number) {
    const name = plan.tierName;
    let binding: TierEventBinding;
    try {
      binding = plan.bind(tierScope, {
        window: this.window, maximumEventAge: this.maximumEventAge, permanentSettings: this.permanentSettings,
        regions: { scopeIn: (region: string) => (this.isElsewhere(region) ? this.eventRegion(region).tierScope(name) : tierScope) },
      });
    } catch (e) {
      // A change the plan could not make (ScheduledChange checks its own durations) names no construct.
      if (e instanceof ValidationError && e.constructPath === undefined) {
        throw new ValidationError(`EventReadiness '${this.window.name}', tier '${name}': ${e.message}`, this);
      }
      throw e;
    }
    binding = withTargetsRegisteredElsewhere(binding, Stack.of(this));
    const bindingErrors = bindingProblems({
      window: this.window, maximumEventAge: this.maximumEventAge, leadTimeMargin: this.leadTimeMargin, heldUpTo,
    }, binding);
    for (const spec of (binding.alarms ?? []).filter((a) => a.accountWide)) {
      const first = this.accountAlarms.get(spec.id);
      // The same alarm, to the word: the description names the settings it comes from (a quota).
      if (first && (first.spec.threshold !== spec.threshold || first.spec.description !== spec.description)) {
        bindingErrors.push(`its account-wide alarm '${spec.id}' (threshold ${spec.threshold}) differs from tier '${first.tier}''s `
          + `(threshold ${first.spec.threshold}): the event has one such alarm, for one account and Region, so its tiers must agree`
          + (spec.id === 'account-concurrency' ? ' (give every stateless tier the same accountConcurrencyQuota)' : ''));
      }
    }
    const gateAlarms = gate.enabled ? gateAlarmNames(this, this.window.name, name, gate, binding, bindingErrors) : [];
    ValidationError.throwIfAny(`EventReadiness '${this.window.name}', tier '${name}'`, bindingErrors, this);
    return { binding, gateAlarmNames: gateAlarms };
  }

  /** Changes already past are never replayed: a warning lists them. */
  private warnOfPastChanges(tierScope: Construct, name: string, past: ScheduledChange[]): void {
    if (past.length > 0) {
      warn(tierScope, 'past-steps',
        // No clock reading in the message: the assembly must not change with the wall clock.
        `Tier '${name}': ${past.length} scheduled change(s) are in the past and are not `
        + 'scheduled (they are never replayed): ' + past.map((c) => `${c.when} ${c.options.setting} `
          + `${c.options.before} -> ${c.options.after}`).join('; ') + '.'
        + (past.some((c) => c.mechanism === ChangeMechanism.APPLICATION_AUTO_SCALING)
          ? ' Application Auto Scaling targets the event registers are registered at the current phase\'s capacity.' : '')
        + (past.some(isRegisterCall) ? ' A scalable target another stack registers is not updated for a past step: set the '
          + 'bounds of the phase in force by hand (RegisterScalableTarget; `event-readiness plan --json` has each step\'s).' : ''));
    }
  }

  /**
   * The tier's gate state machine and its failure alarm, while a gated step is still to come or
   * held: a step whose call fails (retries spent) goes to the event's dead-letter queue, whose
   * alarm notifies (the same path as a failed schedule); what no Catch takes fails the
   * execution: the gate's alarm.
   */
  private createTierGate(tierScope: Construct, name: string, gate: RampDownGate, alarmNames: string[],
    gatedLive: ScheduledChange[], all: ScheduledChange[]): TierGate | undefined {
    if (gatedLive.length === 0) {
      return undefined;
    }
    const lastOfTheirResource = new Set(gatedLive.filter((c) => !all.some((other) => other !== c
      && other.subject === c.subject && other.fireAt.getTime() > c.fireAt.getTime())));
    const tierGate = createGateStateMachine(tierScope, {
      window: this.window, tier: name, gate, alarmNames, changes: gatedLive,
      lastOfTheirResource, deadLetterQueue: this.deadLetterQueue,
    });
    const alarm = gateFailureAlarm(tierScope, tierGate.stateMachine, `${this.window.name}-${name}-ramp-down-failed`,
      `A ramp-down step of tier '${name}' (event '${this.window.name}') failed in its gate, timed out or was aborted: read `
      + `the executions of state machine ${this.window.name}-${name}-ramp-down (a failed call's input is in the `
      + 'dead-letter queue) and make the step by hand if it is still needed.');
    alarm.addAlarmAction(this.notify);
    this.gateAlarms.push(alarm);
    return tierGate;
  }

  /**
   * The scalable targets of the tier's Application Auto Scaling changes (the calendar's, for an
   * event of a calendar), and for each change its target's CloudFormation logical ID: `check`
   * reads the target (its resource ID, which may be known only once deployed) through the stack.
   */
  private registerScalableTargets(plan: ITierEventPlan, tierScope: Construct, binding: TierEventBinding,
    gating: Gating): Map<ScheduledChange, string> {
    const autoScaling = binding.changes.filter((c) => c.mechanism === ChangeMechanism.APPLICATION_AUTO_SCALING);
    const targets = this.membership
      ? this.membership.scalableTargets.add(this.window.name, this.window, plan.tier.node.path, autoScaling, gating)
      : createScalableTargets(tierScope, this.window, this.now, autoScaling, gating);
    targets.forEach((_, key) => this.scalableTargetKeys.add(key));
    const targetIdOf = new Map<ScheduledChange, string>();
    for (const [key, { changes: list }] of byScalableTarget(autoScaling)) {
      const scalable = targets.get(key);
      if (scalable) {
        const logicalId = Stack.of(scalable).getLogicalId(scalable.node.defaultChild as CfnElement);
        list.forEach((c) => targetIdOf.set(c, logicalId));
      }
    }
    return targetIdOf;
  }

  /**
   * The tier's alarms, its composite (which notifies on its own changes: while one tier stays in
   * ALARM, and with it the event's composite, a failure of another tier still reaches a person),
   * and the event's account-wide alarms the first tier to bring one creates.
   */
  private createTierAlarms(tierScope: Construct, name: string, binding: TierEventBinding) {
    for (const spec of (binding.alarms ?? []).filter((a) => a.accountWide && !this.isElsewhere(a.region)
      && !this.accountAlarms.has(a.id))) {
      const alarm = this.createAlarm(this, undefined, spec);
      alarm.addAlarmAction(this.notify);
      alarm.addOkAction(this.notify);
      this.accountAlarms.set(spec.id, { tier: name, spec, alarm });
    }
    const here = (binding.alarms ?? []).filter((a) => !this.isElsewhere(a.region));
    for (const spec of (binding.alarms ?? []).filter((a) => this.isElsewhere(a.region))) {
      this.eventRegion(spec.region!).addTierAlarm(name, spec);
    }
    const alarms = here.filter((a) => !a.accountWide).map((a) => this.createAlarm(tierScope, name, a));
    const healthAlarmName = alarms.length === 0 ? undefined : `${this.window.name}-${name}-health`;
    const health = healthAlarmName === undefined ? undefined : new cloudwatch.CompositeAlarm(tierScope, 'HealthAlarm', {
      compositeAlarmName: healthAlarmName,
      alarmDescription: `Event '${this.window.name}', tier '${name}': in ALARM when any of the tier's alarms is.`,
      alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
    });
    health?.addAlarmAction(this.notify);
    health?.addOkAction(this.notify);
    return { alarms, health, healthAlarmName };
  }

  private validateProps(props: EventReadinessProps): Date {
    const problems: string[] = [];
    if (!(props.window instanceof EventWindow)) {
      problems.push(`window must be an EventWindow, got ${String(props.window)}`);
    }
    const retries = this.retryAttempts;
    if (!Number.isInteger(retries) || retries < 0 || retries > 185) {
      problems.push(`retryAttempts must be a whole number from 0 to 185, got ${retries}`);
    }
    // EventBridge Scheduler takes the maximum event age in whole seconds, 60 to 86,400.
    checkDuration(problems, 'maximumEventAge', this.maximumEventAge,
      { minMs: 60_000, maxMs: 86400_000, stepMs: 1000, allowed: 'whole seconds from 1 minute to 24 hours' });
    checkDuration(problems, 'leadTimeMargin', this.leadTimeMargin, LEAD_TIME);
    problems.push(...emailProblems(props.alarmEmails));
    const now = resolveNow(this, props.now, problems);
    ValidationError.throwIfAny(`EventReadiness '${props.window?.name}'`, problems, this);
    return now;
  }

  /** A tier's alarm in its scope, or (no tier) an account-wide one of the event. */
  private createAlarm(scope: Construct, tier: string | undefined, spec: TierAlarm): cloudwatch.Alarm {
    return createEventAlarm(scope, tier === undefined ? `${this.window.name}-${spec.id}` : this.alarmName(tier, spec.id), spec);
  }

  private alarmName(tier: string, id: string): string {
    return `${this.window.name}-${tier}-${id}`;
  }

  private healthInputs(): cloudwatch.IAlarm[] {
    return [...this.tiers.flatMap((t) => (t.health ? [t.health] : [])), this.deadLetterAlarm, ...this.schedulerAlarms,
      ...this.gateAlarms, ...[...this.accountAlarms.values()].map((a) => a.alarm)];
  }

  private planDocument(): EventPlanDocument {
    const w = this.window;
    return {
      schemaVersion: PLAN_SCHEMA_VERSION,
      eventName: w.name,
      timeZone: w.timeZone.timezoneName,
      start: w.start,
      end: w.end,
      startUtc: w.peak.utc,
      endUtc: isoUtc(w.endInstant),
      timeline: w.timeline.map((s) => ({ id: s.id, kind: s.kind, utc: s.utc, local: s.local, utcOffset: s.utcOffset })),
      tiers: this.tiers.map((t) => t.record),
      scheduleGroup: w.name,
      alarmNames: this.alarmNames,
      healthAlarmName: `${w.name}-health`,
      dashboardName: `${w.name}-readiness`,
      resources: {
        schedules: this.tiers.reduce((n, t) => n + t.record.changes.filter((c) => c.scheduled
          && c.mechanism === ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET).length, 0),
        scalableTargets: this.scalableTargetKeys.size,
      },
      regions: this.regions.size > 0 ? [...this.regions.values()].map((r) => r.record) : undefined,
      calendar: this.membership?.calendar.node.path,
      rehearsalOf: REHEARSAL_OF.get(this),
    };
  }

}

/**
 * A tier's changes on scalable targets another stack registered, as the RegisterScalableTarget
 * calls that make them (the owner's policies stay, and the event never deregisters the target),
 * with a note of each such target in the plan.
 */
export function withTargetsRegisteredElsewhere(binding: TierEventBinding, stack: Stack): TierEventBinding {
  const owned = binding.changes.filter((c) => c.autoScalingOptions?.target.props.registeredElsewhere !== undefined)
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
  if (owned.length === 0) {
    return binding;
  }
  const keyOf = (c: ScheduledChange) => scalableTargetKey(c.autoScalingOptions!.target);
  const last = new Map(owned.map((c) => [keyOf(c), c]));
  const notes = [...new Map(owned.map((c) => {
    const t = c.autoScalingOptions!.target.props;
    const owner = t.registeredElsewhere!;
    return [keyOf(c), `${c.options.setting}: its scalable target (${t.scalableDimension}) is registered by another stack, with `
      + `${owner.minCapacity}-${owner.maxCapacity} and its own scaling policies: the event updates its minimum with `
      + `RegisterScalableTarget (which keeps them), restores ${owner.minCapacity}-${owner.maxCapacity} at baseline, and never `
      + 'deregisters it'];
  })).values()];
  return {
    ...binding,
    changes: binding.changes.map((c) => (owned.includes(c) ? registerCallOf(c, stack, last.get(keyOf(c)) === c) : c)),
    notes: [...binding.notes ?? [], ...notes],
  };
}

/**
 * For a RegisterScalableTarget call on a target another stack registered, the target as
 * Application Auto Scaling names it (`<resource ID>|<dimension>|<namespace>`), when its resource
 * ID is known at synth (an import by name): `review` reads its scaling activities by it.
 */
function registeredTargetId(change: ScheduledChange): string | undefined {
  const u = change.universalOptions;
  if (u?.service !== 'applicationautoscaling' || u.action !== 'registerScalableTarget' || Token.isUnresolved(u.input.ResourceId)) {
    return undefined;
  }
  return [u.input.ResourceId, u.input.ScalableDimension, u.input.ServiceNamespace].join('|');
}
