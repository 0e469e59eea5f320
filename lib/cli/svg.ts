import { formatOffset, offsetMs, toLocal } from '../private/zoned-time';
import { EventPlanDocument } from '../readiness/plan-document';
import { Lane, lanesOf, Series } from './lanes';
import type { SettingKind } from './review';

/** A setting's observed load over time (`review --svg`), drawn over the plan's step line of that setting. */
export interface ObservedLane {
  readonly tier: string;
  readonly kind: SettingKind;
  /** [time in ms, value in the lane's unit (CPU: percent)], oldest first. */
  readonly points: Array<[number, number]>;
}

/** Options of {@link renderPlanSvg}. */
export interface ChartOptions {
  /** Show times in this IANA zone (e.g. `UTC`) instead of each event's own. */
  readonly timeZone?: string;
  /** The observed load of each setting (`review`), drawn in grey over its lane; CPU gets a lane of its own. */
  readonly observed?: ObservedLane[];
}

/** The plan lane each observed setting is drawn in. */
const OBSERVED_LANE: { [kind in SettingKind]?: string } = {
  'provisioned-concurrency': 'provisioned concurrency', 'table-reads': 'table reads/s', 'table-writes': 'table writes/s',
  'acu': 'ACU range', 'storage-iops': 'storage IOPS', 'storage-throughput': 'storage MiB/s',
};

const WIDTH = 1200;
const LEFT = 96;
const RIGHT = 120;
const PLOT_W = WIDTH - LEFT - RIGHT;
const LANE_LABEL = 18;
const LANE_PLOT = 56;
const LANE_GAP = 14;
const LANE_H = LANE_LABEL + LANE_PLOT + LANE_GAP;
const FONT = 12;
const SMALL = 10;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The plan as a person reads it: per event, a time axis in the event's zone (dates and times)
 * from before prewarm to after baseline, the event window hatched, every timeline step marked
 * and labelled, and one lane per tier and setting (numbers as step lines with whole-number
 * ticks for counts, the ACU range as a band, warm throughput with the cost cap, the instance
 * class as labelled steps), with a triangle where each scale-up is expected to have taken
 * effect. Several events get an overview of their windows first. No colour is needed to read
 * it (patterns, dashes and labels); the same plans give the same bytes. Plain SVG 1.1.
 */
export function renderPlanSvg(plans: EventPlanDocument[], options: ChartOptions = {}): string {
  const ordered = [...plans].sort((a, b) => Date.parse(a.timeline[0].utc) - Date.parse(b.timeline[0].utc)
    || a.eventName.localeCompare(b.eventName));
  const body: string[] = [];
  let y = 0;
  if (ordered.length > 1) {
    const overview = renderOverview(ordered, options, y);
    body.push(overview.svg);
    y += overview.height;
  }
  for (const plan of ordered) {
    const chart = renderEvent(plan, options, y);
    body.push(chart.svg);
    y += chart.height;
  }
  if (ordered.length === 0) {
    body.push(text(20, 40, 'No event plan.', {}));
    y = 60;
  }
  const height = Math.ceil(y + 10);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" `
      + `font-family="sans-serif" font-size="${FONT}">`,
    '<defs><pattern id="event-window" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
      + '<rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#bbbbbb" stroke-width="3"/></pattern>'
      + '<pattern id="acu-band" width="6" height="6" patternUnits="userSpaceOnUse">'
      + '<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.2" fill="#555555"/></pattern></defs>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n') + '\n';
}

