#!/usr/bin/env node
// Checks the package npm would publish, as a user meets it: packs it (after `npm run build`),
// checks what the tarball holds and declares, then creates a TypeScript CDK app the way
// `cdk init app --language typescript` lays it out (its tsconfig, its cdk.json with every
// recommended feature flag, the TypeScript version it picks), installs the tarball there beside
// the project's aws-cdk-lib and constructs (the peers), type-checks and synthesizes an event, and
// runs the installed CLI on that app's cloud assembly.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const modules = join(root, 'node_modules');
const work = mkdtempSync(join(tmpdir(), 'cdk-event-readiness-pack-'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const fail = (message) => {
  throw new Error(`check-package: ${message}`);
};

try {
  // 1. The tarball: what it holds and what it declares.
  const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root))[0];
  const files = packed.files.map((f) => f.path);
  const stray = files.filter((f) => /^(test|examples|bin|scripts|cdk\.out|lib|dist-lang)\//.test(f)
    || f.startsWith('dist/lib/cli/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
  if (stray.length > 0) {
    fail(`the package holds files users do not need: ${stray.join(', ')}`);
  }
  // Left over from an earlier build of a module that no longer exists (the build cleans dist/ first).
  const orphans = files.filter((f) => /^dist\/lib\/.*\.js$/.test(f) && !existsSync(join(root, f.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
  if (orphans.length > 0) {
    fail(`the package holds compiled modules without a source: ${orphans.join(', ')}`);
  }
  for (const needed of ['.jsii', 'API.md', 'CHANGELOG.md', 'README.md', 'LICENSE', 'dist/lib/index.js', 'dist/lib/index.d.ts',
    'dist/lib/testing/index.js', 'dist/bin/event-readiness.js', 'dist/bin/event-readiness-aws.js', 'dist/bin/THIRD-PARTY-LICENSES.txt']) {
    if (!files.includes(needed)) {
      fail(`the package lacks ${needed}`);
    }
  }
  // publint: what the package declares (exports, types, files) resolves in the tarball; arethetypeswrong:
  // every entry point's types resolve under each module resolution TypeScript users have (node10
  // included, which older `cdk init` apps use).
  const tarball = join(work, packed.filename);
  run(join(modules, '.bin', 'publint'), ['--strict', tarball], root);
  run(join(modules, '.bin', 'attw'), [tarball], root);
  const pkg = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], work));
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    if (!pkg.peerDependencies?.[peer]) {
      fail(`${peer} must be a peer dependency`);
    }
  }
  if (Object.keys(pkg.dependencies ?? {}).length > 0 || Object.keys(pkg.bundledDependencies ?? pkg.bundleDependencies ?? {}).length > 0) {
    fail(`the library must install no runtime dependencies (the CLI is bundled), found ${JSON.stringify(pkg.dependencies ?? pkg.bundledDependencies)}`);
  }
  // Scripts npm runs in a consumer's install would run code the tarball does not ship.
  const consumerScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => pkg.scripts?.[s]);
  if (consumerScripts.length > 0) {
    fail(`lifecycle scripts that would run in a user's install: ${consumerScripts.join(', ')}`);
  }
  for (const field of ['repository', 'homepage', 'bugs', 'author', 'stability', 'publishConfig', 'jsii']) {
    if (!pkg[field]) {
      fail(`package.json has no '${field}' (Construct Hub and npm show it)`);
    }
  }
  if (!pkg.keywords?.includes('awscdk')) {
    fail('package.json keywords lack "awscdk", the keyword Construct Hub lists packages by');
  }

  // 2. A fresh app, laid out by the cdk CLI's own init template.
  const app = join(work, 'consumer-app');
  mkdirSync(app);
  execFileSync(join(modules, '.bin', 'cdk'), ['init', 'app', '--language', 'typescript', '--generate-only'], { cwd: app, stdio: 'pipe' });
  const init = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  const initTypeScript = init.devDependencies.typescript;
  const ourTypeScript7 = JSON.parse(readFileSync(join(modules, 'typescript-7', 'package.json'), 'utf8')).version;
  if (!initTypeScript.startsWith('~') || !ourTypeScript7.startsWith(initTypeScript.slice(1).split('.').slice(0, 2).join('.'))) {
    fail(`cdk init now picks TypeScript ${initTypeScript}; the devDependency typescript-7 is ${ourTypeScript7}: update it to match`);
  }
  const flags = Object.keys(JSON.parse(readFileSync(join(app, 'cdk.json'), 'utf8')).context ?? {}).length;
  // Local installs (links) of what the app needs: the tarball, the peers, and the TypeScript toolchain cdk init picks.
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-save',
    join(work, packed.filename), join(modules, 'aws-cdk-lib'), join(modules, 'constructs'), join(modules, 'typescript-7'),
    join(modules, 'tsx'), join(modules, '@types', 'node'), join(modules, '@types', 'jest')], app);
  const tscVersion = run(join(app, 'node_modules', '.bin', 'tsc'), ['--version'], app).trim();
  if (tscVersion !== `Version ${ourTypeScript7}`) {
    fail(`the app's tsc is ${tscVersion}, expected TypeScript ${ourTypeScript7}`);
  }
  writeFileSync(join(app, 'bin', 'consumer-app.ts'), `#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib/core';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AcuRange, AuroraServerlessTier, Errors, EventReadinessStack, EventWindow, StatelessTier } from 'cdk-event-readiness';
import { TemplateSnapshot } from 'cdk-event-readiness/testing';

const app = new cdk.App();
const tiers = new cdk.Stack(app, 'ShopTiers');
const api = new StatelessTier(tiers, 'Api', {
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
});
const sessions = new AuroraServerlessTier(tiers, 'Sessions', { capacity: AcuRange.between(0.5, 8) });
const window = new EventWindow({ name: 'consumer-sale', start: '2030-11-29T09:00', end: '2030-11-29T21:00' });
const readiness = new EventReadinessStack(app, 'ConsumerSaleReadiness', {
  window,
  now: new Date('2030-01-01T00:00:00Z'),
  tiers: [api.forEvent({ provisionedConcurrency: 100 }), sessions.forEvent({ capacity: AcuRange.between(4, 32) })],
});
const schedules = Object.values(TemplateSnapshot.fromStack(readiness).Resources as Record<string, { Type: string }>)
  .filter((r) => r.Type === 'AWS::Scheduler::Schedule').length;
if (schedules === 0) {
  throw new Error('the readiness stack has no schedules');
}
try {
  new EventWindow({ name: 'bad', start: '2030-11-29T21:00', end: '2030-11-29T09:00' });
  throw new Error('an end before the start was accepted');
} catch (e) {
  if (!Errors.isValidationError(e)) {
    throw e;
  }
}
`);
  // The app command cdk init wrote (\`npx tsc && npx tsx bin/consumer-app.ts\`) type-checks with the app's own tsconfig.
  run(join(modules, '.bin', 'cdk'), ['synth', '--quiet', '--no-notices'], app);
  const template = JSON.parse(readFileSync(join(app, 'cdk.out', 'ConsumerSaleReadiness.template.json'), 'utf8'));
  if (!Object.keys(template.Metadata ?? {}).some((k) => k.startsWith('cdk-event-readiness/plan/'))) {
    fail('the synthesized readiness stack has no event plan');
  }

  // 3. The installed CLI, on the app's cloud assembly.
  const cli = join(app, 'node_modules', '.bin', 'event-readiness');
  if (!existsSync(cli)) {
    fail('installing the package did not link the event-readiness CLI');
  }
  const plan = run(cli, ['plan', '--app', 'cdk.out', '--event', 'consumer-sale'], app);
  if (!plan.includes('Every scale-up takes effect before the start')) {
    fail(`the installed CLI did not print the plan:\n${plan}`);
  }
  // `check` loads the part that calls AWS (event-readiness-aws.js) from the installed package: an
  // endpoint that refuses the connection must give the CLI's own message, not a missing module.
  let check;
  try {
    execFileSync(cli, ['check', '--app', 'cdk.out', '--event', 'consumer-sale', '--region', 'eu-west-1'], {
      cwd: app, encoding: 'utf8', stdio: 'pipe',
      env: { PATH: process.env.PATH, HOME: app, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true' },
    });
  } catch (error) {
    check = error;
  }
  if (check?.status !== 3 || !check.stderr.includes('Could not reach AWS in Region eu-west-1')) {
    fail(`the installed CLI's check did not reach its AWS part: exit ${check?.status}, ${check?.stderr}`);
  }
  // 4. Every README sample as pasted: it replaces the app's entry point, as the README says,
  //    and synthesizes with no warning left unaccepted (--strict); the README's plan command runs on it.
  const { sampleFiles } = createRequire(import.meta.url)(join(root, 'scripts', 'readme-samples.js'));
  const samples = sampleFiles().filter((f) => f.page === 'README.md');
  if (samples.length === 0) {
    fail('the README has no ```ts sample to paste: the front door shows code that runs');
  }
  for (const sample of samples) {
    writeFileSync(join(app, 'bin', 'consumer-app.ts'), sample.code);
    rmSync(join(app, 'cdk.out'), { recursive: true, force: true });
    try {
      run(join(modules, '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '--strict'], app);
    } catch (e) {
      fail(`README sample ${sample.name} does not synthesize as pasted: ${e.message}`);
    }
    const events = [...sample.code.matchAll(/EventWindow\(\{\s*name: '([a-z0-9-]+)'/g)].map((m) => m[1]);
    if (events.length === 0) {
      fail(`README sample ${sample.name} names no event for the README's plan command`);
    }
    for (const event of events) {
      run(join(app, 'node_modules', '.bin', 'event-readiness'), ['plan', '--event', event], app);
    }
  }

  console.log(`package ok: ${packed.filename}, ${files.length} files, no runtime dependencies, peers ${JSON.stringify(pkg.peerDependencies)}; `
    + `a cdk init app (TypeScript ${ourTypeScript7}, ${flags} feature flags) type-checked, synthesized an event, its CLI printed the plan `
    + `and reached its AWS part, and the README's ${samples.length} sample(s) synthesized as pasted`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
