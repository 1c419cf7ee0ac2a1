import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { chatFrame, freshWorkspace, openCodewright, openWorkbench, screenshot, until, versions, Workbench } from './workbench';

const NOTES = '# Notes\ndraft\n';

for (const version of versions()) {
  describe(`reviewing a proposed edit in the VS Code ${version} workbench`, function () {
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
                callId: 'call_e2e_notes',
                operation: { type: 'update_file', path: 'notes.md', diff: '@@\n # Notes\n-draft\n+final' },
              },
            ],
          },
          { items: [{ type: 'text', text: 'The notes are final now.' }] },
        ],
      });
      folder = freshWorkspace({
        'notes.md': NOTES,
        '.vscode/settings.json': JSON.stringify({
          'codewright.provider.kind': 'custom',
          'codewright.provider.baseUrl': fake.url,
          // The answer is read below in the built-in apply_patch shape, which a custom provider gets only when asked.
          'codewright.provider.dialect': 'builtin',
        }),
      });
      wb = await openWorkbench({ version, folder });
    });

    after(async () => {
      await wb?.close();
      await fake?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('opens the proposal as a diff, writes nothing until Accept is clicked in its title bar, then writes it', async () => {
      const notes = path.join(folder, 'notes.md');
      await openCodewright(wb.page);
      const frame = await chatFrame(wb.page);
      // The host has answered the view's 'ready' once the header names the provider: only then does Enter reach it.
      await frame.locator('.cw-provider').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
      const input = frame.locator('textarea.cw-input');
      await input.waitFor({ timeout: 30_000 });
      await input.fill('Make the notes final');
      await input.press('Enter');
      await until(() => fake.requests.some((r) => r.path.endsWith('/responses')), 'the prompt to reach the model', wb.page);

      const tab = wb.page.locator('.tabs-container .tab').filter({ hasText: 'notes.md (Codewright proposal)' });
      await tab.waitFor({ timeout: 60_000 });
      assert.equal(fs.readFileSync(notes, 'utf8'), NOTES, 'nothing is written while the edit waits for review');
      const accept = wb.page.locator('.editor-actions .action-label[aria-label^="Accept Edit"]').first();
      await accept.waitFor({ timeout: 30_000 });
      assert.equal(
        (await wb.page.locator('.editor-actions .action-label[aria-label^="Reject Edit"]').count()) > 0,
        true,
        'Reject sits next to Accept',
      );
      await screenshot(wb.page, `review-diff-${version}.png`);

      await accept.click();
      await until(() => fs.readFileSync(notes, 'utf8') === '# Notes\nfinal\n', 'notes.md to be written', wb.page);
      await tab.waitFor({ state: 'detached', timeout: 30_000 });
      await frame.getByText('The notes are final now.').waitFor({ timeout: 30_000 });
      const outputs = fake.requests.flatMap((r) => {
        const input = (r.body as { input?: unknown } | undefined)?.input;
        return Array.isArray(input) ? input : [];
      }) as { type?: string; call_id?: string; status?: string }[];
      const answer = outputs.find((i) => i.type === 'apply_patch_call_output' && i.call_id === 'call_e2e_notes');
      assert.equal(answer?.status, 'completed', 'the model is told the edit was applied');
    });
  });
}