/** An event's chart: title, legend, step labels, lanes, time axis. */
function renderEvent(plan: EventPlanDocument, options: ChartOptions, top: number): { svg: string; height: number } {
  const zone = options.timeZone ?? plan.timeZone;
  const lanes: Array<Lane & { observed?: Array<[number, number]> }> = plan.tiers.flatMap((tier) => lanesOf(tier));
  for (const o of options.observed ?? []) {
    const setting = OBSERVED_LANE[o.kind];
    const index = lanes.findIndex((l) => l.tier === o.tier && l.setting === setting);
    if (index >= 0) {
      lanes[index] = { ...lanes[index], observed: o.points };
    } else if (o.kind === 'instance-cpu') {
      // The class is drawn as named levels: CPU, in percent of the class in force, gets its own lane under 100 %.
      const at = lanes.map((l) => l.tier).lastIndexOf(o.tier);
      lanes.splice(at + 1, 0, { tier: o.tier, setting: 'CPU % of the class in force', kind: 'steps', integer: true, ready: [],
        series: [{ name: '100 %', points: [[Number.NEGATIVE_INFINITY, 100]] }], observed: o.points });
    }
  }
  const steps = plan.timeline.map((s) => ({ id: s.id, at: Date.parse(s.utc) }));
  const start = Date.parse(plan.startUtc);
  const end = Date.parse(plan.endUtc);
  const instants = [
    ...steps.map((s) => s.at),
    ...lanes.flatMap((l) => [...l.series.flatMap((s) => s.points.map(([t]) => t)), ...l.ready.map((r) => r.readyAt)]),
  ].filter(Number.isFinite);
  const first = Math.min(...instants);
  const last = Math.max(...instants);
  const margin = Math.max(HOUR, Math.round((last - first) * 0.04 / HOUR) * HOUR);
  const t0 = first - margin;
  const t1 = last + margin;
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * PLOT_W;

  const out: string[] = [`<g class="event" data-event="${esc(plan.eventName)}" data-from="${iso(t0)}" data-to="${iso(t1)}" `
    + `data-zone="${esc(zone)}">`];
  let y = top + 26;
  out.push(text(16, y, `Event ${plan.eventName}: ${plan.start.replace('T', ' ')} to ${plan.end.replace('T', ' ')} ${plan.timeZone}`
    + (plan.calendar ? ` (calendar ${plan.calendar})` : ''), { weight: 'bold', size: 14 }));
  y += 20;
  out.push(legend(16, y, zone, (options.observed ?? []).length > 0));
  y += 16;

  // Step labels above the lanes, in rows so that none overlaps another; 'end' shares a label
  // with a step at the same instant.
  const marks: Array<{ label: string; at: number; strong: boolean }> = [];
  for (const s of steps) {
    const label = s.id === 'peak' ? 'start' : s.id;
    const same = marks.find((m) => m.at === s.at);
    if (same) {
      same.label += ` · ${label}`;
    } else {
      marks.push({ label, at: s.at, strong: s.id === 'peak' });
    }
  }
  const endMark = marks.find((m) => m.at === end);
  if (endMark) {
    endMark.label = `end · ${endMark.label}`;
    endMark.strong = true;
  } else {
    marks.push({ label: 'end', at: end, strong: true });
  }
  marks.sort((a, b) => a.at - b.at);
  const rows = placeInRows(marks.map((m) => ({ x: x(m.at), width: textWidth(m.label, SMALL), anchor: 'middle' as const })));
  const labelRows = Math.max(1, ...rows.map((r) => r + 1));
  marks.forEach((m, i) => out.push(text(clampCentre(x(m.at), textWidth(m.label, SMALL)), y + 10 + rows[i] * 12, m.label,
    { size: SMALL, anchor: 'middle', cls: 'step', weight: m.strong ? 'bold' : undefined })));
  y += labelRows * 12 + 4;

  const lanesTop = y;
  const lanesBottom = lanesTop + Math.max(1, lanes.length) * LANE_H - LANE_GAP;
  // The event window, hatched; every step as a dashed line; start and end solid.
  out.push(`<rect class="event-window" x="${n(x(start))}" y="${n(lanesTop)}" width="${n(x(end) - x(start))}" `
    + `height="${n(lanesBottom - lanesTop)}" fill="url(#event-window)" opacity="0.5"/>`);
  for (const m of marks) {
    out.push(`<line x1="${n(x(m.at))}" y1="${n(lanesTop)}" x2="${n(x(m.at))}" y2="${n(lanesBottom)}" stroke="#333333" `
      + (m.strong ? 'stroke-width="1.5"' : 'stroke-width="1" stroke-dasharray="2,3"') + '/>');
  }
  lanes.forEach((lane, i) => out.push(renderLane(lane, lanesTop + i * LANE_H, x, start)));
  if (lanes.length === 0) {
    out.push(text(LEFT + 10, lanesTop + 30, 'no settings to chart', { fill: '#555555' }));
  }
  const axis = renderAxis(t0, t1, zone, x, lanesBottom);
  out.push(axis.svg);
  out.push('</g>');
  return { svg: out.join('\n'), height: axis.bottom - top + 24 };
}

