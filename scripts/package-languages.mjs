#!/usr/bin/env node
// Generates the Python, Java, .NET and Go sources of the library from its jsii assembly
// (`jsii-pacmak --code-only`, into dist-lang/; run `npm run build` first). Nothing is published:
// the other languages' registries are not reachable from CI.
//
// The Go module pins the aws-cdk-lib and constructs versions INSTALLED when it is generated (the
// other languages take the peer ranges), so this is run with the peer floors installed (CI runs it
// after `npm run test:floor`): a Go module generated against newer peers would force Go users onto
// them. This script refuses a Go module whose requirements are above the floors.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outdir = join(root, pkg.jsii.outdir);
rmSync(outdir, { recursive: true, force: true });
execFileSync(join(root, 'node_modules', '.bin', 'jsii-pacmak'), ['--code-only', '--pack-command', 'npm pack --ignore-scripts'],
  { cwd: root, stdio: 'inherit' });

const languages = readdirSync(outdir).filter((d) => d !== 'js').sort();
const expected = Object.keys(pkg.jsii.targets).sort();
if (JSON.stringify(languages) !== JSON.stringify(expected)) {
  throw new Error(`package-languages: generated ${languages.join(', ')}, expected ${expected.join(', ')}`);
}
const goModDir = readdirSync(join(outdir, 'go'))[0];
const goMod = readFileSync(join(outdir, 'go', goModDir, 'go.mod'), 'utf8');
const floor = (range) => /(\d+\.\d+\.\d+)/.exec(range)[1];
for (const [peer, goModule] of [['aws-cdk-lib', 'github.com/aws/aws-cdk-go/awscdk/v2'], ['constructs', 'github.com/aws/constructs-go/constructs/v10']]) {
  const required = new RegExp(`${goModule.replace(/[.]/g, '\\.')} v(\\S+)`).exec(goMod)?.[1];
  if (required !== floor(pkg.peerDependencies[peer])) {
    throw new Error(`package-languages: the Go module requires ${goModule} v${required}, but the peer floor of ${peer} is `
      + `${floor(pkg.peerDependencies[peer])}: generate it with the floors installed (after \`npm run test:floor\`).`);
  }
}
console.log(`package-languages: ${languages.join(', ')} sources in ${pkg.jsii.outdir}/; the Go module requires the peer floors`);
