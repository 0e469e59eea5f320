import { Duration } from 'aws-cdk-lib';
import { EventWindow } from '../event/event-window';
import { ChangeDirection, ScheduledChange } from '../plans/scheduled-change';
import { TierEventBinding } from '../plans/tier-plan';

/** What the readiness construct knows when it checks a tier's binding. */
export interface BindingRulesContext {
  readonly window: EventWindow;
  /** How long a schedule keeps retrying (its maximum event age). */
  readonly maximumEventAge: Duration;
  /** Time to spare asked for beyond each lead time. */
  readonly leadTimeMargin: Duration;
  /**
   * How much later than its retries allow a change may be applied (ms): a gated ramp-down step
   * may be held.
   * @default - never later
   */
  readonly heldUpTo?: (change: ScheduledChange) => number;
}

/**
 * How late a change may still be applied after it fires: a schedule retries until the
 * maximum event age; an Application Auto Scaling scheduled action applies on time or not at all.
 * Read from `ScheduledChange.settledAt`, which knows each mechanism's retries.
 */
export function lateness(change: ScheduledChange, maximumEventAge: Duration): number {
  return change.settledAt(maximumEventAge).getTime() - change.fireAt.getTime() - change.options.leadTime.toMilliseconds();
}

/**
 * The problems of a tier's binding: changes off the timeline or twice at a step, scale-ups that
 * cannot take effect before the start (retries included), scale-downs before the end, changes of
 * one subject that overlap, roles granted on '*', bad capacities and alarm ids.
 */
export function bindingProblems(ctx: BindingRulesContext, binding: TierEventBinding): string[] {
  const problems: string[] = [];
  const w = ctx.window;
  const margin = ctx.leadTimeMargin.toMilliseconds();
  const seenSteps = new Set<string>();
  for (const change of binding.changes) {
    const o = change.options;
    const label = `change '${o.setting} ${o.before} -> ${o.after}' at ${change.when}`;
    const own = w.timeline.find((s) => s.id === o.step.id);
    if (!own || own.instant.getTime() !== o.step.instant.getTime()) {
      problems.push(`${label} is at a step that is not on event '${w.name}'s timeline`);
      continue;
    }
    const key = `${change.when}/${slug(o.setting)}`;
    if (seenSteps.has(key)) {
      problems.push(`${label}: the tier plans '${o.setting}' twice at ${change.when}`);
    }
    seenSteps.add(key);
    const late = lateness(change, ctx.maximumEventAge) + (ctx.heldUpTo?.(change) ?? 0);
    const needed = o.leadTime.toMilliseconds() + late + margin;
    if (o.direction === ChangeDirection.SCALE_UP) {
      const available = w.startInstant.getTime() - change.fireAt.getTime();
      if (needed > available) {
        problems.push(`${label} needs ${human(needed)} to take effect (worst case`
          + (late > 0 ? `, up to ${human(late)} of retries included` : '')
          + (margin > 0 ? `, margin included` : '')
          + `) but has ${human(Math.max(available, 0))} before the event starts at ${w.peak.utc}; `
          + 'lengthen the window\'s prewarmLead or lower the peak');
      }
    } else if (change.fireAt.getTime() < w.endInstant.getTime()) {
      problems.push(`${label} is a scale-down before the event ends (${w.end}); scale-downs belong to the ramp-down`);
    }
    const u = change.universalOptions;
    if (u) {
      if (u.policyStatements.length === 0) {
        problems.push(`${label} has no policy statements; universal targets must be given least-privilege statements`);
      }
      for (const st of u.policyStatements) {
        if (st.resources.includes('*') || st.notResources.length > 0) {
          problems.push(`${label} grants ${st.actions.join(', ')} on Resource '*'; scope it to the exact resource ARNs`);
        }
      }
    }
    const a = change.autoScalingOptions;
    if (a) {
      if (!isCapacity(a.minCapacity) || !isCapacity(a.maxCapacity) || a.minCapacity > a.maxCapacity) {
        problems.push(`${label}: minCapacity and maxCapacity must be whole numbers >= 0 with min <= max, `
          + `got ${a.minCapacity} and ${a.maxCapacity}`);
      }
    }
  }
  // Two changes of one subject must not overlap: the second waits for the first to take
  // effect (two at the same step would race; the tier must make them one change).
  const bySubject = new Map<string, ScheduledChange[]>();
  for (const c of binding.changes) {
    bySubject.set(c.subject, [...(bySubject.get(c.subject) ?? []), c]);
  }
  for (const [subject, list] of bySubject) {
    const sorted = [...list].sort((x, y) => x.fireAt.getTime() - y.fireAt.getTime());
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const next = sorted[i];
      const gap = next.fireAt.getTime() - prev.fireAt.getTime();
      const held = ctx.heldUpTo?.(prev) ?? 0;
      const needed = prev.options.leadTime.toMilliseconds() + lateness(prev, ctx.maximumEventAge) + held;
      if (gap < needed) {
        problems.push(`changes of '${subject}' at ${prev.when} and ${next.when} are ${human(gap)} apart, `
          + `but the first needs ${human(needed)} to complete (worst case, retries included`
          + (held > 0 ? `, and up to ${human(held)} in its ramp-down gate: the maximum hold, a check and its calls` : '') + '); lengthen the '
          + 'ramp-down or use fewer steps' + (held > 0 ? ', or shorten the gate\'s maximumHold' : ''));
      }
    }
  }
  for (const alarm of binding.alarms ?? []) {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(alarm.id)) {
      problems.push(`alarm id must be 1-40 lowercase letters, digits and hyphens, got '${alarm.id}'`);
    }
  }
  return problems;
}

/** A setting as an id part: `provisioned concurrency (live)` → `provisioned-concurrency-live`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'change';
}

function isCapacity(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function human(ms: number): string {
  const minutes = Math.round(ms / 60000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) {
    return `${m} min`;
  }
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