/** One lane: its title, value ticks and lines, end labels, ready-by marks. */
function renderLane(lane: Lane & { observed?: Array<[number, number]> }, top: number, x: (t: number) => number, start: number): string {
  const out: string[] = [`<g class="lane" data-tier="${esc(lane.tier)}" data-setting="${esc(lane.setting)}" data-kind="${lane.kind}">`];
  out.push(text(LEFT, top + 13, `${lane.tier} · ${lane.setting}`, { weight: 'bold', cls: 'lane-title', halo: true }));
  const plotTop = top + LANE_LABEL;
  const plotBottom = plotTop + LANE_PLOT;
  const values = [...lane.series.flatMap((s) => s.points.map(([, v]) => v)), ...(lane.observed ?? []).map(([, v]) => v)];
  const y = scaleFor(lane, values, plotTop, plotBottom);
  out.push(`<line x1="${LEFT}" y1="${n(plotBottom)}" x2="${LEFT + PLOT_W}" y2="${n(plotBottom)}" stroke="#333333"/>`);
  out.push(`<line x1="${LEFT}" y1="${n(plotTop)}" x2="${LEFT}" y2="${n(plotBottom)}" stroke="#333333"/>`);
  if (lane.kind !== 'labels') {
    for (const v of y.ticks) {
      out.push(text(LEFT - 6, y.of(v) + 4, formatValue(v), { anchor: 'end', size: SMALL, cls: 'tick' }));
    }
  }
  const path = (s: Series) => {
    const pts = s.points.map(([t, v]) => [x(Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY), y.of(v)] as const);
    let d = `M ${n(pts[0][0])} ${n(pts[0][1])}`;
    for (let k = 1; k < pts.length; k++) {
      d += ` H ${n(pts[k][0])} V ${n(pts[k][1])}`;
    }
    return `${d} H ${LEFT + PLOT_W}`;
  };
  // A series' name at its right end; a label that would overlap another moves away from it
  // (down for a lower bound, up otherwise).
  const endLabel = (s: Series, label: string, used: number[], down = false) => {
    let ly = y.of(s.points[s.points.length - 1][1]) + 4;
    while (used.some((u) => Math.abs(u - ly) < 11)) {
      ly += down ? 11 : -11;
    }
    used.push(ly);
    out.push(text(LEFT + PLOT_W + 6, ly, label, { size: SMALL, cls: 'series-label' }));
  };
  const used: number[] = [];
  if (lane.kind === 'band') {
    const [min, max] = lane.series;
    // The band between the minimum and the maximum in force, dotted; both bounds drawn.
    const times = [...new Set([...min.points, ...max.points].map(([t]) => t))].sort((a, b) => a - b);
    const at = (s: Series, t: number) => [...s.points].reverse().find(([pt]) => pt <= t)?.[1] ?? s.points[0][1];
    const edges = times.map((t, k) => [t, times[k + 1] ?? Number.POSITIVE_INFINITY] as const);
    for (const [from, to] of edges) {
      const left = x(from);
      const right = x(to);
      const hi = y.of(at(max, from));
      const lo = y.of(at(min, from));
      out.push(`<rect class="band" x="${n(left)}" y="${n(hi)}" width="${n(Math.max(0, right - left))}" height="${n(Math.max(0, lo - hi))}" `
        + 'fill="url(#acu-band)" opacity="0.6"/>');
    }
    out.push(`<path class="series" data-series="max" d="${path(max)}" fill="none" stroke="#222222" stroke-width="2"/>`);
    out.push(`<path class="series" data-series="min" d="${path(min)}" fill="none" stroke="#222222" stroke-width="1.5" stroke-dasharray="5,3"/>`);
    endLabel(max, 'max', used);
    endLabel(min, 'min', used, true);
  } else if (lane.kind === 'labels') {
    const s = lane.series[0];
    out.push(`<path class="series" data-series="${esc(s.name)}" d="${path(s)}" fill="none" stroke="#222222" stroke-width="2"/>`);
    // The level's name on each step, just above the line, or just below it where it would
    // overlap the previous name.
    const labels = s.points.map(([t, v]) => ({ t, name: lane.levels![v], v }));
    const placed = placeInRows(labels.map((l) => ({ x: x(l.t) + 3, width: textWidth(l.name, SMALL), anchor: 'start' as const })));
    labels.forEach((l, k) => {
      const lx = Math.min(x(l.t) + 3, LEFT + PLOT_W + RIGHT - 4 - textWidth(l.name, SMALL));
      out.push(text(lx, y.of(l.v) + (placed[k] % 2 === 0 ? -4 : 12), l.name, { size: SMALL, cls: 'level', halo: true }));
    });
  } else {
    const dashes = ['', '6,3', '2,2'];
    lane.series.forEach((s, k) => {
      out.push(`<path class="series" data-series="${esc(s.name)}" d="${path(s)}" fill="none" stroke="#222222" `
        + `stroke-width="2"${dashes[k % dashes.length] ? ` stroke-dasharray="${dashes[k % dashes.length]}"` : ''}/>`);
      endLabel(s, lane.series.length > 1 ? s.name : formatValue(s.points[s.points.length - 1][1]), used);
    });
  }
  // The observed load, thin and grey over the plan's line.
  if (lane.observed && lane.observed.length > 0 && lane.kind !== 'labels') {
    out.push(`<polyline class="observed" points="${lane.observed.map(([t, v]) => `${n(x(t))},${n(y.of(v))}`).join(' ')}" `
      + 'fill="none" stroke="#888888" stroke-width="1"/>');
  }
  // Where each scale-up is expected to have taken effect: right of the start line when late.
  for (const r of lane.ready) {
    const rx = x(r.readyAt);
    const late = r.readyAt > start;
    out.push(`<path class="ready-by" data-late="${late}" d="M ${n(rx)} ${n(plotBottom)} l -5 8 h 10 z" `
      + `fill="${r.scheduled ? '#222222' : '#ffffff'}" stroke="#222222"><title>ready by ${iso(r.readyAt)}</title></path>`);
    if (late) {
      out.push(text(rx + 7, plotBottom + 8, 'LATE', { size: SMALL, weight: 'bold', cls: 'late' }));
    }
  }
  out.push('</g>');
  return out.join('\n');
}

