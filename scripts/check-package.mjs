#!/usr/bin/env node
// Packs the library, installs the tarball into a fresh app beside the project's own
// aws-cdk-lib and constructs (the peers), and loads both entry points, as a user would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'cdk-event-readiness-pack-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work],
    { cwd: root, encoding: 'utf8' }))[0];
  const files = packed.files.map((f) => f.path);
  const stray = files.filter((f) => /^(test|examples|bin|scripts|cdk\.out)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'));
  if (stray.length > 0) {
    throw new Error(`the package holds files users do not need: ${stray.join(', ')}`);
  }
  const pkg = JSON.parse(execFileSync('tar', ['-xOzf', join(work, packed.filename), 'package/package.json'], { encoding: 'utf8' }));
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    if (!pkg.peerDependencies?.[peer] || pkg.dependencies?.[peer]) {
      throw new Error(`${peer} must be a peer dependency only`);
    }
  }
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts',
    join(work, packed.filename), join(root, 'node_modules', 'aws-cdk-lib'), join(root, 'node_modules', 'constructs')],
  { cwd: app, stdio: 'inherit' });
  writeFileSync(join(app, 'smoke.js'), `
    const { App } = require('aws-cdk-lib');
    const lib = require('cdk-event-readiness');
    const testing = require('cdk-event-readiness/testing');
    const window = new lib.EventWindow({ name: 'smoke', start: '2030-01-01T10:00', end: '2030-01-01T12:00' });
    const app = new App({ outdir: 'cdk.out' });
    const stack = new lib.EventReadinessStack(app, 'Smoke', { window, now: new Date('2029-01-01T00:00:00Z') });
    const t = testing.TemplateSnapshot.fromStack(stack);
    if (!t.Resources || !Object.keys(t.Resources).length) throw new Error('no resources');
  `);
  execFileSync('node', ['smoke.js'], { cwd: app, stdio: 'inherit' });
  const help = execFileSync(join(app, 'node_modules', '.bin', 'event-readiness'), ['--help'], { encoding: 'utf8' });
  if (!help.includes('event-readiness plan')) {
    throw new Error(`the installed CLI did not print its help:\n${help}`);
  }
  console.log(`package ok: ${packed.filename}, ${files.length} files, peers ${JSON.stringify(pkg.peerDependencies)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
