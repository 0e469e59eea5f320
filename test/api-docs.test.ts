import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Documentation, Language } from 'jsii-docgen';

/** The newest modification time of the TypeScript files under a directory. */
function newest(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .reduce((t, e) => Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
}

/**
 * API.md is jsii-docgen's rendering of the compiled jsii assembly (`.jsii`, written by `npm run
 * build`), committed so readers of the repository and Construct Hub users see the same reference.
 * Only `npm run api-docs` rewrites it; this test fails when it is out of date.
 */
describe('API.md', () => {
  const root = path.join(__dirname, '..');

  test('matches the compiled API (run `npm run build && npm run api-docs` after changing it)', async () => {
    // GIVEN the assembly of the sources as they are (compiled here when the build's is missing or
    // older: only this test needs jsii, so `npm test -- <another file>` never waits for it). The
    // CLI (lib/cli) is not part of the library's API: a change there alone leaves API.md as it is,
    // and the whole suite after it does not wait for jsii either.
    const assembly = path.join(root, '.jsii');
    const api = fs.readdirSync(path.join(root, 'lib'), { withFileTypes: true })
      .map((e) => (e.isDirectory() ? (e.name === 'cli' ? 0 : newest(path.join(root, 'lib', e.name)))
        : e.name.endsWith('.ts') ? fs.statSync(path.join(root, 'lib', e.name)).mtimeMs : 0));
    if (!fs.existsSync(assembly) || fs.statSync(assembly).mtimeMs < Math.max(...api, fs.statSync(path.join(root, 'package.json')).mtimeMs)) {
      execFileSync(path.join(root, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=metadata/missing-dev-dependency'],
        { cwd: root, stdio: 'ignore', timeout: 110_000 });
    }
    // WHEN it is rendered as the api-docs script renders it
    const docs = await Documentation.forProject(root);
    const markdown = (await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: true })).render();
    // THEN it is what is committed
    const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
    expect(committed === markdown).toBe(true);
    // Rendering the whole assembly takes seconds, more on a busy 2-core machine: no time limit of
    // Jest's default 5 s on it (this asserts content, never speed).
  }, 120_000);
});
