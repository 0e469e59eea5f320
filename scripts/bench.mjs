#!/usr/bin/env node
// Prints how long `cdk synth` takes (median of 3) and what each stack holds, for the
// example app and for a 30-tier event; with `--tests`, also how long `npm test` takes (median
// of 3). Figures only: nothing here passes or fails on time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = 3;
const root = join(import.meta.dirname, '..');
const benchDir = join(root, '.bench');

function synth(label, app, context = []) {
  const outdir = join(benchDir, label);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(outdir, { recursive: true, force: true });
    const args = ['cdk', 'synth', '--quiet', '--output', outdir];
    if (app) args.push('--app', app);
    args.push(...context);
    const started = process.hrtime.bigint();
    execFileSync('npx', args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  console.log(`\n${label}: cdk synth ${times[Math.floor(RUNS / 2)].toFixed(2)} s median of ${RUNS} `
    + `(runs: ${times.map((t) => t.toFixed(2)).join(', ')} s)`);
  console.log(`  ${'stack'.padEnd(32)} ${'resources'.padStart(9)} ${'template bytes'.padStart(15)}`);
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort()) {
    const path = join(outdir, file);
    const template = JSON.parse(readFileSync(path, 'utf8'));
    const resources = Object.keys(template.Resources ?? {}).length;
    console.log(`  ${file.replace('.template.json', '').padEnd(32)} ${String(resources).padStart(9)} `
      + `${String(statSync(path).size).padStart(15)}${resources > 500 ? '  OVER the 500-resource limit' : ''}`);
  }
}

// The examples bin/app.ts knows, read from examples/index.ts (this script does not load TypeScript).
const examples = [...readFileSync(join(root, 'examples', 'index.ts'), 'utf8').matchAll(/^\s+'([a-z-]+)': \(app\)/gm)]
  .map((m) => m[1]);

mkdirSync(benchDir, { recursive: true });
console.log(`cdk-event-readiness benchmark (${new Date().toISOString()}, node ${process.version})`);
for (const example of examples) {
  synth(example, undefined, ['--context', `example=${example}`]);
}
synth('many-tiers (30)', 'node --import tsx scripts/many-tiers.ts');

if (process.argv.includes('--tests')) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    execFileSync('npm', ['test', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  console.log(`\nnpm test: ${times[Math.floor(RUNS / 2)].toFixed(1)} s median of ${RUNS} `
    + `(runs: ${times.map((t) => t.toFixed(1)).join(', ')} s)`);
}
