import assert from 'node:assert/strict';
import { COMMAND_APPROVAL_MODES, DEFAULT_DENY, evaluateCommands, readOnlyReason } from '../../../../src/core/shell/policy';
import { readCorpus } from './corpus/corpus';

describe('command corpora', () => {
  const refusals = readCorpus('refusals.txt');
  it('has a refusal corpus across every shell', () => {
    assert.ok(refusals.length >= 300, `${refusals.length} entries`);
    assert.deepEqual(new Set(refusals.map((e) => e.shell)), new Set(['bash', 'zsh', 'sh', 'fish', 'powershell', 'cmd']));
  });
  for (const mode of COMMAND_APPROVAL_MODES.filter((m) => m !== 'never')) {
    it(`${mode}: refuses every entry of the refusal corpus`, () => {
      const missed = refusals.filter(
        ({ shell, command }) =>
          evaluateCommands([command], { mode, allow: ['ls', 'git', 'rm', 'find'], deny: DEFAULT_DENY }, { shell }).kind !== 'refuse',
      );
      assert.deepEqual(
        missed.map((e) => `${e.where} ${e.command}`),
        [],
      );
    });
  }

  const reads = readCorpus('readOnly.txt');
  const notReads = readCorpus('notReadOnly.txt');
  it('has read-only corpora across every shell', () => {
    assert.ok(reads.length + notReads.length >= 300, `${reads.length} + ${notReads.length} entries`);
    for (const corpus of [reads, notReads]) {
      assert.deepEqual(new Set(corpus.map((e) => e.shell)), new Set(['bash', 'zsh', 'sh', 'fish', 'powershell', 'cmd']));
    }
  });
  it('runs every read-only entry without asking', () => {
    const asked = reads.filter(
      ({ shell, command }) => evaluateCommands([command], { mode: 'ask', allow: [], deny: DEFAULT_DENY }, { shell }).kind !== 'run',
    );
    assert.deepEqual(
      asked.map((e) => `${e.where} ${e.command}: ${readOnlyReason(e.command, e.shell)}`),
      [],
    );
  });
  it('asks for every entry that only looks read-only, with or without an allowlist naming its program', () => {
    // The typical allowlist of the issue, with the same programs' names in PowerShell and cmd.
    const allow = [
      'ls',
      'cat',
      'git status',
      'git diff',
      'git log',
      'grep',
      'rg',
      'find',
      'sed -n',
      'echo',
      'npm test',
      'dir',
      'type',
      'Get-ChildItem',
      'Get-Content',
    ];
    const ran = notReads.filter(({ shell, command }) =>
      (['ask', 'allowlist'] as const).some((mode) => evaluateCommands([command], { mode, allow, deny: [] }, { shell }).kind === 'run'),
    );
    assert.deepEqual(
      ran.map((e) => `${e.where} ${e.command}`),
      [],
    );
  });
});
