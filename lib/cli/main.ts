import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { EventPlanDocument } from '../readiness/plan-document';
import { CliError, CliErrorCode, readPlans, selectPlans } from './assembly';
import { CHECK_PERMISSIONS, checkedRegion, REVIEW_PERMISSIONS } from './aws-errors';
import { DEFAULT_ECONOMICS } from './economics';
import { CliIo, EXIT } from './io';
import { planCommand } from './plan';
import { parsePriceTable, PriceTable } from './prices';
import { DEFAULT_BAND, REVIEW_SCHEMA_VERSION, ReviewReport } from './review';
import { SHIPPED_PRICES } from './shipped-prices';
import { defaultTarget, renderSizing, sizeNextEvent } from './sizing';
import { didYouMean } from './suggest';

const HELP = `event-readiness: print an event's plan from a synthesized app, or check it against CloudWatch.

Usage:
  event-readiness plan  [--app DIR] [--event NAME] [--tz ZONE] [--json] [--svg FILE]
                        [--cost] [--prices FILE] [--month-days N] [--manual-lead HOURS] [--manual-ramp-down HOURS]
  event-readiness prices    (the shipped price table, as JSON: a start for --prices FILE)
  event-readiness check --event NAME [--app DIR | --stack NAME] [--region R] [--profile P] [--json] [--window MINUTES]
  event-readiness review --event NAME [--app DIR | --stack NAME] [--region R] [--profile P] [--json] [--svg FILE]
                        [--band 60-80] [--target PERCENT] [--growth 1.3]
  event-readiness review --from REVIEW.json [--growth 1.3] [--band 60-80] [--target PERCENT] [--json]
  event-readiness <command> --help    (or: event-readiness help <command>)
  event-readiness --version

Every command takes --wide (tables at full width instead of fitted to the terminal) and
--no-color (also NO_COLOR; FORCE_COLOR colours output that is not a terminal).
`;

const PLAN_HELP = `event-readiness plan: print each event's timeline and scheduled changes, from the cloud assembly.

Reads the plan the readiness stack records in its template (no AWS access needed).

Options:
  --app DIR      the cloud assembly (default: cdk.out)
  --event NAME   only this event; without it, several events (a calendar, or several
                 readiness stacks) are listed one line each, in time order
  --tz ZONE      show local times (tables and chart) in this IANA zone (default: the event's)
  --json         print JSON instead of tables; on a failure, {"error": {"code", "message"}, "exitCode"}
                 (the message also on stderr)
  --svg FILE     also write the plan chart to FILE: per event, a lane per tier and setting
                 on a time axis in the event's zone (or --tz), the event window hatched,
                 a mark where each scale-up takes effect; several events get an overview
  --cost         add the economics, an estimate: every setting the plan changes, priced over one
                 month three ways: everyday settings only; the manual practice (every setting at
                 its peak from 7 days before the start to the end, then the plan's ramp-down
                 stretched over 2 days); and the plan. Prints each total, the plan's extra cost
                 over everyday and its saving against the manual practice. Unknown prices are
                 shown as unknown and left out of the totals. The prices are one Region's (the
                 table's; shipped: us-east-1): the output says which, and warns (also on stderr)
                 when a stack's Region is another. An environment-agnostic stack's is unknown.
  --prices FILE  a JSON price table instead of the shipped one (implies --cost); see
                 \`event-readiness prices\` for the shape and the shipped prices
  --month-days N           the month priced (default: 30)
  --manual-lead HOURS      the manual practice's peak before the start (default: 168)
  --manual-ramp-down HOURS the manual practice's ramp-down after the end (default: 48)
  --wide         every column, at full width. By default, on a terminal, each tier's changes
                 are fitted to its width: the UTC time, the mechanism and the lead time give
                 way first, then each change's setting and from -> to go on a line under its
                 row; a change's local time, from -> to and verdict are never cut
  --no-color     no colour (also NO_COLOR; FORCE_COLOR colours output that is not a terminal)

Exit codes: 0 every scale-up takes effect before the start; 2 some would not; 3 no plan found, or
the assembly could not be read or the chart written; 64 usage.
`;

