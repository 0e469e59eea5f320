import * as fs from 'fs';
import * as path from 'path';
import { PLAN_METADATA_PREFIX, PLAN_SCHEMA_VERSION } from '../private/limits';
import { EventPlanDocument } from '../readiness/plan-document';
import { EXIT } from './io';

/** An event plan found in a cloud assembly, with the stack it came from. */
export interface FoundPlan {
  readonly stackName: string;
  readonly plan: EventPlanDocument;
  /** The name the stack is deployed under (`check` reads its scalable targets through it). */
  readonly deployedStackName?: string;
  /**
   * The Region of the stack's environment in the cloud assembly; undefined when the stack is
   * environment-agnostic (or the plan was read from a deployed template).
   */
  readonly region?: string;
}

/**
 * What went wrong, for machines (`--json` prints it with the message): the command line
 * (`USAGE`); no plan to read (`NO_PLAN`: no cloud assembly, no such event); a plan or assembly
 * that cannot be read (`UNREADABLE`); a file that cannot be written (`UNWRITABLE`); AWS that
 * cannot be read (`NO_CREDENTIALS`, `EXPIRED_CREDENTIALS`, `ACCESS_DENIED`, `THROTTLED`, `NETWORK`,
 * `NO_HEALTH_ALARM`, `AWS_ERROR`); a bug (`INTERNAL`).
 */
export type CliErrorCode = 'USAGE' | 'NO_PLAN' | 'UNREADABLE' | 'UNWRITABLE' | 'NO_CREDENTIALS' | 'EXPIRED_CREDENTIALS' | 'ACCESS_DENIED'
  | 'THROTTLED' | 'NETWORK' | 'NO_HEALTH_ALARM' | 'AWS_ERROR' | 'INTERNAL';

/** Thrown for a problem the user can fix (no assembly, unknown event); printed without a stack trace. */
export class CliError extends Error {
  /** What went wrong, for machines; by default `USAGE` for exit 64, else `UNREADABLE`. */
  public readonly code: CliErrorCode;

  constructor(message: string, public readonly exitCode: number, code?: CliErrorCode) {
    super(message);
    this.name = 'CliError';
    this.code = code ?? (exitCode === EXIT.USAGE ? 'USAGE' : 'UNREADABLE');
  }
}

/** Every event plan in a synthesized cloud assembly directory (e.g. `cdk.out`), nested assemblies included. */
export function readPlans(directory: string): FoundPlan[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    // Not a usage error: the command line is right, the assembly it names is not there (exit 3, as documented).
    const why = fs.existsSync(directory) ? 'no manifest.json in it' : 'no such directory';
    throw new CliError(`No cloud assembly at '${directory}' (${why}): run 'npx cdk synth' first, or pass --app DIR.`, EXIT.FAILED, 'NO_PLAN');
  }
  const manifest = readJson(manifestFile);
  const found: FoundPlan[] = [];
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const template = readJson(path.join(directory, artifact.properties.templateFile));
      const region = regionOf(artifact.environment);
      found.push(...plansInTemplate(template, artifact.displayName ?? name)
        .map((p) => ({ ...p, deployedStackName: artifact.properties.stackName ?? name, ...(region ? { region } : {}) })));
    } else if (artifact.type === 'cdk:cloud-assembly') {
      found.push(...readPlans(path.join(directory, artifact.properties.directoryName)));
    }
  }
  return found;
}

/** The Region of an artifact's environment (`aws://111111111111/eu-west-1`); undefined for `unknown-region` (environment-agnostic). */
function regionOf(environment: unknown): string | undefined {
  const region = typeof environment === 'string' ? /^aws:\/\/[^/]*\/(.+)$/.exec(environment)?.[1] : undefined;
  return region === undefined || region === 'unknown-region' || region.startsWith('${') ? undefined : region;
}

/** A cloud assembly's JSON file; one that cannot be read is an error in the user's terms, not a stack trace. */
function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read the cloud assembly's ${file}: ${(error as Error).message}. Synthesize the app again `
      + '(npx cdk synth).', EXIT.FAILED);
  }
}

/** The event plans a readiness stack's template records in its metadata. */
export function plansInTemplate(template: any, stackName: string): FoundPlan[] {
  const found: FoundPlan[] = [];
  for (const [key, value] of Object.entries<any>(template?.Metadata ?? {})) {
    if (key.startsWith(PLAN_METADATA_PREFIX)) {
      if (value?.schemaVersion !== PLAN_SCHEMA_VERSION) {
        throw new CliError(`The plan '${key.slice(PLAN_METADATA_PREFIX.length)}' in stack ${stackName} has schema `
          + `version ${JSON.stringify(value?.schemaVersion)}; this CLI reads version ${PLAN_SCHEMA_VERSION}. Synthesize the app `
          + 'again with the same version of cdk-event-readiness as the CLI.', EXIT.FAILED);
      }
      found.push({ stackName, plan: value as EventPlanDocument, deployedStackName: stackName });
    }
  }
  return found;
}

/** The one plan to act on: the named event, or the only one there is. */
export function selectPlans(plans: FoundPlan[], event?: string): FoundPlan[] {
  if (event === undefined) {
    if (plans.length === 0) {
      throw new CliError('The cloud assembly holds no event plan: does the app have an EventReadiness?', EXIT.FAILED, 'NO_PLAN');
    }
    return plans;
  }
  const chosen = plans.filter((p) => p.plan.eventName === event);
  if (chosen.length === 0) {
    throw new CliError(`No event '${event}' in the cloud assembly; events found: `
      + (plans.map((p) => p.plan.eventName).join(', ') || 'none'), EXIT.FAILED, 'NO_PLAN');
  }
  return chosen;
}
