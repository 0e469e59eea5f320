import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { StepKind } from '../event/timeline-step';
import { ChangeDirection, ScheduledChange } from '../plans/scheduled-change';
import { ITierEventPlan } from '../plans/tier-plan';
import { DEFAULT_MAXIMUM_EVENT_AGE_MINUTES } from '../private/limits';
import { isValidName, NAME_RULE } from '../private/names';
import { checkDuration } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { formatLocal, instantsOf, parseLocalDateTime, toLocal } from '../private/zoned-time';
import { EventReadiness, EventReadinessOptions, withTargetsRegisteredElsewhere } from './event-readiness';
import { gateDelayMs } from './gated-ramp-down';
import { REHEARSAL_OF } from './rehearsal-record';

/** Properties of an {@link EventRehearsal}. */
export interface EventRehearsalProps extends EventReadinessOptions {
  /** The event rehearsed: the rehearsal has its number of ramp-down steps, and names it. */
  readonly rehearses: EventWindow;
  /** The rehearsal's own name (its schedule group, alarms and plan), like an event's. */
  readonly name: string;
  /**
   * When the rehearsal's first change fires (its prewarm): a local wall-clock ISO date-time
   * (`2027-06-15T13:00`) in `timeZone`.
   */
  readonly start: string;
  /**
   * The zone of `start`.
   * @default - the rehearsed event's
   */
  readonly timeZone?: TimeZone;
  /**
   * How long the rehearsal holds the peak: time to run `event-readiness check` on it.
   * @default Duration.minutes(30)
   */
  readonly peakDuration?: Duration;
  /** The plans of the tiers rehearsed on: a staging copy of the event's tiers, with the same peaks. */
  readonly tiers: ITierEventPlan[];
}

/**
 * A rehearsal of an event: the same changes, in the same order, on a staging copy of the tiers,
 * compressed to the shortest schedule their lead times allow, from a given time. Its prewarm
 * is as long as the slowest chain of scale-ups takes (each change waiting only for the ones it
 * depends on, retries included), it holds the peak for `peakDuration`, and its ramp-down steps
 * are as close as the slowest scale-down of a step allows. Deploy it to staging, run
 * `event-readiness check` at each step, then destroy it.
 *
 * To measure the lead times, each tier's plan is bound once in a scratch app, then once for the
 * rehearsal itself.
 */
export class EventRehearsal extends Construct {
  /** The rehearsal's window, as computed. */
  public readonly window: EventWindow;
  /** The readiness construct that carries it out (id `Readiness`). */
  public readonly readiness: EventReadiness;

  constructor(scope: Construct, id: string, props: EventRehearsalProps) {
    super(scope, id);
    const zone = props.timeZone ?? props.rehearses?.timeZone;
    const first = this.validate(props, zone);
    const maximumEventAge = props.maximumEventAge ?? Duration.minutes(DEFAULT_MAXIMUM_EVENT_AGE_MINUTES);
    const margin = props.leadTimeMargin?.toMilliseconds() ?? 0;
    const steps = props.rehearses.rampDownSteps;
    const zoneName = zone!.timezoneName;
    const local = (ms: number) => formatLocal(toLocal(ms, zoneName)).slice(0, 16);

    // 1. Measure the plans against a roomy window with the same steps: a day before the start,
    //    a day between ramp-down steps.
    const day = 86400_000;
    const roomy = new EventWindow({
      name: props.name, start: local(first + day), end: local(first + day + 3600_000), timeZone: zone,
      prewarmLead: Duration.days(1), rampDown: Duration.days(steps), rampDownSteps: steps,
    });
    const changes = probe(props.tiers, roomy, maximumEventAge);
    const settled = (c: ScheduledChange) => c.settledAt(maximumEventAge).getTime();
    const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
    // Scale-ups: from prewarm until the last one has surely taken effect (their delays are the
    // dependencies: a storage raise after the class change, replicas after both).
    const prewarm = minutes(Math.max(0, ...changes.filter((c) => c.options.direction === ChangeDirection.SCALE_UP)
      .map((c) => settled(c) - roomy.prewarm.instant.getTime())) + margin);
    // Scale-downs of a ramp-down step must have taken effect before the next step (a gated one
    // may be held its maximum hold).
    const gate = props.rampDownGate;
    const held = (c: ScheduledChange) => (gate ? gateDelayMs(c, gate, maximumEventAge) : 0);
    const spacing = minutes(Math.max(0, ...changes
      .filter((c) => c.options.direction === ChangeDirection.SCALE_DOWN && c.options.step.kind === StepKind.RAMP_DOWN)
      .map((c) => settled(c) + held(c) - c.options.step.instant.getTime())));

    // 2. The rehearsal's window.
    const start = first + prewarm * 60_000;
    const end = start + (props.peakDuration ?? Duration.minutes(30)).toMilliseconds();
    this.window = new EventWindow({
      name: props.name, start: local(start), end: local(end), timeZone: zone,
      prewarmLead: Duration.minutes(prewarm), rampDown: Duration.minutes(spacing * steps), rampDownSteps: steps,
    });
    this.readiness = new EventReadiness(this, 'Readiness', { ...props, window: this.window, tiers: props.tiers });
    REHEARSAL_OF.set(this.readiness, props.rehearses.name);
  }