const PRICES_HELP = `event-readiness prices: print the shipped price table as JSON.

The prices \`plan --cost\` uses: AWS on-demand rates for one Region, dated. Save it, edit it (your
Region, your negotiated rates, a price the table does not have) and pass it back with
\`plan --cost --prices FILE\`. A file replaces the shipped table: what it leaves out is unknown.

Keys: asOf, region, currency (required), source; rdsInstanceHour.<postgres|mysql>.<single-az|multi-az>.<class>;
rdsGp3Month.<single-az|multi-az>.<gb|iops|throughputMiBps>; auroraAcuHour.<aurora|aurora-iopt1>;
lambdaProvisionedConcurrencyGbSecond.<x86_64|arm64>; dynamodbWarmThroughput.<readUnit|writeUnit>.
`;

const CHECK_HELP = `event-readiness check: is the event ready? Its alarms, and its plan against the resources.

Alarms: finds the event's alarms by their exact names (those its plan names, or else those under
its composite alarm '<event>-health' as deployed), fetches each metric alarm's latest value over
the window (GetMetricData), and prints per alarm: state, value, threshold and headroom.

Capacity: with the event's plan (--app, --stack, or ./cdk.out when it holds the event), every
change due by now is compared with the resource as AWS reports it (the latest change of each
setting; earlier ones are superseded): the primary's class and storage, event replicas (created,
available, replicating, or deleted), an Aurora cluster's ACU range, a table's cost cap and warm
throughput, and through the readiness stack's scalable targets (Application Auto Scaling), a
function's provisioned concurrency (allocated, and its config's status) and a cluster's readers,
with the target's latest scaling activity (a failed one is shown with AWS's message); changes
not yet due are listed as upcoming. The schedules' dead-letter queue must be empty.

Options:
  --event NAME       the event (required; in a calendar, one of its events by name)
  --app DIR          the plan from this cloud assembly (e.g. cdk.out)
  --stack NAME       the plan from this deployed readiness stack's template (CloudFormation)
  --region R         the AWS Region, e.g. eu-west-1 (default: AWS_REGION or AWS_DEFAULT_REGION, else the profile's)
  --profile P        the AWS profile (default: the SDK's, e.g. AWS_PROFILE)
  --window MINUTES   how far back to look for the latest value (default: 60)
  --json             print JSON (a report with "schemaVersion": 1) instead of tables; on a failure,
                     {"error": {"code", "message"}, "exitCode"} (the message also on stderr)
  --wide             tables at full width (default: fitted to the terminal)
  --no-color         no colour (also NO_COLOR; FORCE_COLOR colours output that is not a terminal)

Verdict and exit code:
  0 READY      no alarm in ALARM, every metric more than 20 % away from its threshold, every due
               change in place, the dead-letter queue empty
  1 AT RISK    some metric within 20 % of its threshold, some alarm in INSUFFICIENT_DATA, some
               change still being applied, or no plan read (capacity not compared)
  2 NOT READY  some alarm in ALARM or not found, some due change not in place, or a failed
               change in the dead-letter queue
  3            the check could not run (no plan at --app, no credentials, AWS unreachable: a Region
               that does not exist or no network, no '<event>-health' alarm, AWS error)

Permissions (read-only): ${CHECK_PERMISSIONS.join(', ')} (the last only with --stack).
`;

