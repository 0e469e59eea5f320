/**
 * A small interpreter of the Amazon States Language (JSONPath query language), for the subset the
 * ramp-down gates use, following the Step Functions specification: Task (with Parameters,
 * ResultSelector, ResultPath, Retry and Catch), Choice (Variable rules with StringEquals,
 * NumericGreaterThan(Equals), IsPresent, and Or), Wait (Seconds), Pass (Result or Parameters,
 * ResultPath), Succeed, Fail, End; the intrinsics States.MathAdd and States.JsonToString; the
 * state machine's TimeoutSeconds. Task resources are answered by the test (a mock per resource
 * ARN); time is virtual (Wait and retry intervals advance it).
 */

/** What a Task resource answers: a result, or an error thrown as `{ error, cause }`. */
export type TaskHandler = (parameters: any, now: number) => any;

export class TaskError extends Error {
  constructor(public readonly error: string, cause: string = error) {
    super(cause);
  }
}

export interface TaskCall {
  readonly state: string;
  readonly resource: string;
  readonly parameters: any;
  /** Seconds since the execution started. */
  readonly at: number;
}

export interface Execution {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly output?: any;
  readonly error?: string;
  readonly calls: TaskCall[];
  /** States entered, in order. */
  readonly path: string[];
  /** Seconds from start to end. */
  readonly seconds: number;
}

/** Runs a definition on an input; `tasks` answers each Task resource (by its ARN). */
export function runStateMachine(definition: any, input: any, tasks: { [resource: string]: TaskHandler }): Execution {
  let now = 0;
  let data = input;
  let name: string = definition.StartAt;
  const calls: TaskCall[] = [];
  const path: string[] = [];
  const timeout = definition.TimeoutSeconds ?? Infinity;
  const failed = (error: string): Execution => ({ status: 'FAILED', error, calls, path, seconds: now });
  for (let steps = 0; steps < 10_000; steps++) {
    if (now > timeout) {
      return { status: 'TIMED_OUT', error: 'States.Timeout', calls, path, seconds: now };
    }
    const state = definition.States[name];
    if (!state) {
      throw new Error(`no state '${name}'`);
    }
    path.push(name);
    let next: string | undefined = state.Next;
    switch (state.Type) {
      case 'Pass': {
        let result: any;
        try {
          result = state.Parameters !== undefined ? parameters(state.Parameters, data) : state.Result ?? data;
        } catch (e) {
          return failed(runtime(e));
        }
        data = withResult(data, result, state.ResultPath);
        break;
      }
      case 'Wait':
        now += state.Seconds;
        break;
      case 'Choice': {
        let rule: any;
        try {
          rule = state.Choices.find((c: any) => matches(c, data));
        } catch (e) {
          // A Choice on a path that matches nothing fails the execution (States.Runtime).
          return { status: 'FAILED', error: (e as TaskError).error ?? 'States.Runtime', calls, path, seconds: now };
        }
        next = rule ? rule.Next : state.Default;
        if (next === undefined) {
          return { status: 'FAILED', error: 'States.NoChoiceMatched', calls, path, seconds: now };
        }
        break;
      }
      case 'Task': {
        let params: any;
        try {
          params = state.Parameters !== undefined ? parameters(state.Parameters, data) : data;
        } catch (e) {
          // A path that matches nothing is a States.Runtime error: no Catch (States.ALL included) takes it.
          return failed(runtime(e));
        }
        const handler = tasks[state.Resource];
        if (!handler) {
          throw new Error(`no handler for ${state.Resource}`);
        }
        let attempt = 0;
        let outcome: { result?: any; error?: TaskError } = {};
        for (;;) {
          calls.push({ state: name, resource: state.Resource, parameters: params, at: now });
          try {
            outcome = { result: handler(params, now) };
          } catch (e) {
            if (!(e instanceof TaskError)) {
              throw e;
            }
            outcome = { error: e };
          }
          if (!outcome.error) {
            break;
          }
          const retrier = (state.Retry ?? []).find((r: any) => takes(r.ErrorEquals, outcome.error!.error));
          if (!retrier || attempt >= (retrier.MaxAttempts ?? 3)) {
            break;
          }
          now += (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempt);
          attempt++;
        }
        if (outcome.error) {
          const catcher = (state.Catch ?? []).find((c: any) => takes(c.ErrorEquals, outcome.error!.error));
          if (!catcher) {
            return { status: 'FAILED', error: outcome.error.error, calls, path, seconds: now };
          }
          data = withResult(data, { Error: outcome.error.error, Cause: outcome.error.message }, catcher.ResultPath);
          next = catcher.Next;
          break;
        }
        const selected = state.ResultSelector !== undefined ? parameters(state.ResultSelector, outcome.result) : outcome.result;
        data = withResult(data, selected, state.ResultPath);
        break;
      }
      case 'Succeed':
        return { status: 'SUCCEEDED', output: data, calls, path, seconds: now };
      case 'Fail':
        return { status: 'FAILED', error: state.Error, calls, path, seconds: now };
      default:
        throw new Error(`state type ${state.Type} is not modelled`);
    }
    if (state.End) {
      return { status: 'SUCCEEDED', output: data, calls, path, seconds: now };
    }
    if (next === undefined) {
      throw new Error(`state '${name}' has neither Next nor End`);
    }
    name = next;
  }
  throw new Error('more than 10,000 transitions');
}