  /** The first change's instant (ms); throws on bad props. */
  private validate(props: EventRehearsalProps, zone: TimeZone | undefined): number {
    const problems: string[] = [];
    if (!(props.rehearses instanceof EventWindow)) {
      problems.push(`rehearses must be an EventWindow, got ${String(props.rehearses)}`);
    }
    if (!isValidName(props.name)) {
      problems.push(`name must be ${NAME_RULE}, got '${props.name}'`);
    } else if (props.rehearses instanceof EventWindow && props.name === props.rehearses.name) {
      problems.push(`name must differ from the rehearsed event's ('${props.name}'): its schedule group and alarms are its own`);
    }
    let first: number | undefined;
    const parsed = typeof props.start === 'string' ? parseLocalDateTime(props.start) : undefined;
    if (!parsed) {
      problems.push(`start must be a local date-time such as '2027-06-15T13:00', got '${props.start}'`);
    } else if (zone) {
      first = instantsOf(parsed, zone.timezoneName)[0];
      if (first === undefined) {
        problems.push(`start ${props.start} does not exist in ${zone.timezoneName} (a daylight-saving gap)`);
      }
    }
    checkDuration(problems, 'peakDuration', props.peakDuration,
      { minMs: 60_000, maxMs: 86400_000, wholeMinutes: true, allowed: 'whole minutes from 1 minute to 24 hours' });
    if (!Array.isArray(props.tiers) || props.tiers.length === 0) {
      problems.push('tiers must name at least one tier plan (a staging copy of the event\'s tiers)');
    }
    ValidationError.throwIfAny(`EventRehearsal '${props.name}'`, problems, this);
    return first!;
  }
}

/**
 * Every change the plans make against a window, bound in a scratch app (nothing of it is
 * synthesized, and its app-wide records stay there).
 */
function probe(plans: ITierEventPlan[], window: EventWindow, maximumEventAge: Duration): ScheduledChange[] {
  // Never synthesized: under the CDK CLI (CDK_OUTDIR set) a plain App would synthesize itself on
  // exit into the deploy's own cloud assembly and replace its manifest.
  const scratch = new Stack(new App({ autoSynth: false, outdir: path.join(os.tmpdir(), 'cdk-event-readiness-rehearsal-probe') }),
    'RehearsalProbe');
  return plans.flatMap((plan, i) => {
    const scope = new Construct(scratch, `Tier${i}`);
    // Changes in other Regions are measured like the others: their helpers go to the scratch stack too.
    const elsewhere = new Map<string, Construct>();
    const regions = { scopeIn: (region: string) => elsewhere.get(region) ?? elsewhere.set(region, new Construct(scope, region)).get(region)! };
    // As the event makes them: a change of a target another stack registers is a Scheduler call (its lead time counts retries).
    return withTargetsRegisteredElsewhere(plan.bind(scope, { window, maximumEventAge, regions }), scratch).changes;
  });
}
