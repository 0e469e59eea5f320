import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { EventWindow } from '../event/event-window';
import { TierDashboardGraph } from '../plans/tier-plan';
import { isoUtc } from '../private/zoned-time';

/** The dashboard's first widget: the event's timeline in its zone and in UTC. */
export function timelineMarkdown(w: EventWindow): string {
  const rows = w.timeline.map((s) => `| ${s.id} | ${s.local} (${s.utcOffset}) | ${s.utc} |`);
  return [
    `## Event ${w.name}: ${w.start} to ${w.end} (${w.timeZone.timezoneName})`,
    '',
    '| step | local | UTC |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** A tier's row: a title and its graphs, each marked with the event's steps and end. */
export function addDashboardRow(dashboard: cloudwatch.Dashboard, w: EventWindow, tier: string, graphs: TierDashboardGraph[]): void {
  // One line per instant: the end shares its line with the step at the same instant (ramp-down-1).
  const end = isoUtc(w.endInstant);
  const annotations: cloudwatch.VerticalAnnotation[] = w.timeline.map((s) => ({
    date: s.utc,
    label: s.utc === end ? `end · ${s.id}` : s.id,
    color: s.kind === 'PEAK' || s.utc === end ? '#d62728' : '#7f7f7f',
  }));
  if (!w.timeline.some((s) => s.utc === end)) {
    annotations.push({ date: end, label: 'end', color: '#d62728' });
  }
  const width = graphs.length === 0 ? 24 : Math.max(6, Math.floor(24 / graphs.length));
  dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `### Tier ${tier}`, width: 24, height: 1 }));
  if (graphs.length > 0) {
    dashboard.addWidgets(...graphs.map((g) => new cloudwatch.GraphWidget({
      title: g.title,
      left: g.left,
      right: g.right,
      leftAnnotations: g.leftAnnotations,
      verticalAnnotations: annotations,
      width,
      height: 6,
    })));
  }
}
