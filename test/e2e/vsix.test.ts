import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chatFrame, freshWorkspace, openCodewright, openWorkbench, ROOT, versions, Workbench } from './workbench';

describe('the packaged .vsix', function () {
  this.timeout(300_000);
  let vsix: string;
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-vsix-'));
    vsix = path.join(dir, 'codewright.vsix');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stays under 1.5 MB and holds only what runs', () => {
    assert.ok(fs.statSync(vsix).size < 1.5 * 1024 * 1024);
    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    assert.equal(listing.status, 0, listing.stderr);
    const files = listing.stdout.split('\n').filter(Boolean);
    const payload = files.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    for (const f of payload) {
      assert.match(
        f,
        /^(package\.json|readme\.md|LICENSE\.txt|changelog\.md|dist\/(extension|features|agent)\.js|media\/.+|docs\/images\/.+)$/,
        `unexpected file in the .vsix: ${f}`,
      );
    }
    // vsce stores README.md as readme.md, CHANGELOG.md as changelog.md and LICENSE as LICENSE.txt.
    for (const needed of [
      'package.json',
      'readme.md',
      'LICENSE.txt',
      'dist/extension.js',
      'dist/features.js',
      'dist/agent.js',
      'media/webview.js',
      'media/chat.css',
    ]) {
      assert.ok(payload.includes(needed), `${needed} is packaged`);
    }
    assert.ok(!payload.some((f) => f.endsWith('.map')), 'no source maps');
  });

  for (const version of versions()) {
    describe(`installed into VS Code ${version} with --install-extension`, () => {
      let wb: Workbench;
      let folder: string;
      before(async () => {
        folder = freshWorkspace();
        wb = await openWorkbench({ version, folder, development: false, installExtensions: [vsix] });
      });
      after(async () => {
        await wb?.close();
        fs.rmSync(folder, { recursive: true, force: true });
      });

      it('activates and shows the chat', async () => {
        await openCodewright(wb.page);
        const frame = await chatFrame(wb.page);
        await frame.locator('.cw-header .cw-model').filter({ hasText: 'gpt-5.1-codex' }).waitFor({ timeout: 30_000 });
        const installed = fs.readdirSync(path.join(wb.server.dataDir, 'extensions'));
        assert.ok(
          installed.some((d) => d.startsWith('codewright.codewright-')),
          `installed: ${installed.join(', ')}`,
        );
      });
    });
  }
});
