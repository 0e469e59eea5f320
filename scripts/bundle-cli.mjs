#!/usr/bin/env node
// Bundles the CLI (bin/event-readiness.ts and the AWS SDK clients it calls), so the package has no
// runtime dependencies: users install a construct library, not an SDK. Two files: the front door
// (event-readiness.js: help, usage, `plan`) and the part that calls AWS (event-readiness-aws.js:
// lib/cli/aws.ts, the SDK within), which the front door require()s only for a command that calls
// AWS, so `--version` or `plan` does not parse a megabyte of SDK. The licenses of every bundled
// package go beside them, as their licenses ask.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
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

/** The package directory (under node_modules) an input file belongs to. */
function packageDir(file) {
  const parts = relative(root, file).split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) {
    return undefined;
  }
  const depth = parts[at + 1].startsWith('@') ? 3 : 2;
  return join(root, ...parts.slice(0, at + depth));
}

// Every package either file holds, and which files hold it.
const packages = new Map();
for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
  for (const input of Object.keys(inputs)) {
    const dir = packageDir(join(root, input));
    if (dir && !packages.has(dir)) {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
      const noticeFile = readdirSync(dir).find((f) => /^notice(\.|$)/i.test(f));
      packages.set(dir, {
        name: `${pkg.name}@${pkg.version}`,
        license: pkg.license ?? 'UNKNOWN',
        text: [licenseFile, noticeFile].filter(Boolean).map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n'),
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
const licenses = join(dirname(outfile), 'THIRD-PARTY-LICENSES.txt');
writeFileSync(licenses, `The CLI bundle (${basename(outfile)} and ${basename(awsFile)}) contains the following packages.\n\n`
  + [...byText].map(([text, names]) => `${names.map((n) => `## ${n}`).join('\n')}\n\n${text}\n`).join('\n'));
const kib = (file) => `${relative(root, file)} (${(result.metafile.outputs[relative(root, file)].bytes / 1024).toFixed(0)} KiB)`;
// Progress goes to stderr: `npm pack --json` (which builds first) must print only JSON on stdout.
console.error(`CLI bundled: ${kib(outfile)} and ${kib(awsFile)}, ${packages.size} packages; licenses in ${relative(root, licenses)}`);
// The front door must not hold the SDK (the point of the second file).
const frontDoor = Object.keys(result.metafile.outputs[relative(root, outfile)].inputs).filter((i) => i.includes('node_modules/@aws-sdk/'));
if (frontDoor.length > 0) {
  throw new Error(`${relative(root, outfile)} holds AWS SDK code, which belongs in ${relative(root, awsFile)}: ${frontDoor.slice(0, 3).join(', ')}…`);
}