/** Whether a Retry or Catch takes an error: `States.ALL` takes every error but the runtime ones. */
function takes(errorEquals: string[], error: string): boolean {
  return errorEquals.includes(error) || (errorEquals.includes('States.ALL') && error !== 'States.Runtime');
}

function runtime(e: unknown): string {
  if (e instanceof TaskError) {
    return e.error;
  }
  throw e;
}

/** Reads a JSONPath of the subset (`$`, `$.a.b`, `$.a[0]`); undefined when absent. */
export function read(jsonPath: string, data: any): any {
  if (jsonPath === '$') {
    return data;
  }
  const parts = jsonPath.replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let v = data;
  for (const p of parts) {
    if (v === undefined || v === null) {
      return undefined;
    }
    v = p.startsWith('[') ? v[Number(p.slice(1, -1))] : v[p];
  }
  return v;
}

function present(jsonPath: string, data: any): boolean {
  return read(jsonPath, data) !== undefined;
}

function mustRead(jsonPath: string, data: any): any {
  const v = read(jsonPath, data);
  if (v === undefined) {
    throw new TaskError('States.Runtime', `path ${jsonPath} matched nothing`);
  }
  return v;
}

function parameters(template: any, data: any): any {
  if (Array.isArray(template)) {
    return template.map((t) => parameters(t, data));
  }
  if (template === null || typeof template !== 'object') {
    return template;
  }
  const out: any = {};
  for (const [k, v] of Object.entries<any>(template)) {
    if (k.endsWith('.$')) {
      out[k.slice(0, -2)] = evaluate(v, data);
    } else {
      out[k] = parameters(v, data);
    }
  }
  return out;
}

function evaluate(expression: string, data: any): any {
  const intrinsic = /^States\.(\w+)\((.*)\)$/.exec(expression);
  if (!intrinsic) {
    return mustRead(expression, data);
  }
  const args = intrinsic[2].split(',').map((a) => a.trim()).map((a) => (a.startsWith('$') ? mustRead(a, data) : JSON.parse(a)));
  switch (intrinsic[1]) {
    case 'MathAdd': return args[0] + args[1];
    case 'JsonToString': return JSON.stringify(args[0]);
    default: throw new Error(`intrinsic States.${intrinsic[1]} is not modelled`);
  }
}

function withResult(data: any, result: any, resultPath: string | null | undefined): any {
  if (resultPath === null) {
    return data;
  }
  if (resultPath === undefined || resultPath === '$') {
    return result;
  }
  const keys = resultPath.replace(/^\$\./, '').split('.');
  const copy = JSON.parse(JSON.stringify(data));
  let target = copy;
  for (const k of keys.slice(0, -1)) {
    target[k] = target[k] ?? {};
    target = target[k];
  }
  target[keys[keys.length - 1]] = result;
  return copy;
}

function matches(rule: any, data: any): boolean {
  if (rule.Or) {
    return rule.Or.some((r: any) => matches(r, data));
  }
  if (rule.And) {
    return rule.And.every((r: any) => matches(r, data));
  }
  if (rule.Not) {
    return !matches(rule.Not, data);
  }
  if (rule.IsPresent !== undefined) {
    return present(rule.Variable, data) === rule.IsPresent;
  }
  const v = read(rule.Variable, data);
  if (v === undefined) {
    throw new TaskError('States.Runtime', `Choice variable ${rule.Variable} matched nothing`);
  }
  if (rule.StringEquals !== undefined) return v === rule.StringEquals;
  if (rule.NumericGreaterThan !== undefined) return v > rule.NumericGreaterThan;
  if (rule.NumericGreaterThanEquals !== undefined) return v >= rule.NumericGreaterThanEquals;
  throw new Error(`choice rule ${JSON.stringify(rule)} is not modelled`);
}
