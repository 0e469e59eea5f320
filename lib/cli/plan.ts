import { formatLocal, formatOffset, isKnownTimeZone, offsetMs, toLocal } from '../private/zoned-time';
import { EventPlanChange, EventPlanDocument } from '../readiness/plan-document';
import { CliError, FoundPlan, readPlans, selectPlans } from './assembly';
import { Amount, amountText, DEFAULT_ECONOMICS, Economics, EconomicsOptions, eventEconomics } from './economics';
import { CliIo, duration, EXIT, fits, painter, table, wrap } from './io';
import { PriceTable } from './prices';
import { SHIPPED_PRICES } from './shipped-prices';
import { renderPlanSvg } from './svg';

/** Options of `event-readiness plan`. */
export interface PlanOptions {
  /** The cloud assembly directory. */
  readonly app: string;
  /** Only this event. */
  readonly event?: string;
  /** Show local times in this zone instead of the event's. */
  readonly tz?: string;
  /** Print JSON. */
  readonly json?: boolean;
  /** Write a capacity-over-time chart to this file. */
  readonly svg?: string;
  /** Add the economics: everyday, the manual practice and the plan over a month, priced. */
  readonly cost?: boolean;
  /** The price table (default: the shipped one). */
  readonly prices?: PriceTable;
  /** The month and the manual practice compared (default: 30 days; 7 days' lead, 2 days' ramp-down). */
  readonly economics?: EconomicsOptions;
}

/** A change with its verdict: is it ready before the event starts? */
export interface ChangeVerdict extends EventPlanChange {
  readonly tier: string;
  /** `ready`, `late`, `after end` (scale-downs), or `past` (not scheduled). */
  readonly verdict: 'ready' | 'late' | 'after end' | 'past';
}

/**
 * Which Region's rates priced an event, against its stack's Region: the price table is one
 * Region's, and nothing here invents another Region's prices.
 */
export interface PricedRegion {
  /** The price table's Region: every cost is at its rates. */
  readonly priced: string;
  /** The readiness stack's Region in the cloud assembly; null when the stack is environment-agnostic (unknown). */
  readonly stack: string | null;
  /** When the stack's Region is another: the costs are not that Region's (also printed on stderr). */
  readonly warning?: string;
}

/** The economics of an event, with the Region priced. */
export interface PricedEconomics extends Economics {
  readonly region: PricedRegion;
}

/** A plan with verdicts, as `--json` prints it. */
export interface PlanReport {
  readonly stack: string;
  readonly plan: EventPlanDocument;
  readonly changes: ChangeVerdict[];
  /** True when every scheduled scale-up takes effect before the start. */
  readonly readyOnTime: boolean;
  /** With --cost: everyday, the manual practice and the plan over the same month, priced. */
  readonly economics?: PricedEconomics;
}

/** Judges every change of a plan, independently of the synth-time check. */
export function judge(found: FoundPlan): PlanReport {
  const plan = found.plan;
  const start = Date.parse(plan.startUtc);
  const changes: ChangeVerdict[] = plan.tiers.flatMap((tier) => tier.changes.map((c) => {
    let verdict: ChangeVerdict['verdict'];
    if (!c.scheduled) {
      verdict = 'past';
    } else if (c.direction === 'SCALE_UP') {
      verdict = Date.parse(c.atUtc) + c.leadTimeSeconds * 1000 <= start ? 'ready' : 'late';
    } else {
      verdict = 'after end';
    }
    return { ...c, tier: tier.name, verdict };
  }));
  return { stack: found.stackName, plan, changes, readyOnTime: changes.every((c) => c.verdict !== 'late') };
}

