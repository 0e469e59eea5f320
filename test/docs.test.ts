import * as fs from 'fs';
import * as path from 'path';

/** Every optional prop of an exported interface documents its default (`@default`), as the house style asks. */
describe('public API documentation', () => {
  const root = path.join(__dirname, '..', 'lib');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'private' && entry.name !== 'cli') {
        walk(full);
      } else if (entry.name.endsWith('.ts')) {
        files.push(full);
      }
    }
  };
  walk(root);

  test.each(files.map((f) => [path.relative(root, f), f]))('%s: optional props document @default', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const missing: string[] = [];
    // Optional readonly members of exported interfaces, with the doc comment right above them.
    const interfaceBlocks = text.matchAll(/export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g);
    for (const [, name, body] of interfaceBlocks) {
      const members = body.matchAll(/(\/\*\*[\s\S]*?\*\/)?\s*readonly (\w+)\?:/g);
      for (const [, doc, member] of members) {
        if (!doc || !/@default/.test(doc)) {
          missing.push(`${name}.${member}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
