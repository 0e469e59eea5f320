import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { App, AppProps, CloudFormationValidatePlugin, Validations } from 'aws-cdk-lib';

/** Context every test app gets: CloudFormation validation findings fail synth. */
export const STRICT_VALIDATION = { '@aws-cdk/core:strictCfnValidateErrors': true };

/** Options of a test app. */
export interface TestAppOptions {
  /**
   * Validate every template against CloudFormation's schemas and rules (aws-cdk-lib's
   * CloudFormationValidatePlugin, strict: a finding fails synth). Only the tests whose assertion
   * is "this app is valid CloudFormation" ask for it (the examples, the property and edge-value
   * sweeps): aws-cdk-lib's built-in validation is off in every test (test/support/setup.ts), since
   * validating every app the tests synthesize dominated the suite's time.
   */
  readonly validate?: boolean;
}

/**
 * One validator per worker thread: it builds its engine (every schema and rule, about 1.5 s) in its
 * constructor, once, and serves every app of every file the worker runs. (Newer aws-cdk-lib releases
 * build the engine for the resource types of each validation and again for each new set of types:
 * when the floor is raised past 2.270, warm it up once with every type the suite creates.)
 */
let validator: CloudFormationValidatePlugin | undefined;

/**
 * An App whose cloud assembly goes to a directory of its own under the OS's temporary directory,
 * which in the tests is the run's, removed by Jest's global teardown (test/support/setup.ts), so
 * tests leave no `cdk.out` litter behind; without tree.json (aws-cdk-lib resolves every resource's properties a second
 * time to write it, and nothing here reads it).
 */
export function newApp(props: AppProps = {}, options: TestAppOptions = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-'));
  const app = new App({ treeMetadata: false, ...props, outdir, context: { ...STRICT_VALIDATION, ...props.context } });
  if (options.validate) {
    validator ??= new CloudFormationValidatePlugin();
    Validations.of(app).addPlugins(validator);
  }
  return app;
}

/**
 * Runs a docs sample as pasted (test/readme-samples/<name>.ts, which `npm run readme-samples`
 * extracts) and returns the cloud assembly its own `app.synth()` made. The samples import
 * 'cdk-event-readiness': tsx resolves it to lib/ through tsconfig.json's paths, as the type-check does.
 */
export function runSample(name: string): cdk.cx_api.CloudAssembly {
  const synth = jest.spyOn(App.prototype, 'synth');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, '..', 'readme-samples', name));
    return synth.mock.results[0].value;
  } finally {
    synth.mockRestore();
  }
}