/** `event-readiness plan`: prints each event's timeline and changes from the cloud assembly. */
export function planCommand(options: PlanOptions, io: CliIo): number {
  if (options.tz !== undefined && !isKnownTimeZone(options.tz)) {
    throw new CliError(`--tz must be an IANA time zone such as 'Europe/Berlin', got '${options.tz}'`, EXIT.USAGE);
  }
  const prices = options.prices ?? SHIPPED_PRICES;
  const reports: PlanReport[] = selectPlans(readPlans(options.app), options.event).map((found) => {
    const report = judge(found);
    return options.cost ? {
      ...report,
      economics: { ...eventEconomics(report.plan, prices, options.economics ?? DEFAULT_ECONOMICS), region: pricedRegion(found, prices) },
    } : report;
  });
  // Whatever the output, a cost at another Region's rates is said where a person sees it.
  for (const warning of new Set(reports.flatMap((r) => (r.economics?.region.warning ? [r.economics.region.warning] : [])))) {
    io.err(`event-readiness: warning: ${warning}\n`);
  }
  if (options.svg) {
    const svg = renderPlanSvg(reports.map((r) => r.plan), { timeZone: options.tz });
    try {
      io.writeFile(options.svg, svg);
    } catch (error) {
      throw new CliError(`--svg: cannot write '${options.svg}': ${(error as Error).message}`, EXIT.FAILED, 'UNWRITABLE');
    }
  }
  if (options.json) {
    io.out(JSON.stringify(reports, undefined, 2) + '\n');
  } else {
    // Several events (a calendar, or several readiness stacks) and no --event: one line each.
    io.out((options.event === undefined && reports.length > 1 && !options.cost
      ? renderSummary(reports, options.tz, io)
      : reports.map((r) => renderReport(r, options.tz, io)).join('\n\n')) + '\n');
    if (options.svg) {
      io.err(`Chart written to ${options.svg}\n`);
    }
  }
  return reports.every((r) => r.readyOnTime) ? EXIT.READY : EXIT.NOT_READY;
}

/** The price table's Region against the stack's: a warning when they differ. */
export function pricedRegion(found: FoundPlan, prices: PriceTable): PricedRegion {
  if (found.region === undefined || found.region === prices.region) {
    return { priced: prices.region, stack: found.region ?? null };
  }
  return {
    priced: prices.region, stack: found.region,
    warning: `stack ${found.stackName} is in ${found.region}, but the price table is for ${prices.region}: its costs are `
      + `${prices.region} rates, not ${found.region}'s. For ${found.region}, pass --prices FILE with its rates `
      + '(`event-readiness prices` prints a table to start from).',
  };
}

/** From the first change (or prewarm) to the last change taken effect (or baseline), in seconds. */
export function totalSeconds(plan: EventPlanDocument): number {
  const changes = plan.tiers.flatMap((t) => t.changes);
  const first = Math.min(Date.parse(plan.timeline[0].utc), ...changes.map((c) => Date.parse(c.atUtc)));
  const last = Math.max(Date.parse(plan.timeline[plan.timeline.length - 1].utc),
    ...changes.map((c) => Date.parse(c.atUtc) + (c.leadTimeSeconds + c.retryWindowSeconds) * 1000));
  return (last - first) / 1000;
}

/** Several events (a calendar, or several readiness stacks): one line each, in time order. */
function renderSummary(reports: PlanReport[], tz: string | undefined, io: CliIo): string {
  const p = painter(io);
  const ordered = [...reports].sort((a, b) => firstChange(a) - firstChange(b) || a.plan.eventName.localeCompare(b.plan.eventName));
  const when = (local: string) => local.replace('T', ' ').slice(0, 16);
  const window = (plan: EventPlanDocument) => (tz === undefined
    ? `${when(plan.start)} to ${when(plan.end)} ${plan.timeZone}`
    : `${when(formatLocal(toLocal(Date.parse(plan.startUtc), tz)))} to ${when(formatLocal(toLocal(Date.parse(plan.endUtc), tz)))} ${tz}`);
  const rows = ordered.map((r) => {
    const ups = r.changes.filter((c) => c.direction === 'SCALE_UP' && c.scheduled);
    const late = r.changes.filter((c) => c.verdict === 'late').length;
    const past = r.changes.filter((c) => !c.scheduled).length;
    return [
      r.plan.eventName,
      window(r.plan),
      r.plan.calendar === undefined ? r.stack : `${r.stack} (calendar)`,
      `${r.plan.tiers.length}`,
      `${r.changes.length}` + (past > 0 ? ` (${past} past)` : ''),
      late > 0 ? p.red(`${late} scale-up(s) LATE`)
        : ups.length > 0 ? p.green('every scale-up on time') : p.dim('nothing left to scale up'),
    ];
  });
  const header = ['event', 'window (local)', 'stack', 'tiers', 'changes', 'verdict'];
  const full = table([header, ...rows], '  ');
  const windowed = table([[0, 1, 5].map((i) => header[i]), ...rows.map((r) => [0, 1, 5].map((i) => r[i]))], '  ');
  // Narrow: the stack and the counts go first, then each window goes under its event; the event,
  // its window and its verdict are never cut.
  const stacked = () => {
    const lines = table([['event', 'verdict'], ...rows.map((r) => [r[0], r[5]])], '  ', io.columns, [1]).split('\n');
    return [lines[0], ...rows.flatMap((r, i) => [lines[i + 1],
      wrap(`    ${r[1]}; stack ${r[2]}, ${r[3]} tiers, ${r[4]} changes`, io.columns, '      ')])].join('\n');
  };
  return [
    p.bold(`${ordered.length} events`) + ', in time order:',
    fits(full, io.columns) ? full : fits(windowed, io.columns) ? windowed : stacked(),
    '',
    p.dim(wrap('Run with --event NAME for an event\'s timeline and changes.'
      + (!fits(full, io.columns) && fits(windowed, io.columns) ? ` Fitted to ${io.columns} columns: stacks and counts left out; `
        + '--wide shows them.' : ''), io.columns, '  ')),
  ].join('\n');
}

