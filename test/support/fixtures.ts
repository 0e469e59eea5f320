import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { EventReadinessStack, EventReadinessStackProps, EventWindow, EventWindowProps } from '../../lib';
import { newApp } from './app';
import { TestTier, TestTierPeak } from './test-tier';

/** A clock well before every test event: nothing is in the past. */
export const BEFORE_EVENTS = new Date('2026-01-01T00:00:00Z');

export function saleWindow(overrides: Partial<EventWindowProps> = {}): EventWindow {
  return new EventWindow({
    name: 'sale',
    start: '2026-07-15T00:00',
    end: '2026-07-16T00:00',
    timeZone: TimeZone.AMERICA_LOS_ANGELES,
    prewarmLead: Duration.hours(2),
    ...overrides,
  });
}

export interface Fixture {
  readonly app: App;
  readonly tierStack: Stack;
  readonly tier: TestTier;
  readonly readiness: EventReadinessStack;
}

/** A tier stack with one test tier and a readiness stack for it. */
export function fixture(options: {
  window?: EventWindow;
  peak?: TestTierPeak;
  readiness?: Partial<EventReadinessStackProps>;
} = {}): Fixture {
  const app = newApp();
  const tierStack = new Stack(app, 'Tiers');
  const tier = new TestTier(tierStack, 'Tier');
  const readiness = new EventReadinessStack(app, 'Sale', {
    window: options.window ?? saleWindow(),
    tiers: [tier.forEvent(options.peak ?? { peak: 100 })],
    now: BEFORE_EVENTS,
    ...options.readiness,
  });
  return { app, tierStack, tier, readiness };
}
