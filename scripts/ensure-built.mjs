#!/usr/bin/env node
// Runs before `npm test` (npm's pretest): tests run the bundled CLI, so it is bundled again when it
// is missing or older than the sources (under a second). The jsii assembly, which only the API.md
// test reads, is that test's own business (it compiles it when stale): `npm test -- <file>` after
// editing lib/ never waits for jsii.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outputs = [join('dist', 'bin', 'event-readiness.js'), join('dist', 'bin', 'event-readiness-aws.js')].map((f) => join(root, f));
const newest = (dir) => readdirSync(dir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .reduce((t, e) => Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
const sources = Math.max(newest(join(root, 'lib')), newest(join(root, 'bin')), statSync(join(root, 'package.json')).mtimeMs);
if (outputs.some((f) => !existsSync(f) || statSync(f).mtimeMs < sources)) {
  execFileSync('node', [join(root, 'scripts', 'bundle-cli.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