/** When an event's plan first acts: its first timeline step. */
function firstChange(report: PlanReport): number {
  return Math.min(...report.plan.timeline.map((s) => Date.parse(s.utc)));
}

function renderReport(report: PlanReport, tz: string | undefined, io: CliIo): string {
  const p = painter(io);
  const plan = report.plan;
  const zone = tz ?? plan.timeZone;
  const local = (utc: string) => {
    const ms = Date.parse(utc);
    return `${formatLocal(toLocal(ms, zone)).replace('T', ' ').slice(0, 16)} (${formatOffset(offsetMs(ms, zone))})`;
  };
  const utcText = (utc: string) => utc.replace('T', ' ').replace(/:00Z$/, 'Z');
  const lines: string[] = [];
  const fit = (text: string, indent?: string) => wrap(text, io.columns, indent);
  const title = `Event ${plan.eventName}`;
  lines.push(fit(`${title}: ${plan.start} to ${plan.end} ${plan.timeZone} (stack ${report.stack}`
    + (plan.calendar === undefined ? ')' : `, calendar ${plan.calendar})`)).replace(title, p.bold(title)));
  if (plan.rehearsalOf !== undefined) {
    lines.push(fit(`Rehearsal of event ${plan.rehearsalOf}: its changes in the same order, as close together as their lead times allow.`));
  }
  lines.push(fit(`Total: ${duration(totalSeconds(plan))} from the first change to the last one taken effect.`));
  lines.push('');
  lines.push(p.bold('Timeline'));
  const timeline = table([['step', `local (${zone})`, 'UTC'], ...plan.timeline.map((s) => [s.id, local(s.utc), utcText(s.utc)])], '  ');
  // Narrow: the UTC column goes before local times are cut.
  lines.push(fits(timeline, io.columns) ? timeline
    : table([['step', `local (${zone})`], ...plan.timeline.map((s) => [s.id, local(s.utc)])], '  ', io.columns));
  const dropped = new Set<ChangeColumn>();
  for (const tier of plan.tiers) {
    lines.push('');
    const heading = fit(`Tier ${tier.name}  ${tier.path}`, '  ');
    lines.push(p.bold(`Tier ${tier.name}`) + p.dim(heading.slice(`Tier ${tier.name}`.length)));
    const rows = report.changes.filter((c) => c.tier === tier.name).map((c): ChangeRow => {
      const when = c.delaySeconds ? `${c.step}+${duration(c.delaySeconds).replace(/ /g, '')}` : c.step;
      let verdict: string;
      switch (c.verdict) {
        case 'ready':
          verdict = p.green(`ready, ${duration(c.marginSeconds ?? 0)} to spare`);
          break;
        case 'late':
          verdict = p.red(`LATE by ${duration(-(c.marginSeconds ?? 0))}`);
          break;
        case 'past':
          verdict = p.yellow('past, not scheduled');
          break;
        default:
          verdict = p.dim('after the event');
      }
      return {
        when, local: local(c.atUtc), utc: utcText(c.atUtc), setting: c.setting, before: c.before, after: c.after,
        how: mechanismText(c), lead: duration(c.leadTimeSeconds), verdict,
      };
    });
    if (rows.length === 0) {
      lines.push('  (no scheduled changes)');
    } else {
      const fitted = changeTable(rows, zone, io.columns);
      fitted.dropped.forEach((c) => dropped.add(c));
      lines.push(fitted.text);
    }
    for (const note of tier.notes ?? []) {
      lines.push(fit(`  note: ${note}`));
    }
    const gate = tier.changes.find((c) => c.gate)?.gate;
    if (gate) {
      lines.push(fit(`  ramp-down gated: ${gateText(gate)}`));
    }
    if (tier.alarmNames.length > 0) {
      lines.push(p.dim(fit(`  alarms: ${tier.alarmNames.join(', ')}`)));
    }
  }
  if (dropped.size > 0) {
    const names: { [c in ChangeColumn]?: string } = { utc: 'UTC times', how: 'mechanisms', lead: 'lead times' };
    const left = [...dropped].map((c) => names[c]!);
    lines.push('', p.dim(fit(`Fitted to ${io.columns} columns: ${[left.slice(0, -1).join(', '), left[left.length - 1]].filter(Boolean).join(' and ')} left out; `
      + '--wide shows every column.', '  ')));
  }
  lines.push('');
  const late = report.changes.filter((c) => c.verdict === 'late').length;
  lines.push(late === 0
    ? p.green(fit(`Every scale-up takes effect before the start (${utcText(plan.startUtc)}).`, '  '))
    : p.red(fit(`${late} scale-up(s) would not take effect before the start.`, '  ')));
  lines.push(p.dim(fit(`Health alarm ${plan.healthAlarmName}; dashboard ${plan.dashboardName}; schedule group ${plan.scheduleGroup}.`, '  ')));
  for (const r of plan.regions ?? []) {
    lines.push(p.dim(fit(`In ${r.region}: stack ${r.stackName}, health alarm ${r.healthAlarmName} over ${r.alarmNames.length} alarms; `
      + `schedule group ${r.scheduleGroup}.`, '  ')));
  }
  if (report.economics) {
    lines.push('', ...renderEconomics(report.economics, io, report.stack));
  }
  return lines.join('\n');
}

