#!/usr/bin/env node
// Proves the library at the LOWEST versions its peer ranges allow: installs each peer's floor
// (semver's minVersion of the range in package.json) into node_modules without touching
// package.json or the lockfile, checks that every copy installed is the floor, then runs the
// type-check and the tests, snapshot comparisons aside (templates differ between aws-cdk-lib
// releases), and the files whose subject does not depend on aws-cdk-lib's version: the property
// sweeps (the library's own validation; the CloudFormation validator they use is not in the
// floor), the API.md check (jsii) and the CLI's (the bundle, built from the lockfile). `npm ci`
// restores the lockfile's versions.   node scripts/floor-peers.mjs [jest args]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(import.meta.dirname, '..');
const read = (file) => readFileSync(join(root, file), 'utf8');
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
const floors = Object.entries(JSON.parse(read('package.json')).peerDependencies)
  .map(([name, range]) => ({ name, floor: semver.minVersion(range)?.version ?? fail(`${name}@${range} has no lower bound`) }));
function fail(message) {
  console.error(`floor-peers: ${message}`);
  process.exit(1);
}

const lockfiles = ['package.json', 'package-lock.json'].map(read);
run('npm', ['install', '--no-save', '--prefer-offline', '--legacy-peer-deps', '--no-audit', '--no-fund',
  ...floors.map((f) => `${f.name}@${f.floor}`)]);
if (['package.json', 'package-lock.json'].map(read).some((text, i) => text !== lockfiles[i])) {
  fail('npm install changed package.json or package-lock.json');
}
// Every copy, nested ones included (npm query's `#name` selects each): a tool's own newer
// aws-cdk-lib would prove nothing.
const installed = JSON.parse(execFileSync('npm', ['query', floors.map((f) => `#${f.name}`).join(', ')], { cwd: root, encoding: 'utf8' }));
const wrong = installed.filter((n) => n.version !== floors.find((f) => f.name === n.name).floor).map((n) => `${n.location}@${n.version}`);
if (wrong.length > 0) {
  fail(`not the floor versions (${floors.map((f) => `${f.name}@${f.floor}`).join(', ')}): ${wrong.join(', ')}`);
}
console.log(`floor-peers: ${floors.map((f) => `${f.name}@${f.floor}`).join(' ')} installed; type-check and tests`);
run('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json', '--noEmit']);
// Given jest arguments go first: the ignore patterns are a list that would take in what follows.
run('npx', ['--no', '--', 'jest', ...process.argv.slice(2), '--ci', '--testNamePattern=^(?!.*templates match their snapshots)',
  '--testPathIgnorePatterns=/(properties|edge-values|api-docs|cli)\\.test\\.ts$']);
