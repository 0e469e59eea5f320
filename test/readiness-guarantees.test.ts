import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventReadiness, EventReadinessStack, EventWindow } from '../lib';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';
import { TestTier } from './support/test-tier';

function appWith(window: EventWindow | undefined, peak = 100) {
  const app = newApp();
  const tierStack = new Stack(app, 'Tiers');
  const tier = new TestTier(tierStack, 'Tier');
  const readiness = window
    ? new EventReadinessStack(app, 'Event', { window, tiers: [tier.forEvent({ peak })], now: BEFORE_EVENTS })
    : undefined;
  return { app, tierStack, readiness };
}

const tierTemplate = (stack: Stack) => Template.fromStack(stack).toJSON();

describe('tier stacks never change for an event', () => {
  test('re-dating the event leaves the tier stack byte-identical', () => {
    const july = appWith(saleWindow());
    const august = appWith(saleWindow({ start: '2026-08-20T09:00', end: '2026-08-21T09:00', prewarmLead: Duration.hours(6) }));
    expect(JSON.stringify(tierTemplate(august.tierStack))).toBe(JSON.stringify(tierTemplate(july.tierStack)));
    // and the readiness stacks do differ: the test would notice a change that went nowhere
    expect(JSON.stringify(tierTemplate(august.readiness!))).not.toBe(JSON.stringify(tierTemplate(july.readiness!)));
  });

  test('changing the peaks leaves the tier stack byte-identical', () => {
    const small = appWith(saleWindow(), 50);
    const big = appWith(saleWindow(), 500);
    expect(JSON.stringify(tierTemplate(big.tierStack))).toBe(JSON.stringify(tierTemplate(small.tierStack)));
  });

  test('adding or retiring an event changes only the tier stack\'s Outputs (exports), never a resource', () => {
    const without = tierTemplate(appWith(undefined).tierStack);
    const withEvent = tierTemplate(appWith(saleWindow()).tierStack);
    const { Outputs: outA, ...restA } = without;
    const { Outputs: outB, ...restB } = withEvent;
    expect(restB).toEqual(restA);
    expect(outA).toBeUndefined();
    expect(Object.values(outB as object).every((o: any) => typeof o.Export?.Name === 'string')).toBe(true);
  });
});

describe('dependencies flow one way', () => {
  test('the readiness stack depends on the tier stack, never the reverse', () => {
    const { app, tierStack, readiness } = appWith(saleWindow());
    expect(readiness!.dependencies).toContain(tierStack);
    expect(tierStack.dependencies).not.toContain(readiness);
    expect(() => app.synth()).not.toThrow();
  });

  test('a readiness construct in the tier\'s own stack synthesizes without a cycle', () => {
    const app = newApp();
    const stack = new Stack(app, 'All');
    const tier = new TestTier(stack, 'Tier');
    new EventReadiness(stack, 'Readiness', { window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })], now: BEFORE_EVENTS });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 5);
  });
});

describe('cdk-nag AwsSolutions and built-in validation', () => {
  test('the readiness stack has no unacknowledged AwsSolutions finding', () => {
    const { readiness, tierStack } = appWith(saleWindow());
    Validations.of(tierStack).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'test tier only' });
    const violations = new AwsSolutionsChecks().validateScope(readiness!).violations;
    expect(violations).toEqual([]);
  });

});

describe('resource economy', () => {
  function count(tiers: number, steps: number): number {
    const app = newApp();
    const tierStack = new Stack(app, 'Tiers');
    const window = saleWindow({ rampDownSteps: steps });
    const plans = Array.from({ length: tiers }, (_, i) => new TestTier(tierStack, `T${i}`).forEvent({ peak: 100, tierName: `t${i}` }));
    const stack = new EventReadinessStack(app, 'Event', { window, tiers: plans, now: BEFORE_EVENTS });
    return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
  }

  test('a fixed 12 per event, plus per tier 2 (role, policy) + alarms + 1 composite + targets + a schedule per change', () => {
    // The test tier: 1 universal change per step (steps + 2), 1 scalable target, 1 alarm. The 12:
    // schedule group, queue and its policy, dead-letter alarm, 3 Scheduler alarms, key, topic and
    // its policy, event composite, dashboard.
    expect(count(1, 3)).toBe(22); // 12 + 2 + 1 + 1 + 1 + 5
    expect(count(2, 3)).toBe(32); // 12 + 2 × (2 + 1 + 1 + 1 + 5)
    expect(count(1, 6)).toBe(25); // 12 + 2 + 1 + 1 + 1 + 8
  });

  test('30 tiers with 3 ramp-down steps stay under the 500-resource stack limit', () => {
    expect(count(30, 3)).toBeLessThan(500);
  });
});