/** The economics as tables: the Region priced, each item under the three schedules, the totals, the plan's hours. */
export function renderEconomics(e: Economics & { region?: PricedRegion }, io: CliIo, stack?: string): string[] {
  const p = painter(io);
  const fit = (text: string) => wrap(text, io.columns, '  ');
  const money = (a: Amount | undefined) => (a === undefined ? 'unknown' : amountText(a, e.prices.currency));
  const a = e.assumptions;
  const title = 'Economics, an estimate';
  const heading = fit(`${title} (prices as of ${e.prices.asOf}, ${e.prices.region}, ${e.prices.currency}: ${e.prices.source})`);
  const lines = [
    p.bold(title) + p.dim(heading.slice(title.length)),
    ...(e.region === undefined ? [] : [regionLine(e.region, stack, io)]),
    fit(`  Over ${a.monthDays} days from ${a.monthStartUtc}: only what the plan changes is priced (the rest of the bill is the `
      + `same under all three). Manual practice: every setting at its peak from ${a.manualLeadHours} h before the start to `
      + `the end, then the plan's ramp-down stretched over ${a.manualRampDownHours} h.`),
    table([
      ['tier', 'item', 'billed as', 'everyday', 'manual', 'plan'],
      ...e.items.map((i) => [i.tier, i.item, i.unit, money(i.everyday), money(i.manual), money(i.plan)]),
      ['total', '', '', money(e.totals.everyday), money(e.totals.manual), money(e.totals.plan)],
    ], '  ', io.columns),
  ];
  const saving = e.totals.savingAgainstManual;
  const share = (x: number, of: number) => (of > 0 ? Math.round((x / of) * 100) : 0);
  const shares = [share(saving.low, e.totals.manual.low), share(saving.high, e.totals.manual.high)].sort((x, y) => x - y);
  lines.push(fit(`  The plan costs ${money(e.totals.extraOverEveryday)} more than everyday, and ${money(saving)} less than `
    + `the manual practice (${shares[0] === shares[1] ? shares[0] : shares.join('-')} % less).`));
  if (e.totals.unpriced.length > 0) {
    lines.push(p.yellow(fit(`  Unknown prices, left out of the totals: ${e.items.filter((i) => i.unknown)
      .map((i) => `${i.tier} ${i.item} (${i.unknown})`).join('; ')}.`)));
  }
  if (e.items.some((i) => i.everyday && i.everyday.low !== i.everyday.high)) {
    lines.push(p.dim(fit('  A range is what the ACUs cost at the minimum (billed for certain) and at the maximum of their range; '
      + 'the extra cost and the saving compare the schedules at the minimum, then at the maximum.')));
  }
  for (const i of e.items) {
    const held = i.hours.plan.filter((h) => h.hours > 0);
    if (held.length > 1 && !i.oneTime) {
      lines.push(p.dim(fit(`  ${i.tier} ${i.item} under the plan: ${held.map((h) =>
        `${h.value} ${h.hours.toFixed(1)} h${h.cost ? ` ${money(h.cost)}` : ''}`).join('; ')}`)));
    }
    if (i.note) {
      lines.push(p.dim(fit(`  ${i.tier} ${i.item}: ${i.note}.`)));
    }
  }
  return lines;
}