const REVIEW_HELP = `event-readiness review: after (or during) an event, what happened against its plan, and the next event sized from it.

Reads the event's plan (--app, --stack, or ./cdk.out when it holds the event) and, from an hour
before prewarm to an hour after baseline (or now), what CloudWatch and the services recorded:

  Headroom   per tier and setting, the capacity the plan had in force at each minute (a scale-up
             from its worst-case lead time on) and the observed load against it: provisioned
             concurrency (ConcurrentExecutions), a table's reads and writes per second (consumed
             units per period ÷ its seconds) against its cost cap or warm throughput, Aurora ACU
             (the busiest instance's ServerlessDatabaseCapacity) against the maximum, an RDS
             primary's CPU against its class, storage IOPS and MiB/s. The highest share of the
             capacity in force is held against the band: OVER, IN BAND or UNDER. Throttles, or a
             load at 99 % of a hard limit, mean the true peak is unknown: said, never sized down.
  Alarms     each of the event's alarms: minutes its metric spent beyond the threshold, its worst
             value, and when it went into ALARM (DescribeAlarmHistory).
  Timing     each scale-up against its lead time: scaling activities (provisioned concurrency,
             readers), RDS events (instance class, storage, event replicas); changes AWS keeps no
             record of (ACU range, cost cap, warm throughput) are said as such.
  Sizing     the next event's peaks: observed peak × --growth ÷ --target, rounded to what each
             setting accepts (instance class on the family's ladder, ACU in 0.5 steps, whole
             provisioned concurrency, units per second, gp3 IOPS and MiB/s within RDS's bounds),
             and lead times from the measured durations × 1.25 in whole 5 minutes; printed as
             forEvent({...}) options to paste. A setting whose everyday value already holds the
             grown peak is said so and left out (forEvent refuses an event value not above it).

The metrics' dimensions are read from the event's deployed alarms (the plan cannot hold deploy-time
names): review an event before retiring its readiness stack, and keep its --json to size from later.
Resolution: 1-minute data for 15 days, 5-minute for 63, 1-hour for 455 (the finest CloudWatch still
keeps for the window's start; the output says which). Alarm history is kept 30 days, RDS events 14,
scaling activities six weeks.

Options:
  --event NAME       the event (required unless --from)
  --app DIR          the plan from this cloud assembly (e.g. cdk.out)
  --stack NAME       the plan from this deployed readiness stack's template (CloudFormation)
  --region R         the AWS Region (default: AWS_REGION or AWS_DEFAULT_REGION, else the profile's)
  --profile P        the AWS profile (default: the SDK's, e.g. AWS_PROFILE)
  --band LOW-HIGH    the target band of utilization at the peak, in percent (default: 60-80)
  --target PERCENT   the utilization the next event's peak is sized to (default: the band's middle)
  --growth FACTOR    the next event's expected peak against this one's (default: 1)
  --from FILE        size from a saved review (review --json) instead of reading AWS (no access needed)
  --json             print JSON: the review ("schemaVersion": ${REVIEW_SCHEMA_VERSION}) with its "sizing"; on a failure,
                     {"error": {"code", "message"}, "exitCode"}
  --svg FILE         also write the plan chart with the observed load drawn over each setting
  --wide, --no-color as for the other commands

Exit codes: 0 every setting in the band and every scale-up in time; 1 some setting under the band
or without data, a scale-up with no record where AWS keeps one, or the event not over yet (its
peaks so far: every suggestion is then at least); 2 some setting over the band (or saturated), or a
scale-up late or failed; 3 the review could not run; 64 usage. With --from: 0 once sized.

Permissions (read-only): ${REVIEW_PERMISSIONS.join(', ')} (the last only with --stack).
`;

/** The CLI's version: its package's (the bundle has it built in). */
export function cliVersion(): string {
  const built = process.env.EVENT_READINESS_CLI_VERSION;
  if (built) {
    return built;
  }
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'cdk-event-readiness') {
        return pkg.version;
      }
    }
  }
  return 'unknown';
}

/**
 * The commands that call AWS. Loaded when one runs, not before: in the bundle it is a file of its
 * own holding the AWS SDK (scripts/bundle-cli.mjs), which `--version`, `--help` and `plan` never
 * parse. Its errors are its own copy of CliError: they are taken by their fields, not their class.
 */
function aws(): typeof import('./aws') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./aws');
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'MODULE_NOT_FOUND' && /event-readiness-aws/.test(e.message ?? '')) {
      throw new CliError('This installation of the CLI lacks event-readiness-aws.js beside event-readiness.js (the part that calls '
        + 'AWS): install cdk-event-readiness again.', EXIT.FAILED, 'INTERNAL');
    }
    throw error;
  }
}

/** An error from the AWS part (a CliError of its own bundle's copy) as this one's CliError. */
function fromAws(error: unknown): unknown {
  const e = error as { name?: string; message?: string; exitCode?: unknown; code?: CliErrorCode };
  return e?.name === 'CliError' && typeof e.exitCode === 'number' && !(error instanceof CliError)
    ? new CliError(e.message ?? '', e.exitCode, e.code) : error;
}

/** The options every command takes: --wide, --no-color. */
const COMMON = { 'wide': { type: 'boolean' }, 'no-color': { type: 'boolean' }, 'help': { type: 'boolean', short: 'h' } } as const;

/** Each command's options, as parseArgs takes them (and as a mistyped option is matched against). */
const OPTIONS = {
  plan: {
    app: { type: 'string' }, event: { type: 'string' }, tz: { type: 'string' },
    json: { type: 'boolean' }, svg: { type: 'string' }, cost: { type: 'boolean' }, prices: { type: 'string' },
    'month-days': { type: 'string' }, 'manual-lead': { type: 'string' }, 'manual-ramp-down': { type: 'string' }, ...COMMON,
  },
  check: {
    event: { type: 'string' }, app: { type: 'string' }, stack: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' },
    json: { type: 'boolean' }, window: { type: 'string' }, ...COMMON,
  },
  review: {
    event: { type: 'string' }, app: { type: 'string' }, stack: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' },
    json: { type: 'boolean' }, svg: { type: 'string' }, band: { type: 'string' }, target: { type: 'string' }, growth: { type: 'string' },
    from: { type: 'string' }, ...COMMON,
  },
  prices: { ...COMMON },
} as const;

