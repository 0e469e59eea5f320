/**
 * The plan chart of docs/cli.md: the prime-day example's calendar (Prime Day and Black Friday),
 * drawn by `event-readiness plan --svg` from a synthesized plan with the clock pinned before
 * both events. `npm run chart` writes docs/prime-day-plan.svg; test/chart.test.ts fails when
 * the committed file is not what this renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addPrimeDay } from '../examples';
import { EventPlanDocument } from '../lib';
import { renderPlanSvg } from '../lib/cli/svg';

/** Where the chart lives. */
export const CHART_FILE = path.join(__dirname, '..', 'docs', 'prime-day-plan.svg');

/** The prime-day example's event plans, synthesized with the clock before both events. */
export function primeDayPlans(): EventPlanDocument[] {
  const app = new App();
  const { readiness } = addPrimeDay(app, { now: new Date('2027-01-01T00:00:00Z') });
  const stack = app.synth().getStackByName(readiness.stackName);
  return Object.entries<EventPlanDocument>(stack.template.Metadata)
    .filter(([key]) => key.startsWith('cdk-event-readiness/plan/'))
    .map(([, plan]) => plan);
}

/** The chart, as `event-readiness plan --svg` draws it. */
export function primeDayChart(): string {
  return renderPlanSvg(primeDayPlans());
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  fs.writeFileSync(CHART_FILE, primeDayChart());
  console.log(`Wrote ${path.relative(process.cwd(), CHART_FILE)}`);
}
