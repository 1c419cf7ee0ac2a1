// What makes the chat feel finished, as a person uses it in the real workbench: suggested prompts that fit the open
// workspace, Retry and Edit-and-resend on a message (the model's history goes back to before it), and the approval
// toggles in the chat header writing the settings. Screenshots of each go to test-results/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { demoResponder } from '../fake-openai/demo/responder';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { chatFrame, freshWorkspace, openCodewright, openWorkbench, screenshot, until, versions, Workbench } from './workbench';

for (const version of versions()) {
  describe(`the chat's prompts, message actions and approval toggles in the VS Code ${version} workbench`, function () {
    this.timeout(240_000);
    let server: FakeServer;
    let wb: Workbench;
    let folder: string;
    let frame: Frame;

    before(async () => {
      server = await startFakeServer({ responder: demoResponder });
      folder = freshWorkspace({
        '.vscode/settings.json': JSON.stringify({
          'workbench.startupEditor': 'none',
          'codewright.provider.kind': 'custom',
          'codewright.provider.baseUrl': server.url,
          'codewright.provider.name': 'Offline demo model',
          'codewright.approval.commands': 'ask',
        }),
        'package.json': JSON.stringify({ name: 'parser', scripts: { test: 'node --test' } }),
        'src/parser.ts': 'export function tokens(text: string): string[] {\n  return text.split(/\\s+/);\n}\n',
        'test/parser.test.ts': "import { tokens } from '../src/parser';\n",
      });
      wb = await openWorkbench({ version, folder });
      await openCodewright(wb.page);
      frame = await chatFrame(wb.page);
      await frame.locator('.cw-provider').filter({ hasText: 'Offline demo model' }).waitFor({ timeout: 30_000 });
    });

    after(async () => {
      await wb?.close();
      await server?.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    const responses = () => server.requests.filter((r) => r.path.endsWith('/responses'));
    const lastInput = () => JSON.stringify((responses().at(-1)!.body as { input: unknown }).input);
    const idle = () => frame.locator('button.cw-send').waitFor({ state: 'visible', timeout: 60_000 });

    it('suggests prompts that fit the workspace, and sends one when clicked', async () => {
      const prompts = frame.getByRole('group', { name: 'Suggested prompts' }).getByRole('button');
      await prompts.first().waitFor({ timeout: 30_000 });
      const texts = await prompts.allTextContents();
      assert.deepEqual(texts.slice(0, 3), [
        'Explain how this TypeScript project is organised',
        'Find likely bugs in src/parser.ts',
        'Run the tests and fix any that fail',
      ]);
      await screenshot(wb.page, `suggested-prompts-${version}.png`);
      await prompts.first().click();
      await frame.locator('.cw-entry-user .cw-user-text').filter({ hasText: 'Explain how this TypeScript project is organised' }).waitFor();
      await idle();
      assert.match(lastInput(), /Explain how this TypeScript project is organised/);
    });

    it('retries a message and resends an edited one, the model seeing only the new turn', async () => {
      const before = responses().length;
      const user = frame.locator('.cw-entry-user').last();
      await user.hover();
      await user.getByRole('button', { name: 'Retry: send this message again' }).click();
      await until(() => responses().length > before, 'the retried message reached the model', wb.page);
      await idle();
      assert.equal(await frame.locator('.cw-entry-user').count(), 1, 'the chat went back to before the message');
      assert.equal(lastInput().match(/Explain how this TypeScript project is organised/g)?.length, 1, 'the model sees the message once');

      const retried = responses().length;
      await frame.locator('.cw-entry-user').last().hover();
      await frame.locator('.cw-entry-user').last().getByRole('button', { name: 'Edit and resend' }).click();
      const input = frame.getByRole('textbox', { name: /Edit your message/ });
      await input.fill('What can you do in this workspace?');
      await screenshot(wb.page, `message-edit-${version}.png`);
      await input.press('Enter');
      await until(() => responses().length > retried, 'the edited message reached the model', wb.page);
      await idle();
      assert.deepEqual(await frame.locator('.cw-entry-user .cw-user-text').allTextContents(), ['What can you do in this workspace?']);
      assert.match(lastInput(), /What can you do in this workspace\?/);
      assert.doesNotMatch(
        lastInput(),
        /Explain how this TypeScript project is organised/,
        'the edited-away message is gone from the history',
      );
    });

    it('switches the command approval mode from the chat header, writing the setting', async () => {
      const commands = frame.getByRole('combobox', { name: 'Commands approval' });
      assert.equal(await commands.inputValue(), 'ask');
      await commands.selectOption('never');
      const settings = path.join(folder, '.vscode', 'settings.json');
      await until(
        () => /"codewright\.approval\.commands":\s*"never"/.test(fs.readFileSync(settings, 'utf8')),
        'the setting was written',
        wb.page,
      );
      await screenshot(wb.page, `approval-toggles-${version}.png`);
      await commands.selectOption('ask');
      await until(
        () => /"codewright\.approval\.commands":\s*"ask"/.test(fs.readFileSync(settings, 'utf8')),
        'the setting was written back',
        wb.page,
      );
      assert.equal(await frame.getByRole('combobox', { name: 'Edits approval' }).inputValue(), 'ask');
    });
  });
}
