#!/usr/bin/env node
// Proves the library against the LOWEST versions its peer-dependency ranges allow:
// derives each peer's floor from package.json's peerDependencies, installs exactly those
// versions into node_modules (package.json and package-lock.json are left alone), then runs
// the type-check and the Jest suite with the snapshot tests skipped (templates legitimately
// differ between aws-cdk-lib versions; every other assertion must hold at the floor).
//
//   node scripts/floor-peers.mjs [--] [extra jest args, e.g. a test path]
//
// Run it after `npm ci`: every package other than the peers stays at its locked version. It
// leaves node_modules at the floor versions (`npm ci` restores the lockfile's). Exits non-zero
// if the install, the version check, the type-check or a test fails; the last line it prints
// is a one-line summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Jest tests whose only assertions are snapshot comparisons (toMatchSnapshot): skipped by
 * name, since a snapshot records the templates of the lockfile's aws-cdk-lib. Matched
 * against Jest's full test name (describe blocks + test name).
 */
const SNAPSHOT_TEST_NAME = 'templates match their snapshots';

const started = Date.now();
const jestExtraArgs = process.argv.slice(2);
if (jestExtraArgs[0] === '--') jestExtraArgs.shift();

function fail(message) {
  console.log(`floor-peers: FAIL (${message}) after ${seconds()} s`);
  process.exit(1);
}

function seconds() {
  return Math.round((Date.now() - started) / 1000);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// 1. The floor of each peer range. semver is not a dependency of this package (only hoisted
// from tooling, at whatever major the tooling wants), so the simple range forms are parsed here:
// ^X.Y.Z, ~X.Y.Z, >=X.Y.Z, =X.Y.Z, X.Y.Z, partial versions (^2, ~2.1, 2.x), a hyphen range's
// lower end, "<"/"<=" upper bounds (ignored), and "||" alternatives (the lowest floor wins).
// A range with no lower bound (*, <3, >2) has no installable floor and is an error.

const VERSION = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(text, range) {
  const m = VERSION.exec(text);
  if (!m) {
    throw new Error(`cannot read a version in '${text}' (range '${range}')`);
  }
  const parts = [m[1], m[2], m[3]].map((p) => (p === undefined || /^[xX*]$/.test(p) ? 0 : Number(p)));
  if (/^[xX*]$/.test(m[1])) {
    throw new Error(`range '${range}' has no lower bound`);
  }
  return { parts, prerelease: m[4] ?? '' };
}

function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) {
    if (a.parts[i] !== b.parts[i]) return a.parts[i] - b.parts[i];
  }
  if (a.prerelease === b.prerelease) return 0;
  if (!a.prerelease) return 1; // 1.0.0-rc.1 < 1.0.0
  if (!b.prerelease) return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

function floorOfComparatorSet(set, range) {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
  if (hyphen) {
    return parseVersion(hyphen[1], range);
  }
  // "^ 1.2.3" and ">= 1.2.3" are legal: glue operators to their versions first.
  const comparators = set.replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
  const lower = [];
  for (const c of comparators) {
    const m = /^(\^|~>?|>=|<=|>|<|=)?(.*)$/.exec(c);
    const op = m[1] ?? '';
    if (op === '<' || op === '<=') continue; // an upper bound does not move the floor
    if (op === '>') {
      throw new Error(`range '${range}' has an exclusive lower bound ('${c}'): no exact floor version`);
    }
    lower.push(parseVersion(m[2], range));
  }
  if (lower.length === 0) {
    throw new Error(`range '${range}' has no lower bound`);
  }
  return lower.sort(compareVersions).at(-1); // every comparator must hold: the highest lower bound
}

function floorOf(range) {
  const sets = range.trim().split('||').map((s) => s.trim());
  if (sets.some((s) => s === '' || s === '*' || s === 'latest')) {
    throw new Error(`range '${range}' has no lower bound`);
  }
  const floor = sets.map((s) => floorOfComparatorSet(s, range)).sort(compareVersions)[0];
  return floor.parts.join('.') + floor.prerelease;
}

// ---------------------------------------------------------------------------------------------
// 2. Install exactly the floors, check what node_modules now holds.

function run(label, command, args) {
  console.log(`\nfloor-peers: ${label}: ${command} ${args.map((a) => (/[\s'"()?!*|]/.test(a) ? `'${a}'` : a)).join(' ')}`);
  const t = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const took = Math.round((Date.now() - t) / 1000);
  if (result.error) {
    fail(`${label} could not start: ${result.error.message}`);
  }
  console.log(`floor-peers: ${label}: exit ${result.status ?? result.signal} in ${took} s`);
  return { ok: result.status === 0, took };
}

