import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chatFrame, freshWorkspace, openCodewright, openWorkbench, screenshot, versions, Workbench } from './workbench';

for (const version of versions()) {
  describe(`the Codewright view in the VS Code ${version} workbench`, function () {
    this.timeout(180_000);
    let wb: Workbench;
    let folder: string;

    before(async () => {
      folder = freshWorkspace();
      wb = await openWorkbench({ version, folder });
    });

    after(async () => {
      await wb?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('opens from the activity bar and renders the chat webview', async () => {
      await openCodewright(wb.page);
      const frame = await chatFrame(wb.page);
      await frame.locator('.cw-header .cw-model').filter({ hasText: 'gpt-5.1-codex' }).waitFor({ timeout: 30_000 });
      assert.equal(await frame.locator('.cw-provider').textContent(), 'OpenAI');
      const file = await screenshot(wb.page, `chat-view-${version}.png`);
      assert.ok(fs.statSync(file).size > 10_000, 'a real screenshot was written');
    });

    it('serves the webview with the strict Content Security Policy', async () => {
      const frame = await chatFrame(wb.page);
      const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.ok(csp);
      assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{16,}';/);
      assert.doesNotMatch(csp, /unsafe-/);
    });
  });
}
