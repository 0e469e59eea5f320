#!/usr/bin/env node
// Checks the package npm would publish, as a user meets it: packs it (after `npm run build`),
// checks what the tarball holds and declares (with publint and arethetypeswrong too), then creates
// a TypeScript CDK app with `cdk init` (its tsconfig, every recommended feature flag, the
// TypeScript it picks: typescript-7, which test/readme.test.ts holds to cdk init's range),
// installs the tarball there beside the project's peers, synthesizes each README sample as pasted
// and runs the installed CLI on it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // What package.json declares (peers, no dependencies, no install scripts, the fields Construct
  // Hub reads) is test/readme.test.ts's: the tarball carries the same file.
  const pkg = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], work));

  // 2. A fresh app, laid out by the cdk CLI's own init template.
  const app = join(work, 'consumer-app');
  mkdirSync(app);
  execFileSync(join(modules, '.bin', 'cdk'), ['init', 'app', '--language', 'typescript', '--generate-only'], { cwd: app, stdio: 'pipe' });
  const flags = Object.keys(JSON.parse(readFileSync(join(app, 'cdk.json'), 'utf8')).context ?? {}).length;
  // Local installs (links) of what the app needs: the tarball, the peers, and the TypeScript toolchain cdk init picks.
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-save',
    join(work, packed.filename), join(modules, 'aws-cdk-lib'), join(modules, 'constructs'), join(modules, 'typescript-7'),
    join(modules, 'tsx'), join(modules, '@types', 'node'), join(modules, '@types', 'jest')], app);
  // 3. Every README sample as pasted: it replaces the app's entry point, as the README says, and
  //    synthesizes with no warning left unaccepted (--strict); the installed CLI prints its plan.
  //    (The app command cdk init wrote, `npx tsc && npx tsx bin/consumer-app.ts`, type-checks it.)
  //    test/readme.test.ts holds that the README has such samples and that each names its event.
  const { sampleFiles } = createRequire(import.meta.url)(join(root, 'scripts', 'readme-samples.js'));
  const samples = sampleFiles().filter((f) => f.page === 'README.md');
  const cli = join(app, 'node_modules', '.bin', 'event-readiness');
  for (const sample of samples) {
    writeFileSync(join(app, 'bin', 'consumer-app.ts'), sample.code);
    rmSync(join(app, 'cdk.out'), { recursive: true, force: true });
    try {
      run(join(modules, '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '--strict'], app);
    } catch (e) {
      fail(`README sample ${sample.name} does not synthesize as pasted: ${e.message}`);
    }
    for (const event of sample.events) {
      if (!run(cli, ['plan', '--event', event], app).includes('Every scale-up takes effect before the start')) {
        fail(`the installed CLI did not print the plan of README sample ${sample.name}'s event ${event}`);
      }
    }
  }
  // 4. Both entry points load in the installed package (the CLI's AWS part is test/cli.test.ts's: it runs
  //    the bundle this tarball packs, and the tarball's file list above holds both of its files).
  run('node', ['-e', "const l = require('cdk-event-readiness'), t = require('cdk-event-readiness/testing'); "
    + "if (typeof l.Errors.isValidationError !== 'function' || typeof t.TemplateSnapshot.fromStack !== 'function') process.exit(1)"], app);

  console.log(`package ok: ${packed.filename}, ${files.length} files, peers ${JSON.stringify(pkg.peerDependencies)}; `
    + `in a cdk init app (${flags} feature flags) the README's ${samples.length} sample(s) synthesized `
    + 'as pasted, the installed CLI printed their plans and both entry points loaded');
} finally {
  rmSync(work, { recursive: true, force: true });
}
