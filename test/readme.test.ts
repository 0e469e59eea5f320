import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

describe('README code samples', () => {
  test('the type-checked copies in test/readme-samples match the README', async () => {
    // The extraction script is the one `npm run build` runs before type-checking.
    const { sampleFiles } = await import(path.join(root, 'scripts', 'readme-samples.js'));
    const expected = sampleFiles(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const dir = path.join(root, 'test', 'readme-samples');
    const onDisk = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    expect(onDisk).toEqual(expected.map((f: any) => f.name));
    for (const file of expected) {
      expect(fs.readFileSync(path.join(dir, file.name), 'utf8')).toBe(file.content);
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
    expect(ci).toContain('npx cdk synth');
  });
});
