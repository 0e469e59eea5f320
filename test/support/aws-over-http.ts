/**
 * An AWS that answers over HTTP (AWS_ENDPOINT_URL), for runs of the built CLI as users run it: the
 * SDK serializes each request with its service's real protocol, and the test answers the calls it
 * expects (any other gets a 400 that names it).
 */
import { spawn } from 'child_process';
import * as http from 'http';
import * as os from 'os';

/** One call the CLI made: the JSON protocols' target header (or the REST method and path), and its body. */
export interface HttpCall {
  /** `GraniteServiceVersion20100801.DescribeAlarms`, or empty for a REST call. */
  readonly target: string;
  readonly method: string;
  readonly url: string;
  readonly input: any;
}

/** What to send back: a JSON body (JSON 1.0 unless another content type is given); undefined for a call the test does not answer. */
export type HttpAnswer = (call: HttpCall) => { body: unknown; type?: string } | undefined;

/** A local endpoint answering with `answer`; every call is recorded. */
export function awsOverHttp(answer: HttpAnswer): Promise<{ url: string; calls: HttpCall[]; close: () => void }> {
  const calls: HttpCall[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const call = { target: String(req.headers['x-amz-target'] ?? ''), method: req.method ?? '', url: req.url ?? '', input: body ? JSON.parse(body) : {} };
      calls.push(call);
      const answered = answer(call);
      res.setHeader('content-type', answered?.type ?? 'application/x-amz-json-1.0');
      if (!answered) {
        res.statusCode = 400;
      }
      res.end(JSON.stringify(answered ? answered.body : { __type: 'UnexpectedCall', message: `the test does not answer ${call.target || call.url}` }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, calls, close: () => server.close() });
  }));
}

/**
 * Runs the built CLI (or another copy of its file) as a process, with example credentials and no
 * instance metadata: Node's start-up alone can take seconds on a loaded machine, so it gets 45 s.
 */
export function runCli(file: string, args: string[],
  env: { [name: string]: string } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], {
      timeout: 45_000,
      env: { PATH: process.env.PATH!, HOME: os.tmpdir(), AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_EC2_METADATA_DISABLED: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