/** What the first word may be: a command, or an option that stands for one. */
const COMMANDS = ['plan', 'check', 'review', 'prices', 'help', 'version'];
const COMMAND_OPTIONS = ['--version', '--help'];

/** The io a command runs with: --no-color sets NO_COLOR; --wide (or --json) leaves tables at full width. */
function withOptions(io: CliIo, values: { 'wide'?: boolean; 'no-color'?: boolean; 'json'?: boolean }): CliIo {
  return {
    ...io,
    env: values['no-color'] ? { ...io.env, NO_COLOR: '1', FORCE_COLOR: undefined } : io.env,
    columns: values.wide || values.json ? undefined : io.columns,
  };
}

function readPrices(file: string): PriceTable {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--prices: cannot read a JSON price table from '${file}': ${(error as Error).message}`, EXIT.USAGE);
  }
  return parsePriceTable(json, file);
}

/** A positive number of hours or days given as an option (`--manual-lead 168`). */
function positive(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0 && n <= max)) {
    throw new CliError(`--${name} must be a number above 0 and at most ${max}, got '${value}'`, EXIT.USAGE);
  }
  return n;
}

/**
 * Runs the CLI; returns the exit code. Errors the user can fix are printed without a stack trace,
 * on standard error; with --json also as a JSON object on standard output (`{ "error": { "code",
 * "message" }, "exitCode" }`), so a script reading stdout always gets JSON.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const dashDash = argv.indexOf('--');
  const json = (dashDash < 0 ? argv : argv.slice(0, dashDash)).includes('--json');
  const fail = (message: string, exitCode: number, code: CliErrorCode) => {
    io.err(`event-readiness: ${message}\n`);
    if (json) {
      io.out(JSON.stringify({ error: { code, message }, exitCode }, undefined, 2) + '\n');
    }
    return exitCode;
  };
  try {
    switch (command) {
      case 'plan': {
        const { values } = parseArgs({ args: rest, strict: true, options: OPTIONS.plan });
        if (values.help) {
          io.out(PLAN_HELP);
          return EXIT.READY;
        }
        return planCommand({
          app: values.app ?? 'cdk.out', event: values.event, tz: values.tz, json: values.json, svg: values.svg,
          cost: values.cost || [values.prices, values['month-days'], values['manual-lead'], values['manual-ramp-down']].some((v) => v !== undefined),
          prices: values.prices ? readPrices(values.prices) : undefined,
          economics: {
            monthDays: positive('month-days', values['month-days'], DEFAULT_ECONOMICS.monthDays, 366),
            manualLeadHours: positive('manual-lead', values['manual-lead'], DEFAULT_ECONOMICS.manualLeadHours, 24 * 90),
            manualRampDownHours: positive('manual-ramp-down', values['manual-ramp-down'], DEFAULT_ECONOMICS.manualRampDownHours, 24 * 30),
          },
        }, withOptions(io, values));
      }
      case 'prices': {
        const { values } = parseArgs({ args: rest, strict: true, options: OPTIONS.prices });
        if (values.help) {
          io.out(PRICES_HELP);
          return EXIT.READY;
        }
        io.out(JSON.stringify(SHIPPED_PRICES, undefined, 2) + '\n');
        return EXIT.READY;
      }
      case 'check': {
        const { values } = parseArgs({ args: rest, strict: true, options: OPTIONS.check });
        if (values.help) {
          io.out(CHECK_HELP);
          return EXIT.READY;
        }
        if (!values.event) {
          throw new CliError('check needs --event NAME (the event\'s name, as in its EventWindow)', EXIT.USAGE);
        }
        const windowMinutes = values.window === undefined ? undefined : Number(values.window);
        if (windowMinutes !== undefined && !(Number.isInteger(windowMinutes) && windowMinutes > 0 && windowMinutes <= 1440)) {
          throw new CliError(`--window must be a whole number of minutes from 1 to 1440, got '${values.window}'`, EXIT.USAGE);
        }
        const region = regionOf(values.region, io);
        const found = await findPlan({ ...values, event: values.event }, region, 'check', io);
        const plan = found?.plan;
        const expectedAlarms = plan && [plan.healthAlarmName, ...plan.tiers.flatMap((t) => (t.healthAlarmName ? [t.healthAlarmName] : [])),
          ...plan.alarmNames];
        return await aws().check({
          event: values.event, region, profile: values.profile, json: values.json, windowMinutes, expectedAlarms,
          plan, planSource: found?.source, stackName: found?.stackName,
        }, withOptions(io, values)).catch((error) => { throw fromAws(error); });
      }
      case 'review': {
        const { values } = parseArgs({ args: rest, strict: true, options: OPTIONS.review });
        if (values.help) {
          io.out(REVIEW_HELP);
          return EXIT.READY;
        }
        const band = values.band === undefined ? DEFAULT_BAND : parseBand(values.band);
        const target = values.target === undefined ? defaultTarget(band) : positive('target', values.target, 0, 100) / 100;
        const growth = positive('growth', values.growth, 1, 100);
        if (values.from !== undefined) {
          for (const other of ['app', 'stack', 'region', 'profile', 'svg'] as const) {
            if (values[other] !== undefined) {
              throw new CliError(`review --from FILE sizes from a saved review: --${other} is not taken with it`, EXIT.USAGE);
            }
          }
          const review = readReviewFile(values.from, values.event);
          const sizing = sizeNextEvent(review, { growth, target });
          io.out(values.json ? JSON.stringify({ event: review.event, from: values.from, sizing }, undefined, 2) + '\n'
            : renderSizing(sizing, withOptions(io, values).columns) + '\n');
          return EXIT.READY;
        }
        if (!values.event) {
          throw new CliError('review needs --event NAME (the event\'s name, as in its EventWindow), or --from FILE (a saved review)', EXIT.USAGE);
        }
        const region = regionOf(values.region, io);
        const found = await findPlan({ ...values, event: values.event }, region, 'review', io);
        if (!found) {
          throw new CliError(`review needs the event's plan: pass --app DIR (the synthesized app) or --stack NAME (the deployed readiness stack); `
            + 'there is no ./cdk.out holding it', EXIT.FAILED, 'NO_PLAN');
        }
        return await aws().review({
          event: values.event, region, profile: values.profile, json: values.json, svg: values.svg, band, target, growth,
          plan: found.plan, planSource: found.source, stackName: found.stackName,
        }, withOptions(io, values)).catch((error) => { throw fromAws(error); });
      }
      case '--version':
      case 'version':
        io.out(`${cliVersion()}\n`);
        return EXIT.READY;
      case 'help': {
        const topic = rest[0] === undefined ? HELP : COMMAND_HELP[rest[0]];
        if (topic === undefined) {
          throw new CliError(`No help for '${rest[0]}': the commands are ${Object.keys(COMMAND_HELP).join(', ')}.`
            + didYouMean(rest[0], Object.keys(COMMAND_HELP)), EXIT.USAGE);
        }
        io.out(topic);
        return EXIT.READY;
      }
      case undefined:
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? EXIT.USAGE : EXIT.READY;
      default:
        throw new CliError(unknownCommand(command), EXIT.USAGE);
    }
  } catch (error) {
    if (error instanceof CliError) {
      return fail(error.message, error.exitCode, error.code);
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // A short message, with the nearest option when one is close, and where the usage is: not the whole help.
      return fail(parseError(command as keyof typeof OPTIONS, error as Error & { code: string }), EXIT.USAGE, 'USAGE');
    }
    if (json) {
      // A bug: the caller prints the stack trace on stderr and exits 70; stdout still gets JSON.
      io.out(JSON.stringify({ error: { code: 'INTERNAL', message: String((error as Error)?.message ?? error) }, exitCode: EXIT.INTERNAL },
        undefined, 2) + '\n');
    }
    throw error;
  }
}