describe('composite alarm rules stay within CloudWatch limits', () => {
  test('with 30 tiers the event rule names 34 alarms (one composite per tier, the DLQ alarm, 3 Scheduler alarms), not every alarm', () => {
    const app = newApp();
    const tierStack = new Stack(app, 'Tiers');
    const plans = Array.from({ length: 30 }, (_, i) => new TestTier(tierStack, `T${i}`).forEvent({ peak: 100, tierName: `t${i}` }));
    const stack = new EventReadinessStack(app, 'Event', { window: saleWindow(), tiers: plans, now: BEFORE_EVENTS });
    const event = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm'))
      .find((r) => r.Properties.AlarmName === 'sale-health')!;
    expect(JSON.stringify(event.Properties.AlarmRule).match(/ALARM\(/g)).toHaveLength(34);
  });
});

describe('the 500-resource limit', () => {
  test('an event too big for one stack fails synth with the count and what to do', () => {
    const app = newApp();
    const tierStack = new Stack(app, 'Tiers');
    const plans = Array.from({ length: 50 }, (_, i) => new TestTier(tierStack, `T${i}`).forEvent({ peak: 100, tierName: `t${i}` }));
    new EventReadinessStack(app, 'Event', { window: saleWindow(), tiers: plans, now: BEFORE_EVENTS });
    expect(() => app.synth()).toThrow(/stack Event would hold 512 resources; CloudFormation allows 500 per stack\. Event 'sale' has 50 tiers/);
  });

  test('so does a template over CloudFormation\'s 1,000,000 bytes, measured as aws-cdk-lib writes it', () => {
    const big = (length: number) => {
      const app = newApp();
      const tierStack = new Stack(app, 'Tiers');
      const stack = new EventReadinessStack(app, 'Event', {
        window: saleWindow(), tiers: [new TestTier(tierStack, 'T').forEvent({ peak: 100 })], now: BEFORE_EVENTS,
      });
      // e.g. many tiers' dashboard widgets and alarms; here one large value
      stack.addMetadata('Notes', 'é'.repeat(length));
      return { app, stack };
    };
    // 'é' is 2 bytes in UTF-8: 500,000 of them are over 1,000,000 bytes; with 480,000 the template as
    // written fits, just
    expect(() => big(500_000).app.synth()).toThrow(new RegExp('stack Event\'s template would be about 10\\d{5} bytes; '
      + 'CloudFormation takes 1000000\\. Event \'sale\' has 1 tiers: split them'));
    const { app: fits, stack } = big(480_000);
    const written = fs.statSync(path.join(fits.synth().directory, stack.templateFile)).size;
    expect(written).toBeGreaterThan(960_000);
    expect(written).toBeLessThan(1_000_000);
  });

  test('the boundary, on both sides: measured at 997,952 bytes (1,000,000 less the 2,048 aws-cdk-lib may add) passes, 997,953 fails', () => {
    // What aws-cdk-lib adds after the check (BootstrapVersion's parameter and rule) must be counted:
    // a template measured under 1,000,000 bytes can still be written over it and rejected at deploy.
    const padded = (padding: number) => {
      const app = newApp();
      const stack = new EventReadinessStack(app, 'Event', {
        window: saleWindow(), tiers: [new TestTier(new Stack(app, 'Tiers'), 'T').forEvent({ peak: 100 })], now: BEFORE_EVENTS,
      });
      stack.addMetadata('Notes', 'x'.repeat(padding)); // one byte each
      return app;
    };
    // The size the check measures, read from its message for a template far over the limit.
    const over = 1_050_000;
    const measured = /template would be about (\d+) bytes/.exec(String((() => {
      try {
        padded(over).synth();
        return '';
      } catch (e) {
        return e;
      }
    })()))?.[1];
    expect(measured).toBeDefined();
    const base = Number(measured) - over;
    // the largest template that passes is written, with what aws-cdk-lib adds, within CloudFormation's limit
    const largest = padded(997_952 - base);
    const assembly = largest.synth();
    const written = fs.statSync(path.join(assembly.directory, assembly.getStackByName('Event').templateFile)).size;
    expect(written).toBeGreaterThan(997_952);
    expect(written).toBeLessThanOrEqual(1_000_000);
    expect(() => padded(997_953 - base).synth()).toThrow(/stack Event's template would be about 997953 bytes; CloudFormation takes 1000000/);
  });

  test('readiness stacks are written without indentation unless asked', () => {
    const app = newApp();
    const stack = new EventReadinessStack(app, 'Event', {
      window: saleWindow(), tiers: [new TestTier(new Stack(app, 'Tiers'), 'T').forEvent({ peak: 100 })], now: BEFORE_EVENTS,
    });
    const text = fs.readFileSync(path.join(app.synth().directory, stack.templateFile), 'utf8');
    expect(text.split('\n')).toHaveLength(1);
    const indented = newApp({ context: { '@aws-cdk/core:suppressTemplateIndentation': false } });
    const other = new EventReadinessStack(indented, 'Event', {
      window: saleWindow(), tiers: [new TestTier(new Stack(indented, 'Tiers'), 'T').forEvent({ peak: 100 })], now: BEFORE_EVENTS,
    });
    expect(fs.readFileSync(path.join(indented.synth().directory, other.templateFile), 'utf8').split('\n').length).toBeGreaterThan(100);
  });

  test('a template without indentation is measured without it', () => {
    const event = (suppressTemplateIndentation: boolean, padding: number) => {
      const app = newApp();
      const stack = new EventReadinessStack(app, 'Event', {
        window: saleWindow(), tiers: [new TestTier(new Stack(app, 'Tiers'), 'T').forEvent({ peak: 100 })], now: BEFORE_EVENTS,
        suppressTemplateIndentation,
      });
      stack.addMetadata('Notes', 'x'.repeat(padding));
      return app;
    };
    // How much the indentation adds to this template, with no padding
    const size = (indent: boolean) => JSON.stringify(Template.fromStack(
      event(!indent, 0).node.findChild('Event') as Stack).toJSON(), undefined, indent ? 1 : undefined).length;
    const [compact, indented] = [size(false), size(true)];
    expect(indented - compact).toBeGreaterThan(2_000);
    // Padding that leaves the compact template under the limit and the indented one over it
    const padding = 1_000_000 - 2_048 - Math.round((compact + indented) / 2);
    expect(() => event(true, padding).synth()).not.toThrow();
    expect(() => event(false, padding).synth()).toThrow(/stack Event's template would be about \d+ bytes.*\(or set the stack's suppressTemplateIndentation/);
  });
});
