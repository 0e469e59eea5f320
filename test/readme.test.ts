import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

describe('README code samples', () => {
  test('the committed, type-checked copies in test/readme-samples match the README', async () => {
    // `npm run build` type-checks the committed copies; nothing regenerates them before this
    // test, so a README sample edited without `npm run readme-samples` fails here.
    const { sampleFiles } = await import(path.join(root, 'scripts', 'readme-samples.js'));
    const expected = sampleFiles(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const dir = path.join(root, 'test', 'readme-samples');
    const onDisk = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    expect(onDisk).toEqual(expected.map((f: any) => f.name));
    for (const file of expected) {
      const committed = fs.readFileSync(path.join(dir, file.name), 'utf8');
      expect({ file: file.name, matchesReadme: committed === file.content, fix: 'npm run readme-samples' })
        .toEqual({ file: file.name, matchesReadme: true, fix: 'npm run readme-samples' });
    }
  });

  test('the Quick start has exactly the two commands CI runs', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
    const commands = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    expect(commands).toEqual(['npm ci && npx cdk synth', 'npm ci && npm test']);
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm ci\n');
    expect(ci).toContain('npm test\n');
    // A missing snapshot fails instead of being written.
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.test).toBe('jest --ci');
    expect(ci).toContain('npx cdk synth');
  });

  test('every rule in "How the library\'s promises are tested" names test files that exist', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## How the library\'s promises are tested'), readme.indexOf('## Limits and honest caveats'));
    const rows = [...section.matchAll(/^\| (?!rule |---)(.+?) \| (.+?) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(13);
    for (const [, rule, tests] of rows) {
      const files = [...tests.matchAll(/`(test\/[^`]+\.test\.ts)`/g)].map((m) => m[1]);
      expect({ rule, files: files.length > 0 }).toEqual({ rule, files: true });
      for (const file of files) {
        expect({ rule, file, exists: fs.existsSync(path.join(root, file)) }).toEqual({ rule, file, exists: true });
      }
    }
  });
});
