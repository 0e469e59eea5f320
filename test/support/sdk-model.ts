/**
 * Test oracle: the request shapes of AWS API operations, read from the AWS SDK for
 * JavaScript v3 clients' own schemas (the service models compiled into each client), and a
 * check of an EventBridge Scheduler universal-target input against them.
 *
 * Each client exports its operations' schemas (`CreateDBInstanceReadReplica$`), walked with
 * `NormalizedSchema` from `@smithy/core/schema`. A structure lists its required members first
 * and stores how many there are at index 6 (what `@smithy/core`'s serializers read).
 */
import * as path from 'path';

/** A member's expected JSON type. */
type Kind = 'string' | 'number' | 'boolean' | 'structure' | 'list' | 'map' | 'timestamp' | 'blob' | 'document' | 'other';

const CLIENTS: { [service: string]: string } = {
  rds: '@aws-sdk/client-rds',
  dynamodb: '@aws-sdk/client-dynamodb',
  applicationautoscaling: '@aws-sdk/client-application-auto-scaling',
  cloudwatch: '@aws-sdk/client-cloudwatch',
  sqs: '@aws-sdk/client-sqs',
};

function client(service: string): { mod: any; NormalizedSchema: any } {
  const name = CLIENTS[service];
  if (!name) {
    throw new Error(`no SDK client is registered for service '${service}' (add it to CLIENTS and devDependencies)`);
  }
  // The client is chosen by name at run time (one per service), so it is required, not imported.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NormalizedSchema } = require(require.resolve('@smithy/core/schema', { paths: [path.dirname(require.resolve(name))] }));
  return { mod, NormalizedSchema };
}

/**
 * The member name the universal target expects: the AWS SDK for Java v2's, i.e. its code
 * generator's `unCapitalize` (lower-case the first character, and go on while the next one is
 * upper-case and the one after it is not lower-case), then the first letter capitalized again.
 * `DBInstanceClass` → `DbInstanceClass`; `SourceDBInstanceIdentifier`, `MultiAZ` unchanged.
 */
export function javaV2MemberName(name: string): string {
  const chars = [...name];
  let i = 0;
  chars[0] = chars[0].toLowerCase();
  while (i + 1 < chars.length && /[A-Z]/.test(chars[i + 1]) && !(i + 2 < chars.length && /[a-z]/.test(chars[i + 2]))) {
    chars[i + 1] = chars[i + 1].toLowerCase();
    i++;
  }
  return chars[0].toUpperCase() + chars.slice(1).join('');
}

function kindOf(ns: any): Kind {
  if (ns.isStructSchema()) return 'structure';
  if (ns.isListSchema()) return 'list';
  if (ns.isMapSchema()) return 'map';
  if (ns.isBlobSchema()) return 'blob';
  if (ns.isTimestampSchema()) return 'timestamp';
  if (ns.isDocumentSchema()) return 'document';
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return 'number';
  if (ns.isBooleanSchema()) return 'boolean';
  if (ns.isStringSchema()) return 'string';
  return 'other';
}

function check(ns: any, value: unknown, at: string, problems: string[]): void {
  const kind = kindOf(ns);
  const got = Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value;
  const expect: { [k in Kind]?: string[] } = {
    string: ['string'], number: ['number'], boolean: ['boolean'], structure: ['object'], map: ['object'],
    list: ['list'], timestamp: ['string', 'number'], blob: ['string'],
  };
  if (expect[kind] && !expect[kind]!.includes(got)) {
    problems.push(`${at}: expected ${kind}, got ${got} ${JSON.stringify(value)}`);
    return;
  }
  if (kind === 'number' && !Number.isFinite(value as number)) {
    problems.push(`${at}: expected a finite number, got ${value}`);
  } else if (kind === 'structure') {
    const raw = ns.getSchema();
    const requiredCount: number = Array.isArray(raw) ? raw[6] ?? 0 : 0;
    const members = new Map<string, { ns: any; required: boolean; model: string }>();
    let i = 0;
    for (const [name, member] of ns.structIterator()) {
      members.set(javaV2MemberName(name), { ns: member, required: i < requiredCount, model: name });
      i++;
    }
    const given = value as { [k: string]: unknown };
    for (const key of Object.keys(given)) {
      const m = members.get(key);
      if (!m) {
        const near = [...members.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
        problems.push(`${at}${at ? '.' : ''}${key}: no such member${near ? ` (the SDK member is '${near}')` : ''}`);
      } else {
        check(m.ns, given[key], `${at}${at ? '.' : ''}${key}`, problems);
      }
    }
    for (const [key, m] of members) {
      if (m.required && !(key in given)) {
        problems.push(`${at}${at ? '.' : ''}${key}: required member missing`);
      }
    }
  } else if (kind === 'list') {
    (value as unknown[]).forEach((v, j) => check(ns.getValueSchema(), v, `${at}[${j}]`, problems));
  } else if (kind === 'map') {
    for (const [k, v] of Object.entries(value as object)) {
      check(ns.getValueSchema(), v, `${at}.${k}`, problems);
    }
  }
}

/**
 * What is wrong with a universal-target input for `aws-sdk:<service>:<action>`, judged by the
 * SDK's model of the operation's request: unknown members (in the Java v2 casing), missing
 * required members, values of the wrong type. Empty when the request is well-formed.
 */
export function requestProblems(service: string, action: string, input: unknown): string[] {
  const { mod, NormalizedSchema } = client(service);
  const operation = action.charAt(0).toUpperCase() + action.slice(1);
  const schema = mod[`${operation}$`];
  if (!Array.isArray(schema) || schema[0] !== 9) {
    return [`${service}:${action}: the SDK has no operation ${operation}`];
  }
  const problems: string[] = [];
  check(NormalizedSchema.of(schema[4]), input, '', problems);
  return problems;
}

/** The installed version of a client package, for the README's "verified against". */
export function clientVersion(service: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`${CLIENTS[service]}/package.json`).version;
}
