#!/usr/bin/env node
// Bundles the CLI (bin/event-readiness.ts and the AWS SDK clients it calls) into one file, so the
// package has no runtime dependencies: users install a construct library, not an SDK. The licenses
// of every bundled package go beside it, as their licenses ask.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outfile = join(root, 'dist', 'bin', 'event-readiness.js');
const result = await build({
  entryPoints: [join(root, 'bin', 'event-readiness.ts')],
  outfile,
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

const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const dir = packageDir(join(root, input));
  if (dir && !packages.has(dir)) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const noticeFile = readdirSync(dir).find((f) => /^notice(\.|$)/i.test(f));
    packages.set(dir, {
      name: `${pkg.name}@${pkg.version}`,
      license: pkg.license ?? 'UNKNOWN',
      text: [licenseFile, noticeFile].filter(Boolean).map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n'),
    });
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
  byText.set(text, [...(byText.get(text) ?? []), `${p.name} (${p.license})`]);
}
const licenses = join(dirname(outfile), 'THIRD-PARTY-LICENSES.txt');
writeFileSync(licenses, 'The CLI bundle (event-readiness.js) contains the following packages.\n\n'
  + [...byText].map(([text, names]) => `${names.map((n) => `## ${n}`).join('\n')}\n\n${text}\n`).join('\n'));
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
// Progress goes to stderr: `npm pack --json` (which builds first) must print only JSON on stdout.
console.error(`CLI bundled: ${relative(root, outfile)} (${(bytes / 1024).toFixed(0)} KiB), ${packages.size} packages; licenses in ${relative(root, licenses)}`);
if (!existsSync(outfile)) {
  throw new Error('the bundle was not written');
}