/** The time axis under the lanes: ticks at local whole hours or midnights, the date under each day's first tick. */
function renderAxis(t0: number, t1: number, zone: string, x: (t: number) => number, top: number): { svg: string; bottom: number } {
  const out: string[] = [`<g class="axis">`];
  out.push(`<line x1="${LEFT}" y1="${n(top)}" x2="${LEFT + PLOT_W}" y2="${n(top)}" stroke="#333333"/>`);
  const maxTicks = Math.floor(PLOT_W / 64);
  const intervals = [1, 2, 3, 6, 12, 24, 48, 72, 168].map((h) => h * HOUR);
  const interval = intervals.find((i) => (t1 - t0) / i <= maxTicks) ?? 168 * HOUR;
  const ticks: number[] = [];
  // Quarter hours, so that zones 30 or 45 minutes off UTC get ticks at their whole hours too.
  for (let t = Math.ceil(t0 / (HOUR / 4)) * (HOUR / 4); t <= t1; t += HOUR / 4) {
    const local = toLocal(t, zone);
    if (local.minute !== 0) {
      continue;
    }
    const hours = interval / HOUR;
    const ok = hours < 24
      ? local.hour % hours === 0
      : local.hour === 0 && Math.round(Date.UTC(local.year, local.month - 1, local.day) / DAY) % (hours / 24) === 0;
    if (ok) {
      ticks.push(t);
    }
  }
  let lastDate = '';
  for (const t of ticks) {
    const local = toLocal(t, zone);
    const date = `${MONTHS[local.month - 1]} ${local.day}`;
    out.push(`<line x1="${n(x(t))}" y1="${n(top)}" x2="${n(x(t))}" y2="${n(top + 4)}" stroke="#333333"/>`);
    out.push(text(clampCentre(x(t), textWidth('00:00', SMALL)), top + 15, `${pad(local.hour)}:${pad(local.minute)}`,
      { size: SMALL, anchor: 'middle', cls: 'time' }));
    if (date !== lastDate) {
      out.push(text(clampCentre(x(t), textWidth(date, SMALL)), top + 27, date, { size: SMALL, anchor: 'middle', cls: 'date' }));
      lastDate = date;
    }
  }
  const offsets = [...new Set([t0, t1].map((t) => formatOffset(offsetMs(t, zone))))].join(' / ');
  out.push(text(LEFT, top + 42, `times in ${zone} (UTC${offsets === '+00:00' ? '' : offsets})`, { size: SMALL, fill: '#444444' }));
  out.push('</g>');
  return { svg: out.join('\n'), bottom: top + 46 };
}

