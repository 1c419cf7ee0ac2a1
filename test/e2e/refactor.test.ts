import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { freshWorkspace, openFile, openWorkbench, screenshot, until, versions, Workbench } from './workbench';

const CART = [
  'export function total(prices) {',
  '  let sum = 0;',
  '  for (let i = 0; i < prices.length; i++) {',
  '    sum += prices[i];',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');
const REFACTORED = ['export function total(prices) {', '  return prices.reduce((sum, price) => sum + price, 0);', '}', ''].join('\n');

for (const version of versions()) {
  describe(`Refactor Selection in the VS Code ${version} workbench`, function () {
    this.timeout(180_000);
    let fake: FakeServer;
    let wb: Workbench;
    let folder: string;

    before(async () => {
      fake = await startFakeServer({
        turns: [
          {
            // Slow enough that the progress notification is on screen while the change streams in.
            delayMs: 40,
            items: [
              { type: 'reasoning', summary: ['**Replacing the loop**\n\nA reduce says the same in one line.'] },
              {
                type: 'apply_patch_call',
                callId: 'call_e2e_refactor',
                operation: {
                  type: 'update_file',
                  path: 'src/cart.js',
                  diff: '@@\n export function total(prices) {\n-  let sum = 0;\n-  for (let i = 0; i < prices.length; i++) {\n-    sum += prices[i];\n-  }\n-  return sum;\n+  return prices.reduce((sum, price) => sum + price, 0);\n }',
                },
              },
            ],
          },
          { items: [{ type: 'text', text: 'Replaced the loop with reduce.' }] },
        ],
      });
      folder = freshWorkspace({
        'src/cart.js': CART,
        '.vscode/settings.json': JSON.stringify({
          'workbench.startupEditor': 'none',
          'codewright.provider.kind': 'custom',
          'codewright.provider.baseUrl': fake.url,
          // The assertions below read the built-in apply_patch shapes, which a custom provider gets only when asked.
          'codewright.provider.dialect': 'builtin',
          'codewright.model': 'gpt-5.1-codex',
        }),
      });
      wb = await openWorkbench({ version, folder });
    });

    after(async () => {
      await wb?.close();
      await fake?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('asks for an instruction on Ctrl+Shift+Alt+R, shows cancellable progress, opens the change as a diff, and writes it on Accept', async () => {
      const page = wb.page;
      const cart = path.join(folder, 'src', 'cart.js');
      await openFile(page, cart);
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.waitFor({ timeout: 30_000 });
      await editor.locator('.view-lines').click();
      // Lines 2-6: the loop and the return.
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowDown');
      for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');

      await page.keyboard.press('Control+Shift+Alt+R');
      const quick = page.locator('.quick-input-widget input');
      await quick.waitFor({ timeout: 30_000 });
      await page
        .locator('.quick-input-widget .quick-input-title')
        .filter({ hasText: 'Codewright: Refactor src/cart.js:2-6' })
        .waitFor({ timeout: 30_000 });
      await quick.fill('use reduce instead of the loop');
      await page.keyboard.press('Enter');

      const tab = page.locator('.tabs-container .tab').filter({ hasText: 'cart.js (Codewright proposal)' });
      await tab.waitFor({ timeout: 60_000 });
      assert.equal(fs.readFileSync(cart, 'utf8'), CART, 'nothing is written while the change waits for review');
      await page.locator('.statusbar-item').filter({ hasText: 'gpt-5.1-codex: waiting for you' }).waitFor({ timeout: 30_000 });
      // The diff opens beside the file without taking focus; its title bar buttons show once its group is active.
      await tab.click();
      const accept = page.locator('.editor-actions .action-label[aria-label^="Accept Edit"]').first();
      await accept.waitFor({ timeout: 30_000 });
      // The headless workbench files notifications in the notification center instead of showing toasts: open it.
      await page.locator('[id="status.notifications"]').click();
      const progress = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'Codewright: Refactor Selection' });
      await progress.filter({ hasText: 'waiting for you to accept or reject the change to src/cart.js' }).waitFor({ timeout: 30_000 });
      assert.equal(await progress.getByRole('button', { name: 'Cancel' }).count(), 1, 'the progress can be cancelled');
      // Let the diff editor finish laying out before the picture is taken.
      await page.locator('.monaco-diff-editor .line-insert').first().waitFor({ timeout: 30_000 });
      const file = await screenshot(page, `refactor-diff-${version}.png`);
      assert.ok(fs.statSync(file).size > 10_000, 'a real screenshot was written');
      await page.locator('[id="status.notifications"]').click();

      await accept.click();
      await until(() => fs.readFileSync(cart, 'utf8') === REFACTORED, 'src/cart.js to be written', page);
      await tab.waitFor({ state: 'detached', timeout: 30_000 });

      const first = JSON.stringify(fake.requests.find((r) => r.path.endsWith('/responses'))?.body);
      assert.match(first, /Refactor lines 2-6 of src\/cart\.js: use reduce instead of the loop/);
      await until(
        () => fake.requests.filter((r) => r.path.endsWith('/responses')).length === 2,
        'the edit outcome to go back to the model',
        page,
      );
      const outputs = (fake.requests.at(-1)?.body as { input: { type?: string; call_id?: string; status?: string }[] }).input;
      assert.equal(outputs.find((i) => i.type === 'apply_patch_call_output' && i.call_id === 'call_e2e_refactor')?.status, 'completed');
    });

    it('offers the last instruction again, and Cancel on the progress withdraws the diff and writes nothing', async () => {
      const page = wb.page;
      const cart = path.join(folder, 'src', 'cart.js');
      fake.enqueue({
        items: [
          {
            type: 'apply_patch_call',
            callId: 'call_e2e_cancelled',
            operation: {
              type: 'update_file',
              path: 'src/cart.js',
              diff: '@@\n export function total(prices) {\n-  return prices.reduce((sum, price) => sum + price, 0);\n+  return prices.reduce((a, b) => a + b, 0);\n }',
            },
          },
        ],
      });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Control+Shift+Alt+R');
      const quick = page.locator('.quick-input-widget input');
      await quick.waitFor({ timeout: 30_000 });
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: 'use reduce instead of the loop' })
        .filter({ hasText: 'recent' })
        .waitFor({ timeout: 30_000 });
      await quick.fill('shorter parameter names');
      await page.keyboard.press('Enter');

      const tab = page.locator('.tabs-container .tab').filter({ hasText: 'cart.js (Codewright proposal)' });
      await tab.waitFor({ timeout: 60_000 });
      await page.locator('[id="status.notifications"]').click();
      const progress = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'Codewright: Refactor Selection' });
      await progress.getByRole('button', { name: 'Cancel' }).click();
      await tab.waitFor({ state: 'detached', timeout: 30_000 });
      await page
        .locator('.statusbar-item')
        .filter({ hasText: 'gpt-5.1-codex' })
        .filter({ hasNotText: 'waiting' })
        .waitFor({ timeout: 30_000 });
      assert.equal(fs.readFileSync(cart, 'utf8'), REFACTORED, 'nothing was written');
      assert.equal(fake.requests.filter((r) => r.path.endsWith('/responses')).length, 3, 'the cancelled task asks the model nothing more');
    });
  });
}