/** The Region, its shape checked before anything is read: a typo is a usage error, not a network timeout. */
function regionOf(option: string | undefined, io: CliIo): string | undefined {
  return option !== undefined ? checkedRegion(option, '--region')
    : io.env.AWS_REGION ? checkedRegion(io.env.AWS_REGION, 'AWS_REGION')
      : io.env.AWS_DEFAULT_REGION ? checkedRegion(io.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION') : undefined;
}

/**
 * The event's plan: from the synthesized app (--app, or cdk.out when it holds the event), or from
 * the deployed readiness stack's template (--stack); undefined when neither is given nor found.
 */
async function findPlan(values: { event: string; app?: string; stack?: string; profile?: string }, region: string | undefined,
  command: string, io: CliIo): Promise<{ plan: EventPlanDocument; source: string; stackName?: string } | undefined> {
  if (values.app !== undefined && values.stack !== undefined) {
    throw new CliError(`${command} takes the plan from --app DIR or from --stack NAME, not both`, EXIT.USAGE);
  }
  const app = values.app ?? (values.stack === undefined && fs.existsSync(path.join('cdk.out', 'manifest.json')) ? 'cdk.out' : undefined);
  if (app !== undefined) {
    const plans = readPlans(app);
    if (values.app !== undefined || plans.some((p) => p.plan.eventName === values.event)) {
      const [chosen] = selectPlans(plans, values.event);
      return { plan: chosen.plan, source: `${app}, stack ${chosen.stackName}`, stackName: chosen.deployedStackName };
    }
  } else if (values.stack !== undefined) {
    return {
      plan: await aws().planFromStack(values.stack, values.event, { region, profile: values.profile, endpointUrl: io.env.AWS_ENDPOINT_URL })
        .catch((error) => { throw fromAws(error); }),
      source: `stack ${values.stack}`,
      stackName: values.stack,
    };
  }
  return undefined;
}

/** `--band 60-80`: two percentages, the lower first. */
function parseBand(text: string): { low: number; high: number } {
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text.replace(/\s*%/g, ''));
  const [low, high] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(low > 0 && high > low && high <= 100)) {
    throw new CliError(`--band must be two percentages LOW-HIGH with 0 < LOW < HIGH <= 100, e.g. 60-80; got '${text}'`, EXIT.USAGE);
  }
  return { low: low / 100, high: high / 100 };
}

