#!/usr/bin/env node
// Runs before `npm test` (npm's pretest): the tests read the jsii assembly (API.md's check) and run
// the bundled CLI, so a clean clone's `npm ci && npm test` builds first. When the build is newer
// than every source file it is from, nothing is done (CI builds before testing).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outputs = ['.jsii', join('dist', 'bin', 'event-readiness.js'), join('dist', 'bin', 'event-readiness-aws.js')].map((f) => join(root, f));
const newest = (dir) => readdirSync(dir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .reduce((t, e) => Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
const sources = Math.max(newest(join(root, 'lib')), newest(join(root, 'bin')), statSync(join(root, 'package.json')).mtimeMs);
const stale = outputs.filter((f) => !existsSync(f) || statSync(f).mtimeMs < sources);
if (stale.length > 0) {
  console.log(`pretest: ${stale.map((f) => f.slice(root.length + 1)).join(', ')} missing or older than the sources: npm run build`);
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