/** `Priced at us-east-1 rates, …`: against the stack's Region, or saying it is unknown. */
function regionLine(region: PricedRegion, stack: string | undefined, io: CliIo): string {
  const p = painter(io);
  const fit = (text: string) => wrap(text, io.columns, '  ');
  const ofStack = stack === undefined ? 'the stack' : `stack ${stack}`;
  if (region.stack === null) {
    return fit(`  Priced at ${region.priced} rates (the price table's Region): ${ofStack} is environment-agnostic, so its Region is unknown.`);
  }
  if (region.stack === region.priced) {
    return fit(`  Priced at ${region.priced} rates, the Region of ${ofStack}.`);
  }
  return p.yellow(fit(`  Priced at ${region.priced} rates, but ${ofStack} is in ${region.stack}: these are not ${region.stack} prices. `
    + 'For those, pass --prices FILE with its rates (`event-readiness prices` prints a table to start from).'));
}

/** A change as the tier's table shows it, cell by cell. */
interface ChangeRow {
  readonly when: string;
  readonly local: string;
  readonly utc: string;
  readonly setting: string;
  readonly before: string;
  readonly after: string;
  readonly how: string;
  readonly lead: string;
  /** Coloured. */
  readonly verdict: string;
}

/** The columns of a tier's table: `change` is the setting, `fromTo` its values. */
type ChangeColumn = 'when' | 'local' | 'utc' | 'change' | 'fromTo' | 'how' | 'lead' | 'verdict';

/**
 * A tier's changes, fitted to the width without cutting what a person reads the plan for: each
 * change's local time, from -> to, and its whole verdict. The full table when it fits; else
 * without the UTC time and the mechanism, then without the lead time; else stacked, the setting
 * and from -> to on a line of their own under each row (wrapped, never cut); at the narrowest,
 * each change as a block of lines. Says which columns it left out.
 */
function changeTable(rows: ChangeRow[], zone: string, width: number | undefined): { text: string; dropped: ChangeColumn[] } {
  const header: { [c in ChangeColumn]: string } = {
    when: 'when', local: `local (${zone})`, utc: 'UTC', change: 'change', fromTo: 'from -> to', how: 'how', lead: 'lead', verdict: 'verdict',
  };
  const cell = (r: ChangeRow, c: ChangeColumn) => (c === 'change' ? r.setting : c === 'fromTo' ? `${r.before} -> ${r.after}` : r[c]);
  const all: ChangeColumn[] = ['when', 'local', 'utc', 'change', 'fromTo', 'how', 'lead', 'verdict'];
  const layouts: ChangeColumn[][] = [all, ['when', 'local', 'change', 'fromTo', 'lead', 'verdict'], ['when', 'local', 'change', 'fromTo', 'verdict']];
  for (const columns of layouts) {
    const text = table([columns.map((c) => header[c]), ...rows.map((r) => columns.map((c) => cell(r, c)))], '  ');
    if (fits(text, width)) {
      return { text, dropped: all.filter((c) => !columns.includes(c)) };
    }
  }
  const dropped: ChangeColumn[] = ['utc', 'how', 'lead'];
  // `  setting: from -> to`, under its row: broken before '->' when that fits, else wrapped at spaces.
  const change = (r: ChangeRow) => {
    const line = `    ${r.setting}: ${r.before} -> ${r.after}`;
    const split = `    ${r.setting}: ${r.before}\n      -> ${r.after}`;
    return fits(line, width) ? line : fits(split, width) ? split : wrap(line, width, '      ');
  };
  const stacked = table([['when', header.local, 'verdict'], ...rows.map((r) => [r.when, r.local, r.verdict])], '  ').split('\n');
  if (fits(stacked.join('\n'), width)) {
    return { text: [stacked[0], ...rows.flatMap((r, i) => [stacked[i + 1], change(r)])].join('\n'), dropped };
  }
  return {
    text: rows.map((r) => [wrap(`  ${r.when}  ${r.local}`, width), change(r), `    ${r.verdict}`].join('\n')).join('\n'),
    dropped,
  };
}

function mechanismText(c: EventPlanChange): string {
  const how = c.mechanism === 'APPLICATION_AUTO_SCALING' ? `auto scaling ${c.action}` : `scheduler ${c.action}`;
  return c.gate ? `${how}, gated` : how;
}

/** A tier's ramp-down gate in a sentence (its gated changes share it). */
export function gateText(g: NonNullable<EventPlanChange['gate']>): string {
  return `held while ${g.alarmNames.join(' or ')} is in ALARM, checked every ${duration(g.checkEverySeconds)} for at most `
    + `${duration(g.maximumHoldSeconds)}, then ${g.whenHeldTooLong === 'SKIP' ? 'skipped' : 'applied'} (state machine ${g.stateMachineName})`;
}