/** Every copy of the named packages under node_modules, nested ones included. */
function installedCopies(names) {
  const found = [];
  const visit = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dirs = entry.name.startsWith('@')
        ? readdirSync(join(modules, entry.name), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(modules, entry.name, e.name))
        : [join(modules, entry.name)];
      for (const dir of dirs) {
        const name = dir.slice(modules.length + 1).split('\\').join('/');
        if (names.includes(name) && existsSync(join(dir, 'package.json'))) {
          found.push({ name, dir, version: readJson(join(dir, 'package.json')).version });
        }
        visit(join(dir, 'node_modules'));
      }
    }
  };
  visit(join(root, 'node_modules'));
  return found;
}

const pkg = readJson(join(root, 'package.json'));
const peers = Object.entries(pkg.peerDependencies ?? {});
if (peers.length === 0) {
  fail('package.json has no peerDependencies');
}
let floors;
try {
  floors = peers.map(([name, range]) => ({ name, range, floor: floorOf(range) }));
} catch (e) {
  fail(e.message);
}
for (const f of floors) {
  console.log(`floor-peers: ${f.name} ${f.range} -> ${f.floor}`);
}

const before = ['package.json', 'package-lock.json'].map((f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : undefined));
// --no-save: package.json and package-lock.json are not written (checked below), but the
// lockfile is still read, so every package other than the peers stays at its locked version
// (--no-package-lock would re-resolve the tree and drift unrelated dev tooling).
// --legacy-peer-deps: dev dependencies declare their own peer ranges on aws-cdk-lib and
// constructs (cdk-nag 3.0.2 wants constructs ^10.5.1), which the floor may be below; those are
// test tools, not the library, so their peer ranges must not veto the library's floor.
const install = run('install', 'npm', ['install', '--no-save', '--prefer-offline', '--legacy-peer-deps',
  '--no-audit', '--no-fund', ...floors.map((f) => `${f.name}@${f.floor}`)]);
if (!install.ok) {
  fail('npm install of the floor versions failed');
}
const after = ['package.json', 'package-lock.json'].map((f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : undefined));
if (before.some((text, i) => text !== after[i])) {
  fail('npm install changed package.json or package-lock.json');
}

const copies = installedCopies(floors.map((f) => f.name));
const wrong = [];
for (const f of floors) {
  const top = copies.find((c) => c.name === f.name && c.dir === join(root, 'node_modules', f.name));
  console.log(`floor-peers: installed ${f.name}@${top?.version ?? '(missing)'}`);
  for (const c of copies.filter((x) => x.name === f.name && x.version !== f.floor)) {
    wrong.push(`${c.dir.slice(root.length + 1)} is ${c.version}, not ${f.floor}`);
  }
  if (!top) wrong.push(`node_modules/${f.name} is missing`);
}
if (wrong.length > 0) {
  fail(`node_modules does not hold the floor versions: ${wrong.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// 3. Type-check (the README's committed samples included, as `npm run build` does) and test.

const results = [];
const tsc = run('type-check', 'npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json', '--noEmit']);
results.push(['type-check', tsc.ok]);

const jsonDir = mkdtempSync(join(tmpdir(), 'floor-peers-'));
const jsonFile = join(jsonDir, 'jest.json');
const jest = run('tests', 'npx', ['--no', '--', 'jest', '--ci', `--testNamePattern=^(?!.*${SNAPSHOT_TEST_NAME})`,
  '--json', `--outputFile=${jsonFile}`, ...jestExtraArgs]);
results.push(['tests', jest.ok]);
let counts = 'no Jest report';
if (existsSync(jsonFile)) {
  const r = readJson(jsonFile);
  const snapshots = r.snapshot.matched + r.snapshot.unmatched + r.snapshot.added;
  counts = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`
    + (snapshots > 0 ? `, ${snapshots} snapshot assertion(s) ran: a snapshot test is not named '${SNAPSHOT_TEST_NAME}'` : '');
}
rmSync(jsonDir, { recursive: true, force: true });

const versions = floors.map((f) => `${f.name}@${f.floor}`).join(' ');
const failed = results.filter(([, ok]) => !ok).map(([label]) => label);
console.log(`\nfloor-peers: ${failed.length === 0 ? 'PASS' : `FAIL (${failed.join(', ')})`} at ${versions}: `
  + `type-check ${tsc.ok ? 'ok' : 'FAILED'}, tests ${counts}; ${seconds()} s`);
process.exit(failed.length === 0 ? 0 : 1);
