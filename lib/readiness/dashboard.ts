import { Aws, CfnOutput } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { TierDashboardGraph } from '../plans/tier-plan';
import { isoUtc } from '../private/zoned-time';

/**
 * The event's dashboard, from an hour before prewarm to an hour after baseline, its timeline on
 * top (a row per tier follows), and outputs naming it.
 */
export function createEventDashboard(scope: Construct, w: EventWindow): cloudwatch.Dashboard {
  const name = w.name;
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: `${name}-readiness`,
    start: isoUtc(new Date(w.prewarm.instant.getTime() - 3600_000)),
    end: isoUtc(new Date(w.baseline.instant.getTime() + 3600_000)),
    widgets: [[new cloudwatch.TextWidget({ markdown: timelineMarkdown(w), width: 24, height: 3 + w.timeline.length })]],
  });
  new CfnOutput(scope, 'DashboardName', { value: dashboard.dashboardName, description: `Event '${name}' dashboard` });
  new CfnOutput(scope, 'DashboardUrl', {
    value: `https://console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${name}-readiness`,
    description: `Event '${name}' dashboard in the CloudWatch console`,
  });
  return dashboard;
}

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
