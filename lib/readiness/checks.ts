/** Checks every readiness construct and calendar makes of its props and its stack. */
import { CfnResource, ReferenceStrength, Stack, StackProps, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { NOW_CONTEXT_KEY } from '../private/limits';
import { parseLocalDateTime } from '../private/zoned-time';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An ISO-8601 instant: a date-time with seconds optional, fractions allowed, and 'Z' or an offset. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The clock of a readiness construct: `now` if given, else the context value
 * `cdk-event-readiness:now`, else the current time. Problems with either are added to `problems`.
 */
export function resolveNow(scope: Construct, now: Date | undefined, problems: string[]): Date {
  let resolved = now;
  if (resolved === undefined) {
    const fromContext = scope.node.tryGetContext(NOW_CONTEXT_KEY);
    if (fromContext !== undefined) {
      // Without 'Z' or an offset, JavaScript reads a date-time in the machine's zone: the
      // same command would schedule different steps on different machines.
      resolved = isInstant(String(fromContext)) ? new Date(String(fromContext)) : new Date(NaN);
      if (Number.isNaN(resolved.getTime())) {
        problems.push(`context '${NOW_CONTEXT_KEY}' must be an ISO-8601 instant with 'Z' or an offset, such as `
          + `'2026-07-01T00:00:00Z' or '2026-07-01T09:00:00+09:00', got '${String(fromContext)}'`);
      }
    }
  } else if (!(resolved instanceof Date) || Number.isNaN(resolved.getTime())) {
    problems.push(`now must be a valid Date, got ${String(resolved)}`);
  }
  return resolved ?? new Date();
}

/** CloudFormation's limit of resources per stack. */
const MAX_STACK_RESOURCES = 500;

/**
 * CloudFormation's limit of a template's size ("Template may not exceed 1000000 bytes"; aws-cdk-lib's
 * `TEMPLATE_BODY_MAXIMUM_SIZE`), for a template uploaded from S3 as the CDK CLI does.
 */
const MAX_TEMPLATE_BYTES = 1_000_000;
/**
 * Room for what aws-cdk-lib adds after validation (the synthesizer's `BootstrapVersion`
 * parameter and rule, a few hundred bytes; `CDKMetadata` is already in the template by then).
 */
const SYNTHESIS_ADDITIONS_BYTES = 2_048;

/**
 * Problems when the scope's stack holds more resources than CloudFormation allows, or its
 * template would be larger than CloudFormation takes, with advice.
 */
export function stackResourceProblems(scope: Construct, advice: string): string[] {
  const stack = Stack.of(scope);
  const count = stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
  if (count > MAX_STACK_RESOURCES) {
    return [`stack ${stack.node.path} would hold ${count} resources; CloudFormation allows ${MAX_STACK_RESOURCES} per stack. ${advice}`];
  }
  const bytes = templateBytes(stack);
  return bytes !== undefined && bytes > MAX_TEMPLATE_BYTES - SYNTHESIS_ADDITIONS_BYTES
    ? [`stack ${stack.node.path}'s template would be about ${bytes} bytes; CloudFormation takes ${MAX_TEMPLATE_BYTES}. ${advice}`
      + (isIndented(stack) ? ' (or set the stack\'s suppressTemplateIndentation: the template is written indented)' : '')]
    : [];
}

/**
 * Readiness stacks are written without indentation unless asked (their `suppressTemplateIndentation`,
 * or the app's `@aws-cdk/core:suppressTemplateIndentation` context): their alarms and dashboard
 * are most of a template's bytes, and indentation alone adds about a third, against
 * CloudFormation's 1,000,000.
 */
export function templateIndentationSuppressed(scope: Construct, props: StackProps): boolean {
  return props.suppressTemplateIndentation ?? scope.node.tryGetContext('@aws-cdk/core:suppressTemplateIndentation') ?? true;
}

/** True when aws-cdk-lib writes the stack's template indented (its default). */
function isIndented(stack: Stack): boolean {
  return (stack as unknown as { _suppressTemplateIndentation?: boolean })._suppressTemplateIndentation !== true;
}

/**
 * The size of the stack's template as aws-cdk-lib will write it (indented by one space unless
 * suppressTemplateIndentation), or undefined when it cannot be rendered here without side
 * effects: aws-cdk-lib renders it with an internal method, which re-adds a stack's deprecated
 * `templateOptions.transform` on every call.
 */
function templateBytes(stack: Stack): number | undefined {
  const render = (stack as unknown as { _toCloudFormation?: () => unknown })._toCloudFormation;
  if (typeof render !== 'function' || (stack.templateOptions as { transform?: string }).transform !== undefined) {
    return undefined;
  }
  try {
    return Buffer.byteLength(JSON.stringify(stack.resolve(render.call(stack)), undefined, isIndented(stack) ? 1 : undefined));
  } catch {
    return undefined;
  }
}

/** Problems with alarm e-mail addresses (tokens are accepted as they are). */
export function emailProblems(addresses: string[] | undefined): string[] {
  const list = addresses ?? [];
  // Mail systems take addresses case-insensitively: Ops@ and ops@ would be two subscriptions, two messages a breach.
  const key = (a: unknown) => (typeof a === 'string' && !Token.isUnresolved(a) ? a.toLowerCase() : undefined);
  const repeated = [...new Set(list.filter((a, i) => key(a) !== undefined && list.findIndex((b) => key(b) === key(a)) !== i))];
  return [
    ...list.filter((a) => typeof a !== 'string' || (!Token.isUnresolved(a) && !EMAIL_PATTERN.test(a)))
      .map((a) => `alarmEmails must be e-mail addresses (name@domain.tld), got '${a}'`),
    ...repeated.map((a) => `alarmEmails lists '${a}' more than once; each address is subscribed once`),
  ];
}

/** An ISO-8601 instant with 'Z' or an offset, naming a real date and time (not 2026-02-30). */
function isInstant(text: string): boolean {
  const local = INSTANT_PATTERN.test(text) ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?/.exec(text)![0] : undefined;
  return local !== undefined && parseLocalDateTime(local) !== undefined;
}

/** The feature flag that sets how a stack consumes other stacks' values (aws-cdk-lib 2.254+). */
export const CROSS_STACK_REFERENCES_FLAG = '@aws-cdk/core:defaultCrossStackReferences';

/**
 * The reference strength an event's stack sets: the one given, none when the app's flag says
 * (the app's choice applies), else STRONG, as before the flag existed (and without aws-cdk-lib's
 * warning that no strength is configured).
 */
export function crossStackReferenceStrength(stack: IConstruct, given: ReferenceStrength | undefined): ReferenceStrength | undefined {
  if (given !== undefined) {
    return given;
  }
  return stack.node.tryGetContext(CROSS_STACK_REFERENCES_FLAG) === undefined ? ReferenceStrength.STRONG : undefined;
}
