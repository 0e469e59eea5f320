import { EventPlanChange, EventPlanDocument } from '../readiness/plan-document';

const WIDTH = 900;
const PANEL = 240;
const MARGIN = { left: 70, right: 180, top: 40, bottom: 40 };
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** One step line: a setting's value over time. */
interface Series {
  readonly name: string;
  readonly points: Array<[number, number]>;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The numeric settings of a tier's changes, as step lines (`event replica 3` joins `event replica`). */
export function seriesOf(changes: EventPlanChange[]): Series[] {
  const bySetting = new Map<string, Array<[number, number]>>();
  for (const c of [...changes].sort((a, b) => Date.parse(a.atUtc) - Date.parse(b.atUtc))) {
    if (c.afterValue === undefined) {
      continue;
    }
    const name = c.setting.replace(/ \d+$/, '');
    const points = bySetting.get(name) ?? [];
    const from = c.beforeValue ?? Number(c.before);
    if (points.length === 0 && c.before.trim() !== '' && Number.isFinite(from)) {
      points.push([Number.NEGATIVE_INFINITY, from]);
    }
    points.push([Date.parse(c.atUtc), c.afterValue]);
    bySetting.set(name, points);
  }
  return [...bySetting].map(([name, points]) => ({ name, points }));
}

/**
 * A capacity-over-time chart per tier (one panel each): step lines of every numeric
 * setting, the event's start and end marked, a light line at every timeline step.
 * Plain SVG 1.1, no scripts or external resources.
 */
export function renderPlanSvg(plans: EventPlanDocument[]): string {
  // A panel per tier and setting: settings of one tier differ in scale (ACUs and readers).
  const panels: Array<{ title: string; series: Series[]; plan: EventPlanDocument }> = [];
  for (const plan of plans) {
    for (const tier of plan.tiers) {
      for (const series of seriesOf(tier.changes)) {
        panels.push({ title: `${plan.eventName} / ${tier.name}: ${series.name}`, series: [series], plan });
      }
    }
  }
  const height = Math.max(1, panels.length) * PANEL;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" `
      + 'font-family="sans-serif" font-size="12">',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  ];
  panels.forEach((panel, i) => parts.push(renderPanel(panel.title, panel.series, panel.plan, i * PANEL)));
  if (panels.length === 0) {
    parts.push('<text x="20" y="40">No event plan with tiers.</text>');
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function renderPanel(title: string, series: Series[], plan: EventPlanDocument, top: number): string {
  const t0 = Date.parse(plan.timeline[0].utc) - 3600_000;
  const t1 = Date.parse(plan.timeline[plan.timeline.length - 1].utc) + 3600_000;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL - MARGIN.top - MARGIN.bottom;
  const step = niceStep(Math.max(1, ...series.flatMap((s) => s.points.map(([, v]) => v))) / 4);
  const maxValue = step * Math.ceil(Math.max(1, ...series.flatMap((s) => s.points.map(([, v]) => v))) / step);
  const x = (t: number) => MARGIN.left + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => top + MARGIN.top + plotH - (v / (maxValue * 1.05)) * plotH;
  const out: string[] = [`<g>`, `<text x="${MARGIN.left}" y="${top + 22}" font-weight="bold">${escape(title)}</text>`];
  // axes and value ticks
  out.push(`<line x1="${MARGIN.left}" y1="${y(0)}" x2="${MARGIN.left + plotW}" y2="${y(0)}" stroke="#333"/>`);
  out.push(`<line x1="${MARGIN.left}" y1="${top + MARGIN.top}" x2="${MARGIN.left}" y2="${y(0)}" stroke="#333"/>`);
  for (let v = 0; v <= maxValue + step / 2; v += step) {
    out.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${round(v)}</text>`);
  }
  // timeline steps, then start and end
  let lastLabelX = Number.NEGATIVE_INFINITY;
  let row = 0;
  for (const timelineStep of plan.timeline) {
    const sx = x(Date.parse(timelineStep.utc));
    row = sx - lastLabelX < 70 ? row + 1 : 0; // stagger labels of steps close together
    lastLabelX = sx;
    out.push(`<line x1="${sx}" y1="${top + MARGIN.top}" x2="${sx}" y2="${y(0)}" stroke="#ccc" stroke-dasharray="2,3"/>`);
    out.push(`<text x="${sx}" y="${y(0) + 14 + row * 11}" text-anchor="middle" fill="#666" font-size="10">`
      + `${escape(timelineStep.id)}</text>`);
  }
  for (const [label, utc] of [['start', plan.startUtc], ['end', plan.endUtc]]) {
    const sx = x(Date.parse(utc));
    out.push(`<line x1="${sx}" y1="${top + MARGIN.top}" x2="${sx}" y2="${y(0)}" stroke="#d62728" stroke-width="1.5"/>`);
    out.push(`<text x="${sx + 3}" y="${top + MARGIN.top + 10}" fill="#d62728">${label}</text>`);
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = s.points.map(([t, v]) => [x(t === Number.NEGATIVE_INFINITY ? t0 : t), y(v)] as const);
    let d = `M ${pts[0][0]} ${pts[0][1]}`;
    for (let k = 1; k < pts.length; k++) {
      d += ` H ${pts[k][0]} V ${pts[k][1]}`;
    }
    d += ` H ${MARGIN.left + plotW}`;
    out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<rect x="${WIDTH - MARGIN.right + 16}" y="${top + MARGIN.top + i * 18}" width="12" height="12" fill="${colour}"/>`);
    out.push(`<text x="${WIDTH - MARGIN.right + 34}" y="${top + MARGIN.top + i * 18 + 10}">${escape(s.name)}</text>`);
  });
  if (series.length === 0) {
    out.push(`<text x="${MARGIN.left + 10}" y="${top + MARGIN.top + 20}" fill="#666">no numeric settings to chart</text>`);
  }
  out.push('</g>');
  return out.join('\n');
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 5, 10].map((k) => k * power);
  return Math.max(steps.find((k) => k >= raw) ?? 10 * power, raw < 1 ? 0.5 : 1);
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
