// The command settings as VS Code reads them, and the modal that asks when the chat view is not there to.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CommandRequest } from '../../src/core/host';
import { DEFAULT_DENY } from '../../src/core/shell/policy';
import { approveCommandsInModal, commandPolicy, commandTimeoutMs } from '../../src/extension/terminal/commandApproval';
import { manifest } from './support';

type ShowWarning = (message: string, options: vscode.MessageOptions, ...items: string[]) => Thenable<string | undefined>;

const config = () => vscode.workspace.getConfiguration('codewright');
const request = (commands: string[], why?: string): CommandRequest => ({ callId: 'call_a', commands, cwd: '/ws', ...(why ? { why } : {}) });

describe('command approval settings', () => {
  afterEach(async () => {
    const keys = ['approval.commands', 'commands.allow', 'commands.deny', 'commands.timeoutSeconds'];
    for (const key of [...keys, 'approval.readOnlyCommands', 'sandbox', 'sandbox.network']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('contributes typed, described settings with the documented defaults', () => {
    const props = manifest().contributes.configuration.properties;
    assert.equal(props['codewright.approval.commands']?.type, 'string');
    assert.equal(props['codewright.commands.allow']?.type, 'array');
    assert.equal(props['codewright.commands.deny']?.type, 'array');
    assert.equal(props['codewright.commands.timeoutSeconds']?.type, 'number');
    assert.equal(config().inspect('approval.commands')?.defaultValue, 'ask');
    assert.deepEqual(config().inspect('commands.allow')?.defaultValue, []);
    assert.deepEqual(config().inspect('commands.deny')?.defaultValue, DEFAULT_DENY, 'the manifest default is the policy default');
    assert.equal(config().inspect('commands.timeoutSeconds')?.defaultValue, 120);
    assert.equal(props['codewright.approval.readOnlyCommands']?.type, 'boolean');
    assert.equal(config().inspect('approval.readOnlyCommands')?.defaultValue, true);
    assert.equal(props['codewright.sandbox']?.type, 'string');
    assert.equal(config().inspect('sandbox')?.defaultValue, 'auto');
    // VS Code's settings tree cannot hold a default under codewright.sandbox.network while codewright.sandbox is a string, so
    // the manifest is where its declaration is checked.
    assert.equal(props['codewright.sandbox.network']?.type, 'boolean');
    assert.equal(props['codewright.sandbox.network']?.default, false);
  });

  it('reads the policy and the timeout from the settings', async () => {
    assert.deepEqual(commandPolicy(), { mode: 'ask', allow: [], deny: DEFAULT_DENY, readOnlyCommands: true });
    assert.equal(commandTimeoutMs(), 120_000);
    await config().update('approval.readOnlyCommands', false, vscode.ConfigurationTarget.Workspace);
    await config().update('approval.commands', 'allowlist', vscode.ConfigurationTarget.Workspace);
    await config().update('commands.allow', ['npm test'], vscode.ConfigurationTarget.Workspace);
    await config().update('commands.deny', ['npm publish'], vscode.ConfigurationTarget.Workspace);
    await config().update('commands.timeoutSeconds', 30, vscode.ConfigurationTarget.Workspace);
    assert.deepEqual(commandPolicy(), { mode: 'allowlist', allow: ['npm test'], deny: ['npm publish'], readOnlyCommands: false });
    assert.equal(commandTimeoutMs(), 30_000);
  });

  it('falls back to the safe defaults for invalid values', async () => {
    await config().update('approval.commands', 'yolo', vscode.ConfigurationTarget.Workspace);
    await config().update('commands.deny', 'rm', vscode.ConfigurationTarget.Workspace);
    await config().update('commands.timeoutSeconds', -5, vscode.ConfigurationTarget.Workspace);
    await config().update('approval.readOnlyCommands', 'yes', vscode.ConfigurationTarget.Workspace);
    assert.deepEqual(commandPolicy(), { mode: 'ask', allow: [], deny: DEFAULT_DENY, readOnlyCommands: true });
    assert.equal(commandTimeoutMs(), 120_000);
  });
});

describe('command approval modal', () => {
  const window = vscode.window as unknown as { showWarningMessage: ShowWarning };
  const original = window.showWarningMessage;
  let calls: { message: string; options: vscode.MessageOptions; items: string[] }[];
  let answer: string | undefined;

  beforeEach(() => {
    calls = [];
    answer = undefined;
    window.showWarningMessage = (message, options, ...items) => {
      calls.push({ message, options, items });
      return Promise.resolve(answer);
    };
  });

  afterEach(async () => {
    window.showWarningMessage = original;
    await config().update('commands.allow', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('asks with a modal that shows the commands, the folder and why it asks', async () => {
    answer = 'Run';
    assert.deepEqual(
      await approveCommandsInModal(request(['npm test', 'npm run lint'], 'is not on the allowlist'), new AbortController().signal),
      { approved: true },
    );
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.options.modal, true);
    assert.equal(calls[0]?.message, 'Codewright wants to run 2 commands.');
    assert.equal(calls[0]?.options.detail, 'npm test\nnpm run lint\n\nin /ws\n\nAsking because a command is not on the allowlist.');
    assert.deepEqual(calls[0]?.items, ['Run', 'Always Allow', 'Reject']);
  });

  it('spells out bidi and invisible characters in the modal, with a warning, and offers no Always Allow', async () => {
    answer = 'Reject';
    await approveCommandsInModal(request(['rm -rf \u202E/ emoh~']), new AbortController().signal);
    const detail = String(calls[0]?.options.detail);
    assert.match(detail, /^rm -rf ⟨U\+202E⟩\/ emoh~\n\nHolds invisible or direction-changing characters \(U\+202E\)/);
    assert.doesNotMatch(detail, /\u202E/);
    assert.deepEqual(calls[0]?.items, ['Run', 'Reject']);
  });

  it('Always Allow adds the commands to the workspace allowlist and changes nothing else', async () => {
    answer = 'Always Allow';
    await config().update('commands.allow', ['git status'], vscode.ConfigurationTarget.Workspace);
    assert.deepEqual(await approveCommandsInModal(request(['npm test']), new AbortController().signal), { approved: true });
    assert.deepEqual(config().inspect('commands.allow')?.workspaceValue, ['git status', 'npm test']);
    assert.equal(config().inspect('approval.commands')?.workspaceValue, undefined, 'the approval mode is left alone');
  });

  it('offers no Always Allow for a command that an allowlist entry could never approve', async () => {
    answer = 'Run';
    await approveCommandsInModal(request(['git show > ~/.ssh/x'], 'contains a redirection (<, >)'), new AbortController().signal);
    assert.deepEqual(calls[0]?.items, ['Run', 'Reject']);
  });

  it('treats Reject and a dismissed dialog as a rejection', async () => {
    answer = 'Reject';
    assert.deepEqual(await approveCommandsInModal(request(['ls']), new AbortController().signal), { approved: false });
    answer = undefined;
    assert.deepEqual(await approveCommandsInModal(request(['ls']), new AbortController().signal), { approved: false });
  });

  it('rejects with an AbortError when the turn is stopped before the user answers', async () => {
    window.showWarningMessage = () => new Promise<string | undefined>(() => undefined);
    const controller = new AbortController();
    const asking = approveCommandsInModal(request(['ls']), controller.signal);
    controller.abort();
    await assert.rejects(asking, { name: 'AbortError' });
  });
});