/** Several events: a bar per event window on one date axis, before the events' charts. */
function renderOverview(plans: EventPlanDocument[], options: ChartOptions, top: number): { svg: string; height: number } {
  const zone = options.timeZone ?? 'UTC';
  const spans = plans.map((p) => ({ name: p.eventName, from: Date.parse(p.timeline[0].utc), to: Date.parse(p.timeline[p.timeline.length - 1].utc) }));
  const first = Math.min(...spans.map((s) => s.from));
  const last = Math.max(...spans.map((s) => s.to));
  const t0 = first - Math.max(DAY, (last - first) * 0.03);
  const t1 = last + Math.max(DAY, (last - first) * 0.03);
  const x = (t: number) => LEFT + ((t - t0) / (t1 - t0)) * PLOT_W;
  const out: string[] = [`<g class="overview" data-from="${iso(t0)}" data-to="${iso(t1)}">`];
  out.push(text(16, top + 26, `${plans.length} events, prewarm to baseline`, { weight: 'bold', size: 14 }));
  const rows = placeInRows(spans.map((s) => ({ x: x(s.from), width: Math.max(x(s.to) - x(s.from), textWidth(s.name, SMALL) + 4), anchor: 'start' as const })));
  const rowsUsed = Math.max(...rows) + 1;
  spans.forEach((s, i) => {
    const by = top + 40 + rows[i] * 30;
    out.push(`<rect class="overview-event" data-event="${esc(s.name)}" x="${n(x(s.from))}" y="${n(by)}" `
      + `width="${n(Math.max(3, x(s.to) - x(s.from)))}" height="12" fill="url(#event-window)" stroke="#333333"/>`);
    const lx = Math.min(x(s.from), LEFT + PLOT_W + RIGHT - 4 - textWidth(s.name, SMALL));
    out.push(text(lx, by + 24, s.name, { size: SMALL }));
  });
  const axisTop = top + 40 + rowsUsed * 30 + 4;
  out.push(`<line x1="${LEFT}" y1="${n(axisTop)}" x2="${LEFT + PLOT_W}" y2="${n(axisTop)}" stroke="#333333"/>`);
  // A tick on the first of each month (every second or third month over a long span).
  const months: number[] = [];
  const startLocal = toLocal(t0, zone);
  for (let k = 0; k < 60; k++) {
    const year = startLocal.year + Math.floor((startLocal.month - 1 + k) / 12);
    const month = ((startLocal.month - 1 + k) % 12) + 1;
    const t = Date.UTC(year, month - 1, 1) - offsetMs(Date.UTC(year, month - 1, 1), zone);
    if (t > t1) {
      break;
    }
    if (t >= t0) {
      months.push(t);
    }
  }
  const every = Math.max(1, Math.ceil(months.length / Math.floor(PLOT_W / 60)));
  months.filter((_, k) => k % every === 0).forEach((t) => {
    const local = toLocal(t, zone);
    const label = `${MONTHS[local.month - 1]} ${local.year}`;
    out.push(`<line x1="${n(x(t))}" y1="${n(axisTop)}" x2="${n(x(t))}" y2="${n(axisTop + 4)}" stroke="#333333"/>`);
    out.push(text(clampCentre(x(t), textWidth(label, SMALL)), axisTop + 15, label, { size: SMALL, anchor: 'middle', cls: 'date' }));
  });
  out.push(text(LEFT, axisTop + 30, `dates in ${zone}`, { size: SMALL, fill: '#444444' }));
  out.push('</g>');
  return { svg: out.join('\n'), height: axisTop + 44 - top };
}