/** A review saved with `review --json`, checked for the shape sizing reads. */
function readReviewFile(file: string, event: string | undefined): ReviewReport {
  let json: any;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--from: cannot read a JSON review from '${file}': ${(error as Error).message}`, EXIT.FAILED, 'UNREADABLE');
  }
  if (json?.schemaVersion !== REVIEW_SCHEMA_VERSION || !Array.isArray(json.settings) || !Array.isArray(json.timing) || !json.window) {
    throw new CliError(`--from: '${file}' is not a review of schema version ${REVIEW_SCHEMA_VERSION} (review --json writes one); `
      + `its schemaVersion is ${JSON.stringify(json?.schemaVersion)}`, EXIT.FAILED, 'UNREADABLE');
  }
  if (event !== undefined && json.event !== event) {
    throw new CliError(`--from: '${file}' reviews the event ${json.event}, not ${event}`, EXIT.USAGE);
  }
  return json as ReviewReport;
}

/** `Unknown command 'pln'. Did you mean plan?`, and where the commands are listed. */
function unknownCommand(command: string): string {
  const ofCommands = Object.entries(OPTIONS).filter(([, options]) => Object.keys(options).includes(command.replace(/^--?/, '')))
    .map(([name]) => name);
  const hint = didYouMean(command, command.startsWith('-') ? COMMAND_OPTIONS : COMMANDS)
    || (command.startsWith('-') && ofCommands.length > 0 ? ` The command comes first: event-readiness ${ofCommands.join('|')} ${command} …` : '');
  return `Unknown command '${command}'.${hint}\nRun 'event-readiness --help' for the commands.`;
}

/** A parseArgs error in a line: an unknown option with the nearest known one, an argument where none is taken. */
function parseError(command: keyof typeof OPTIONS, error: Error & { code: string }): string {
  const options = OPTIONS[command];
  const known = Object.keys(options).map((o) => `--${o}`);
  const help = `\nRun 'event-readiness ${command} --help' for its options.`;
  const unknown = /^Unknown option '([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
    const elsewhere = Object.entries(OPTIONS).filter(([name, o]) => name !== command && Object.keys(o).includes(unknown.replace(/^--/, '')))
      .map(([name]) => name);
    const hint = didYouMean(unknown, known) || (elsewhere.length > 0 ? ` It is an option of ${elsewhere.join(' and ')}, not of ${command}.` : '');
    return `Unknown option '${unknown}' for ${command}.${hint}${help}`;
  }
  const positional = /^Unexpected argument '([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional !== undefined) {
    const hint = 'event' in options ? ` Did you mean --event ${positional}?` : '';
    return `Unexpected argument '${positional}': ${command} takes options only.${hint}${help}`;
  }
  return `${error.message.replace(/\.?$/, '.')}${help}`;
}

const COMMAND_HELP: { [command: string]: string } = { plan: PLAN_HELP, check: CHECK_HELP, review: REVIEW_HELP, prices: PRICES_HELP };
