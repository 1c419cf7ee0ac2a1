// The chat as a person uses it: type a prompt into the composer in the real workbench and watch the answer stream in
// from the offline demo model (the fake Responses server), then take the README's screenshot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { demoResponder } from '../fake-openai/demo/responder';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { chatFrame, freshWorkspace, openCodewright, openWorkbench, screenshot, versions, Workbench } from './workbench';

for (const version of versions()) {
  describe(`chatting in the VS Code ${version} workbench`, function () {
    this.timeout(180_000);
    let server: FakeServer;
    let wb: Workbench;
    let folder: string;

    before(async () => {
      server = await startFakeServer({ responder: demoResponder });
      folder = freshWorkspace({
        '.vscode/settings.json': JSON.stringify({
          'workbench.startupEditor': 'none',
          'codewright.provider.kind': 'custom',
          'codewright.provider.baseUrl': server.url,
          'codewright.provider.name': 'Offline demo model',
        }),
      });
      wb = await openWorkbench({ version, folder });
    });

    after(async () => {
      await wb?.close();
      await server?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('streams the answer to a typed prompt, with the reasoning above it', async () => {
      await openCodewright(wb.page);
      const frame = await chatFrame(wb.page);
      await frame.locator('.cw-provider').filter({ hasText: 'Offline demo model' }).waitFor({ timeout: 30_000 });
      const input = frame.locator('textarea.cw-textarea');
      await input.click();
      await input.fill('What can you do in this workspace?');
      await input.press('Enter');

      await frame.getByText('This is the offline demo model.').waitFor({ timeout: 30_000 });
      // The reasoning summary streamed into its block, which reads "Thought" once it is complete.
      await frame.locator('details .cw-thinking-title').filter({ hasText: 'Thought' }).first().waitFor({ timeout: 30_000 });
      // The turn ends: the composer offers Send again instead of Stop.
      await frame.locator('button.cw-send').waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await input.inputValue(), '', 'the composer was cleared');

      const request = server.requests.find((r) => r.path.endsWith('/responses'));
      assert.ok(request, 'the prompt reached the Responses API');
      assert.match(JSON.stringify((request.body as { input: unknown }).input), /What can you do in this workspace\?/);

      await screenshot(wb.page, `chat-stream-${version}.png`);
    });
  });
}