function legend(left: number, y: number, zone: string, observed = false): string {
  const parts = [
    `<rect x="${left}" y="${y - 9}" width="16" height="10" fill="url(#event-window)" stroke="#333333"/>`,
    text(left + 20, y, 'event window', { size: SMALL }),
    `<path d="M ${left + 110} ${y - 8} l -5 8 h 10 z" fill="#222222"/>`,
    text(left + 120, y, 'ready by: the scale-up has taken effect (hollow: already past at synth)', { size: SMALL }),
    `<line x1="${left + 510}" y1="${y - 4}" x2="${left + 530}" y2="${y - 4}" stroke="#222222" stroke-width="2" stroke-dasharray="6,3"/>`,
    text(left + 535, y, 'dashed: the cost cap; the ACU band runs from min (dashed) to max', { size: SMALL }),
    // With a review's load drawn, its key takes the place of the zone (which the axis also gives).
    ...observed ? [`<line x1="${left + 900}" y1="${y - 4}" x2="${left + 920}" y2="${y - 4}" stroke="#888888"/>`,
      text(left + 925, y, 'grey: the observed load', { size: SMALL })]
      : [text(left + 900, y, `times in ${zone}`, { size: SMALL, fill: '#444444' })],
  ];
  return parts.join('\n');
}

/** A value scale for the lane: ticks at 1, 2 or 5 × 10^k (whole numbers for counts), or one row per level. */
function scaleFor(lane: Lane, values: number[], top: number, bottom: number): { of: (v: number) => number; ticks: number[] } {
  if (lane.kind === 'labels') {
    const levels = Math.max(1, lane.levels!.length - 1);
    return { of: (v) => bottom - 14 - (v / levels) * (bottom - top - 28), ticks: [] };
  }
  const max = Math.max(1, ...values);
  let step = niceStep(max / 3);
  if (lane.integer) {
    step = Math.max(1, Math.round(step));
  }
  const top1 = step * Math.ceil(max / step);
  const ticks: number[] = [];
  for (let v = 0; v <= top1 + step / 2; v += step) {
    ticks.push(Number(v.toFixed(6)));
  }
  return { of: (v) => bottom - (v / top1) * (bottom - top - 4), ticks };
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * power).find((k) => k >= raw) ?? 10 * power;
}

/** Assigns each label the first row where it overlaps no earlier label. */
function placeInRows(items: Array<{ x: number; width: number; anchor: 'start' | 'middle' }>): number[] {
  const taken: Array<Array<[number, number]>> = [];
  return items.map((item) => {
    const from = item.anchor === 'middle' ? item.x - item.width / 2 : item.x;
    const span: [number, number] = [from - 4, from + item.width + 4];
    let row = 0;
    while ((taken[row] ?? []).some(([a, b]) => span[0] < b && a < span[1])) {
      row++;
    }
    (taken[row] = taken[row] ?? []).push(span);
    return row;
  });
}

/** The centre of a middle-anchored label of this width, kept inside the chart. */
function clampCentre(cx: number, width: number): number {
  return Math.min(Math.max(cx, width / 2 + 2), WIDTH - width / 2 - 2);
}

/** A generous estimate of a sans-serif label's width (no text is ever measured by the renderer). */
export function textWidth(label: string, size: number = FONT): number {
  return label.length * size * 0.62;
}

function text(x: number, y: number, content: string,
  o: { size?: number; weight?: string; anchor?: 'start' | 'middle' | 'end'; fill?: string; cls?: string; halo?: boolean }): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`];
  if (o.cls) {
    attrs.push(`class="${o.cls}"`);
  }
  if (o.size && o.size !== FONT) {
    attrs.push(`font-size="${o.size}"`);
  }
  if (o.weight) {
    attrs.push(`font-weight="${o.weight}"`);
  }
  if (o.anchor && o.anchor !== 'start') {
    attrs.push(`text-anchor="${o.anchor}"`);
  }
  if (o.fill) {
    attrs.push(`fill="${o.fill}"`);
  }
  if (o.halo) {
    // A white outline under the glyphs keeps the text readable over the hatched event window.
    attrs.push('stroke="#ffffff" stroke-width="3" paint-order="stroke"');
  }
  return `<text ${attrs.join(' ')}>${esc(content)}</text>`;
}

function formatValue(v: number): string {
  if (Math.abs(v) >= 10000 && v % 1000 === 0) {
    return `${v / 1000}k`;
  }
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function pad(v: number): string {
  return String(v).padStart(2, '0');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
