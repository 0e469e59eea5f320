#!/usr/bin/env node
// Bundles the CLI (bin/event-readiness.ts and the AWS SDK clients it calls), so the package has no
// runtime dependencies: users install a construct library, not an SDK. Two files: the front door
// (event-readiness.js: help, usage, `plan`) and the part that calls AWS (event-readiness-aws.js:
// lib/cli/aws.ts, the SDK within), which the front door require()s only for a command that calls
// AWS, so `--version` or `plan` does not parse a megabyte of SDK (test/cli.test.ts holds the front
// door free of SDK code). The license and notice files of every bundled package go beside them, as
// their licenses ask.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bin');
const outfile = join(outdir, 'event-readiness.js');
const awsFile = join(outdir, 'event-readiness-aws.js');
/** main.ts's require('./aws') stays a require, of the file beside the bundle: not bundled in. */
const awsApart = {
  name: 'aws-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/aws$/ }, (args) => (args.importer === join(root, 'lib', 'cli', 'main.ts')
      ? { path: `./${basename(awsFile)}`, external: true } : undefined));
  },
};
const result = await build({
  entryPoints: { 'event-readiness': join(root, 'bin', 'event-readiness.ts'), 'event-readiness-aws': join(root, 'lib', 'cli', 'aws.ts') },
  outdir,
  absWorkingDir: root,
  plugins: [awsApart],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // `event-readiness --version` without a package.json beside the bundle.
  define: { 'process.env.EVENT_READINESS_CLI_VERSION': JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
});

// Every package either file holds, and which files hold it.
const packages = new Map();
for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
  for (const input of Object.keys(inputs)) {
    // Its package: the last node_modules/[@scope/]name of the path (esbuild writes `/`, relative to root).
    const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (dir && !packages.has(dir)) {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      const legal = readdirSync(join(root, dir)).filter((f) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(f)).sort();
      packages.set(dir, {
        name: `${pkg.name}@${pkg.version}`,
        license: pkg.license ?? 'UNKNOWN',
        text: legal.map((f) => readFileSync(join(root, dir, f), 'utf8').trim()).join('\n\n'),
        files: new Set(),
      });
    }
    packages.get(dir)?.files.add(basename(output));
  }
}
const unlicensed = [...packages.values()].filter((p) => p.license === 'UNKNOWN');
if (unlicensed.length > 0) {
  throw new Error(`bundled packages without a license field: ${unlicensed.map((p) => p.name).join(', ')}`);
}
// One copy of each distinct license text, preceded by the packages it covers.
const byText = new Map();
for (const p of [...packages.values()].sort((a, b) => a.name.localeCompare(b.name))) {
  const text = p.text || `${p.license}: no license file is shipped with this package.`;
  byText.set(text, [...(byText.get(text) ?? []), `${p.name} (${p.license}), in ${[...p.files].sort().join(' and ')}`]);
}
const licenses = join(outdir, 'THIRD-PARTY-LICENSES.txt');
writeFileSync(licenses, `The CLI bundle (${basename(outfile)} and ${basename(awsFile)}) contains the following packages.\n\n`
  + [...byText].map(([text, names]) => `${names.map((n) => `## ${n}`).join('\n')}\n\n${text}\n`).join('\n'));
const kib = (file) => `${relative(root, file)} (${(result.metafile.outputs[relative(root, file)].bytes / 1024).toFixed(0)} KiB)`;
// Progress goes to stderr: `npm pack --json` (which builds first) must print only JSON on stdout.
console.error(`CLI bundled: ${kib(outfile)} and ${kib(awsFile)}, ${packages.size} packages; licenses in ${relative(root, licenses)}`);
