import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps } from 'aws-cdk-lib';

const outdirs: string[] = [];

/** Context every test app gets: built-in CloudFormation validation findings fail synth. */
export const STRICT_VALIDATION = { '@aws-cdk/core:strictCfnValidateErrors': true };

/**
 * An App whose cloud assembly goes to a directory removed after the test file, so tests
 * leave no `cdk.out` litter behind; built-in template validation is strict.
 */
export function newApp(props: AppProps = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-event-readiness-test-'));
  outdirs.push(outdir);
  return new App({ ...props, outdir, context: { ...STRICT_VALIDATION, ...props.context } });
}

/** Removes every directory newApp created. Registered in the Jest setup file. */
export function removeTestOutdirs(): void {
  for (const dir of outdirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
