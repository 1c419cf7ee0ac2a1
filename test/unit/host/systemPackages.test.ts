import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The set-up step of `npm test` and `npm start` on a machine where nothing is installed: the check runs against empty
// folders standing in for PATH, /usr/bin/chromium and /usr/include, and a recording apt-get stands in for Debian's.
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
type Module = typeof import('../../host/systemPackages.mjs');
// esbuild turns `import()` into `require()` for CommonJS output, which cannot load an ES module on Node 20.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Module>;

describe('host: the Debian packages the tests and the demo need', () => {
  let m: Module;
  let dir: string;
  let bin: string;
  let where: { path: string; chromium: string; includeDir: string };

  before(async () => {
    m = await importEsm(path.join(ROOT, 'test', 'host', 'systemPackages.mjs'));
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-packages-'));
    bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    where = { path: bin, chromium: path.join(dir, 'chromium'), includeDir: path.join(dir, 'include') };
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function executable(file: string, script = '#!/bin/sh\nexit 0\n'): void {
    fs.writeFileSync(file, script, { mode: 0o755 });
  }

  function installEverything(): void {
    for (const p of m.SYSTEM_PACKAGES) if (p.command) executable(path.join(bin, p.command));
    executable(where.chromium);
    fs.mkdirSync(path.join(where.includeDir, 'gssapi'), { recursive: true });
    fs.writeFileSync(path.join(where.includeDir, 'gssapi', 'gssapi.h'), '');
  }

  it('reports every package on a machine that has none of them', () => {
    assert.deepEqual(m.missingSystemPackages(where), [
      'chromium',
      'ripgrep',
      'libkrb5-dev',
      'g++',
      'make',
      'zsh',
      'git',
      'unzip',
      'bubblewrap',
      'fish',
    ]);
  });

  it('reports nothing once each is there, and a file that is not executable does not count', () => {
    installEverything();
    assert.deepEqual(m.missingSystemPackages(where), []);
    fs.chmodSync(path.join(bin, 'bwrap'), 0o644);
    fs.rmSync(where.chromium);
    assert.deepEqual(m.missingSystemPackages(where), ['chromium', 'bubblewrap']);
  });

  it('asks for the one apt-get line, zsh and bubblewrap included, when it may not install', () => {
    installEverything();
    fs.rmSync(where.chromium);
    assert.throws(
      () => m.ensureSystemPackages({ ...where, root: false }),
      (error: Error) => error.message.startsWith('Missing Debian packages: chromium.') && error.message.includes(m.APT_LINE),
    );
    assert.match(m.APT_LINE, /^sudo apt-get install -y .*\bzsh\b.*\bbubblewrap\b/);
  });

  it('installs what is missing with apt-get when root, then checks again', () => {
    installEverything();
    fs.rmSync(where.chromium);
    const calls = path.join(dir, 'apt-get.log');
    // The stand-in apt-get records its arguments and "installs" Chromium.
    const install = `printf '#!/bin/sh\\n' > '${where.chromium}' && chmod 755 '${where.chromium}'`;
    executable(
      path.join(bin, 'apt-get'),
      `#!/bin/sh\nPATH=/usr/bin:/bin\necho "$*" >> '${calls}'\n[ "$1" = install ] && ${install}\nexit 0\n`,
    );
    const lines: string[] = [];
    assert.deepEqual(m.ensureSystemPackages({ ...where, root: true, log: (l) => lines.push(l) }), ['chromium']);
    assert.deepEqual(fs.readFileSync(calls, 'utf8').trim().split('\n'), ['update -q', 'install -y -q chromium']);
    assert.match(lines[0]!, /installing Debian packages: chromium \(needed by the webview and e2e tests/);
    assert.deepEqual(m.missingSystemPackages(where), []);
  });

  it('fails with the names when apt-get finished but a package is still missing', () => {
    installEverything();
    fs.rmSync(path.join(bin, 'fish'));
    executable(path.join(bin, 'apt-get'));
    assert.throws(
      () => m.ensureSystemPackages({ ...where, root: true, log: () => undefined }),
      /apt-get finished, but these are still missing: fish/,
    );
  });

  it('fails with the reason when apt-get itself fails', () => {
    fs.rmSync(bin, { recursive: true });
    fs.mkdirSync(bin);
    executable(path.join(bin, 'apt-get'), '#!/bin/sh\necho "E: Unable to locate package chromium" >&2\nexit 100\n');
    assert.throws(() => m.ensureSystemPackages({ ...where, root: true, log: () => undefined }), /apt-get update -q/);
  });

  it('is the line the README gives', () => {
    assert.ok(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(m.APT_LINE), `README.md gives: ${m.APT_LINE}`);
  });
});
