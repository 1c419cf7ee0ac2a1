import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { executeCommand, freshWorkspace, openWorkbench, pick, screenshot, versions, Workbench } from './workbench';

for (const version of versions()) {
  describe(`first run in the VS Code ${version} workbench`, function () {
    this.timeout(180_000);
    let fake: FakeServer;
    let wb: Workbench;
    let folder: string;

    before(async () => {
      fake = await startFakeServer({ apiKey: 'sk-right-key' });
      folder = freshWorkspace({
        '.vscode/settings.json': JSON.stringify({
          'workbench.startupEditor': 'none',
          'codewright.provider.kind': 'openai',
          'codewright.provider.baseUrl': fake.url,
          'codewright.model': 'gpt-5.1-codex',
        }),
      });
      // No key from the environment either: this is a first run.
      wb = await openWorkbench({ version, folder, env: { OPENAI_API_KEY: '' } });
    });

    after(async () => {
      await wb?.close();
      await fake?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('walks through setting a key: a refused key is not saved and says why, a good one is, and the status bar follows', async () => {
      const page = wb.page;
      // The walkthrough list is read when the picker opens: reopen it until the extension's walkthrough is in it.
      await pick(page, '', 'Get Started with Codewright', () => executeCommand(page, 'Welcome: Open Walkthrough...'));
      const steps = page.locator('.getting-started-step');
      await steps.filter({ hasText: 'Set your API key' }).first().waitFor({ timeout: 30_000 });
      for (const title of ['Check the connection', 'Pick a model', 'Try a refactor', 'Explain, fix and review']) {
        assert.equal(await steps.filter({ hasText: title }).count(), 1, title);
      }
      // The status bar asks for a key once the extension runs (the walkthrough's first command activates it).
      await executeCommand(page, 'Codewright: Set API Key');
      const box = page.locator('.quick-input-widget');
      await box.locator('.quick-input-title').filter({ hasText: 'Codewright: Set API Key' }).waitFor({ timeout: 10_000 });
      await page.locator('.statusbar-item').filter({ hasText: 'Codewright: set API key' }).waitFor({ timeout: 30_000 });

      const input = box.locator('input');
      await input.fill('sk-wrong-key');
      await page.keyboard.press('Enter');
      await box
        .filter({
          hasText:
            'OpenAI rejected the API key (HTTP 401). Check the key, then paste a valid key. Press Enter again to save this key anyway.',
        })
        .waitFor({ timeout: 30_000 });
      await screenshot(page, `first-run-key-refused-${version}.png`);

      await input.fill('sk-right-key');
      await page.keyboard.press('Enter');
      await box.waitFor({ state: 'hidden', timeout: 30_000 });
      await page.locator('.statusbar-item').filter({ hasText: 'gpt-5.1-codex' }).waitFor({ timeout: 30_000 });
      const checks = fake.requests.filter((r) => r.path.endsWith('/models')).map((r) => r.headers['authorization']);
      assert.deepEqual(checks, ['Bearer sk-wrong-key', 'Bearer sk-right-key'], 'each key was checked with one GET /models');
      // VS Code ticks the walkthrough's first step when Set API Key runs (its completion event); when the tick is drawn
      // depends on the walkthrough page's own refresh, so the screenshot records it rather than the test waiting on it.
      await screenshot(page, `first-run-walkthrough-${version}.png`);
    });

    it('Check Connection reports the provider, the model, the latency and the tool dialect it proved with a test call', async () => {
      const page = wb.page;
      await executeCommand(page, 'Codewright: Check Connection');
      await page.locator('[id="status.notifications"]').click();
      const report = page
        .locator('.notifications-center .notification-list-item')
        .filter({ hasText: `Codewright: OpenAI (${fake.url}) answered in` });
      await report
        .filter({ hasText: 'model gpt-5.1-codex is available; tools: built-in tools (Responses API), checked with a test call.' })
        .waitFor({ timeout: 30_000 });
      await page.locator('[id="status.notifications"]').click();
    });
  });
}
