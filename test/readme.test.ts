import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

describe('README and docs code samples', () => {
  test('the committed, type-checked copies in test/readme-samples match the pages', async () => {
    // `npm run build` type-checks the committed copies; nothing regenerates them before this
    // test, so a sample edited without `npm run readme-samples` fails here.
    const { sampleFiles } = await import(path.join(root, 'scripts', 'readme-samples.js'));
    const expected = sampleFiles();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const dir = path.join(root, 'test', 'readme-samples');
    const onDisk = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    expect(onDisk).toEqual(expected.map((f: any) => f.name).sort());
    for (const file of expected) {
      const committed = fs.readFileSync(path.join(dir, file.name), 'utf8');
      expect({ file: file.name, matchesPage: committed === file.content, fix: 'npm run readme-samples' })
        .toEqual({ file: file.name, matchesPage: true, fix: 'npm run readme-samples' });
    }
  });

  test('every README sample is a complete program a user can paste (check:package synthesizes each)', async () => {
    const { sampleFiles } = await import(path.join(root, 'scripts', 'readme-samples.js'));
    const readme = sampleFiles().filter((f: any) => f.page === 'README.md');
    expect(readme.length).toBeGreaterThanOrEqual(1);
    for (const { name, code, events } of readme) {
      // No `declare` (a fragment), an App of its own (it runs as pasted), and an event by name
      // (check:package runs the README's `event-readiness plan --event NAME` on each it names).
      expect({ name, fragment: /^declare /m.test(code), app: /new App\(/.test(code), event: events.length > 0 })
        .toEqual({ name, fragment: false, app: true, event: true });
    }
    const check = fs.readFileSync(path.join(root, 'scripts', 'check-package.mjs'), 'utf8');
    expect(check).toContain("sampleFiles().filter((f) => f.page === 'README.md')");
  });

  test('near the top, the two commands that set up and prove a fresh clone, which CI runs', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const heading = '## Try the examples from a clone';
    const start = readme.indexOf(heading);
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(0, start).split('\n').length).toBeLessThan(80);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    expect(commands).toEqual(['npm ci && npx cdk synth', 'npm ci && npm test']);
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm ci\n');
    expect(ci).toContain('npm test\n');
    // A missing snapshot fails instead of being written.
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.test).toBe('jest --ci');
    expect(ci).toContain('npx cdk synth');
  });

  test('the README opens with the library, at most about 35 KB; the depth is in docs/', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(35 * 1024);
    // The first code a reader meets is the install, then the sample.
    expect(readme.indexOf('npm install cdk-event-readiness')).toBeLessThan(readme.indexOf('```ts'));
    expect(readme.slice(0, readme.indexOf('```ts')).split('\n').length).toBeLessThan(30);
  });

  test('every rule in "How the library\'s promises are tested" names test files that exist', () => {
    const page = fs.readFileSync(path.join(root, 'docs', 'proof.md'), 'utf8');
    const section = page.slice(page.indexOf('## How the library\'s promises are tested'));
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

  test('links between the docs pages name files and headings that exist', () => {
    const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));
    const anchors = (file: string) => [...fs.readFileSync(path.join(root, 'docs', file), 'utf8').matchAll(/^#+ (.+)$/gm)]
      .map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
    for (const page of docs) {
      const text = fs.readFileSync(path.join(root, 'docs', page), 'utf8');
      for (const [, target, anchor] of text.matchAll(/\]\(([a-z-]+\.md)(?:#([a-z0-9-]+))?\)/g)) {
        expect({ page, target, exists: docs.includes(target) }).toEqual({ page, target, exists: true });
        if (anchor) {
          expect({ page, target, anchor, found: anchors(target).includes(anchor) }).toEqual({ page, target, anchor, found: true });
        }
      }
    }
  });
});

describe('README install, versions and links (checked against package.json)', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const section = (heading: string) => {
    const start = readme.indexOf(`\n## ${heading}\n`);
    expect({ heading, found: start >= 0 }).toEqual({ heading, found: true });
    return readme.slice(start, readme.indexOf('\n## ', start + 1));
  };
  const rows = (text: string) => Object.fromEntries([...text.matchAll(/^\| (?!---)([^|]+?) \| (.+?) \|$/gm)]
    .map(([, first, rest]) => [first, rest.split(' | ')]));

  test('"Install" names, per language, the packages package.json\'s jsii targets publish, and says which are published', () => {
    const install = Object.fromEntries(Object.entries(rows(section('Install'))).map(([k, v]) => [k, v.slice(0, -1)]));
    const published = Object.fromEntries(Object.entries(rows(section('Install'))).map(([k, v]) => [k, v[v.length - 1]]));
    expect(published).toEqual({ 'language': 'published', 'TypeScript / JavaScript': 'npm', 'Python': 'not yet', 'Java': 'not yet', '.NET': 'not yet', 'Go': 'not yet' });
    const t = pkg.jsii.targets;
    const goPackage = pkg.name.replace(/[^a-z0-9]/g, '');
    expect(install['TypeScript / JavaScript']).toEqual([`\`${pkg.name}\` (npm)`, `\`npm install ${pkg.name}\``]);
    expect(install.Python).toEqual([`\`${t.python.distName}\` (PyPI), module \`${t.python.module}\``, `\`pip install ${t.python.distName}\``]);
    expect(install.Java[0]).toBe(`\`${t.java.maven.groupId}:${t.java.maven.artifactId}\` (Maven Central), package \`${t.java.package}\``);
    expect(install['.NET']).toEqual([`\`${t.dotnet.packageId}\` (NuGet), namespace \`${t.dotnet.namespace}\``,
      `\`dotnet add package ${t.dotnet.packageId}\``]);
    expect(install.Go).toEqual([`\`${t.go.moduleName}/${goPackage}\``, `\`go get ${t.go.moduleName}/${goPackage}\``]);
    // Every target has its row, and no row names a language the build does not target.
    expect(Object.keys(install).filter((k) => k !== 'language').sort()).toEqual(['.NET', 'Go', 'Java', 'Python', 'TypeScript / JavaScript']);
    expect(Object.keys(t).sort()).toEqual(['dotnet', 'go', 'java', 'python']);
  });

  test('"Supported versions" states the peer ranges and the Node.js floor package.json declares', () => {
    const versions = rows(section('Supported versions'));
    for (const peer of ['aws-cdk-lib', 'constructs']) {
      const range = pkg.peerDependencies[peer];
      const floor = /\d+\.\d+\.\d+/.exec(range)![0];
      const [supported, tested] = versions[`\`${peer}\` (peer)`];
      expect(supported.startsWith(`\`${range}\``)).toBe(true);
      expect(tested).toContain(`the floor, ${floor}`);
    }
    expect(pkg.engines.node).toBe('>= 20.0.0');
    expect(versions['Node.js'][0].startsWith('20 or later (`engines`)')).toBe(true);
  });

  test('links work on npm and Construct Hub: absolute, and those into this repository name files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(8);
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const raw = repo.replace('https://github.com/', 'https://raw.githubusercontent.com/');
    for (const link of links) {
      expect({ link, absolute: /^https:\/\//.test(link) || link.startsWith('#') }).toEqual({ link, absolute: true });
      const file = link.startsWith(`${repo}/blob/main/`) ? link.slice(`${repo}/blob/main/`.length)
        : link.startsWith(`${raw}/main/`) ? link.slice(`${raw}/main/`.length) : undefined;
      if (file !== undefined) {
        // A link to a section names a heading of the file, as GitHub makes its anchor (lower case, punctuation dropped, spaces to '-').
        const [name, anchor] = file.split('#');
        expect({ link, exists: fs.existsSync(path.join(root, name)) }).toEqual({ link, exists: true });
        if (anchor !== undefined) {
          const anchors = [...fs.readFileSync(path.join(root, name), 'utf8').matchAll(/^#+ (.+)$/gm)]
            .map((m) => m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
          expect({ link, anchored: anchors.includes(anchor) }).toEqual({ link, anchored: true });
        }
      }
    }
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
  });
});

describe('package.json, as npm installs it and Construct Hub lists it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  test('aws-cdk-lib and constructs are peers, and nothing else is installed with the library (the CLI is bundled)', () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect({ dependencies: pkg.dependencies ?? {}, bundled: pkg.bundledDependencies ?? pkg.bundleDependencies ?? [] })
      .toEqual({ dependencies: {}, bundled: [] });
  });

  test('the tests run on the lowest versions the peer ranges allow: aws-cdk-lib and constructs are pinned to the floors', () => {
    // What users on the floor get is what `npm test` runs, and what the Go module requires (jsii-pacmak
    // pins the installed versions). The lockfile installs exactly these (npm ci fails on a mismatch).
    for (const peer of ['aws-cdk-lib', 'constructs']) {
      expect({ peer, development: pkg.devDependencies[peer] }).toEqual({ peer, development: /^\^(\d+\.\d+\.\d+)$/.exec(pkg.peerDependencies[peer])?.[1] });
    }
  });

  test('check:package compiles the README samples with the TypeScript cdk init picks: typescript-7 is in its range', () => {
    // The template `cdk init app --language typescript` writes (the aws-cdk CLI the lockfile pins).
    const init = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'aws-cdk', 'lib', 'init-templates', 'app', 'typescript', 'package.json'), 'utf8'));
    const ours = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'typescript-7', 'package.json'), 'utf8')).version;
    // A tilde range: the same major.minor, at or above its patch.
    const [, minor, patch] = /^~(\d+\.\d+)\.(\d+)$/.exec(init.devDependencies.typescript) ?? [];
    expect({ cdkInit: init.devDependencies.typescript, ours, inRange: ours.startsWith(`${minor}.`) && Number(ours.split('.')[2]) >= Number(patch) })
      .toEqual({ cdkInit: init.devDependencies.typescript, ours, inRange: true });
  });

  test('no script npm would run in a user\'s install (it would run code the tarball does not ship)', () => {
    expect(['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => pkg.scripts?.[s])).toEqual([]);
  });

  test('the fields npm and Construct Hub show, and the keyword Construct Hub lists packages by', () => {
    expect(['repository', 'homepage', 'bugs', 'author', 'stability', 'publishConfig', 'jsii'].filter((f) => !pkg[f])).toEqual([]);
    expect(pkg.keywords).toContain('awscdk');
  });
});

describe('the release workflow (committed, run by a maintainer, never by CI)', () => {
  const workflow = fs.readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  test('publishes with the publib the lockfile pins, to npm and every jsii target\'s registry', () => {
    expect(workflow).toContain(`PUBLIB: publib@${pkg.devDependencies.publib}`);
    const publishers = [...workflow.matchAll(/publib-(\w+) dist-lang\/(\w+)/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(publishers).toEqual(['golang go', 'maven java', 'npm js', 'nuget dotnet', 'pypi python']);
    expect(Object.keys(pkg.jsii.targets).sort()).toEqual(['dotnet', 'go', 'java', 'python']);
    expect(pkg.jsii.outdir).toBe('dist-lang');
    expect(workflow).toMatch(/on:\n {2}workflow_dispatch:\n/);
  });
});
