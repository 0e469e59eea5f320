#!/usr/bin/env node
// Extracts every ```ts block of README.md and docs/*.md into test/readme-samples/ (`npm run
// readme-samples`), committed, so `npm run build` type-checks the documentation's code against
// the library (imports of 'cdk-event-readiness' are mapped to lib/ by tsconfig.json), and a
// test fails when the pages and the committed copies differ. The README's samples are complete
// programs: `npm run check:package` also synthesizes each in a fresh `cdk init` app.
// CommonJS, so the test suite can load it too.
const { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('fs');
const { join } = require('path');

const root = join(__dirname, '..');

/** The pages whose samples are extracted, with the prefix of their files. */
function pages() {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort()
    .map((f) => ({ file: `docs/${f}`, prefix: `docs-${f.replace(/\.md$/, '')}` }));
  return [{ file: 'README.md', prefix: 'readme' }, ...docs];
}

/** Every sample (a ```ts block) as a file: its name, the page it came from, the events it names, and its content. */
function sampleFiles() {
  return pages().flatMap(({ file, prefix }) => [...readFileSync(join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code], i) => ({
    name: `${prefix}-${String(i + 1).padStart(2, '0')}.ts`,
    page: file,
    code,
    events: [...code.matchAll(/EventWindow\(\{\s*name: '([a-z0-9-]+)'/g)].map((m) => m[1]),
    content: `// Extracted from ${file} by scripts/readme-samples.js: do not edit.\n${code}export {};\n`,
  })));
}

if (require.main === module) {
  const dir = join(root, 'test', 'readme-samples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of sampleFiles()) {
    writeFileSync(join(dir, file.name), file.content);
  }
}

module.exports = { sampleFiles };
