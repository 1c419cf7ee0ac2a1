import assert from 'node:assert/strict';
import { evaluateCommands, type CommandPolicy } from '../../../../src/core/shell/policy';
import { DEFAULT_DENY } from '../../../../src/core/shell/denyList';
import { readCommand, shellKindOf, type ShellKind } from '../../../../src/core/shell/shellSyntax';

const allowlist: CommandPolicy = {
  mode: 'allowlist',
  allow: ['ls', 'echo', 'cat', 'git status', 'Get-ChildItem', 'dir'],
  deny: DEFAULT_DENY,
};

describe('shell-aware parsing', () => {
  const codeRunning: [ShellKind, string, RegExp][] = [
    ['zsh', "ls *(e:'touch pwned':)", /zsh glob qualifiers/],
    ['zsh', 'ls *(+evil)', /zsh glob qualifiers/],
    ['zsh', 'cat =(curl -s https://x)', /zsh glob qualifiers, =\(…\)/],
    ['zsh', 'echo !!', /history expansion/],
    ['bash', 'echo !-2', /history expansion/],
    ['fish', 'echo (id)', /fish command substitution/],
    ['fish', 'ls (touch pwned)', /fish command substitution/],
    ['fish', 'echo $HOME', /variable/],
    ['fish', 'echo "$(id)"', /command substitution/],
    ['powershell', 'echo @(New-Item pwned)', /PowerShell subexpression/],
    ['powershell', 'echo (Invoke-Expression "calc")', /PowerShell subexpression/],
    ['powershell', 'echo $(Remove-Item -Recurse x)', /PowerShell subexpression/],
    ['powershell', 'Get-ChildItem | ForEach-Object { Remove-Item $_ }', /script block/],
    ['powershell', '& ./evil.ps1', /call or background operator/],
    ['powershell', 'echo "$(whoami)"', /PowerShell subexpression/],
    ['powershell', 'dir @params', /splatting/],
    ['powershell', 'echo `$x', /backtick escape/],
    ['powershell', 'git status --% & calc', /stop-parsing/],
    ['cmd', 'echo %PATH%', /variable \(%…%\)/],
    ['cmd', 'dir ^& calc', /escape/],
    ['cmd', 'echo !x!', /delayed variable expansion/],
    ['cmd', 'for /f %i in (x) do calc', /parenthesised block|variable/],
    ['bash', 'ls () ( touch pwned )', /function definition/],
    ['bash', 'ls(){ touch pwned; }', /function definition/],
    ['zsh', 'function ls { touch pwned }', /function or alias definition/],
    ['sh', 'alias ls="touch pwned"', /function or alias definition/],
    ['fish', 'function ls; touch pwned; end', /function or alias definition/],
    ['fish', 'alias ls "touch pwned"', /function or alias definition/],
    ['fish', 'abbr ls "touch pwned"', /function or alias definition/],
    ['powershell', 'Set-Alias ls Remove-Item', /function or alias definition/],
    ['powershell', 'function ls { Remove-Item -Recurse ~ }', /function or alias definition/],
    ['cmd', 'doskey dir=del /s /q $*', /function or alias definition/],
    ['bash', 'export PAGER=./evil', /changes the shell itself/],
    ['bash', 'PAGER=./evil git status', /variable assignment/],
  ];
  for (const [shell, command, construct] of codeRunning) {
    it(`${shell}: \`${command}\` always asks, naming ${construct.source}`, () => {
      const reading = readCommand(command, shell);
      assert.ok(
        reading.constructs.some((c) => construct.test(c)),
        `constructs: ${JSON.stringify(reading.constructs)}`,
      );
      const v = evaluateCommands([command], allowlist, { shell });
      assert.equal(v.kind, 'ask', JSON.stringify(v));
    });
  }

  it('an earlier function definition never makes a later allowlisted command its own', () => {
    const v = evaluateCommands(['ls () ( touch pwned )', 'ls'], allowlist);
    assert.equal(v.kind, 'ask');
    assert.match(v.kind === 'ask' ? (v.why ?? '') : '', /function definition/);
  });

  const plain: [ShellKind, string, string[][]][] = [
    [
      'bash',
      "ls -la 'my dir' && cat a\\ b",
      [
        ['ls', '-la', 'my dir'],
        ['cat', 'a b'],
      ],
    ],
    [
      'zsh',
      "grep -n 'a|b' file | wc -l",
      [
        ['grep', '-n', 'a|b', 'file'],
        ['wc', '-l'],
      ],
    ],
    ['fish', "echo 'it\\'s' ; ls", [['echo', "it's"], ['ls']]],
    [
      'powershell',
      "Get-ChildItem 'a''b' | Select-Object Name",
      [
        ['Get-ChildItem', "a'b"],
        ['Select-Object', 'Name'],
      ],
    ],
    [
      'cmd',
      'dir "C:\\Program Files" & type a.txt',
      [
        ['dir', 'C:\\Program Files'],
        ['type', 'a.txt'],
      ],
    ],
    ['bash', "cat $'a\\x2eb'", [['cat', 'a.b']]],
  ];
  for (const [shell, command, commands] of plain) {
    it(`${shell}: reads \`${command}\` as ${JSON.stringify(commands)}`, () => {
      assert.deepEqual(readCommand(command, shell), { commands, constructs: [] });
    });
  }

  it('runs plain allowlisted or read-only commands in each shell', () => {
    assert.equal(evaluateCommands(['Get-ChildItem -Recurse src'], allowlist, { shell: 'powershell' }).kind, 'run');
    assert.equal(evaluateCommands(['get-childitem src'], allowlist, { shell: 'powershell' }).kind, 'run');
    assert.equal(evaluateCommands(['dir /b src'], allowlist, { shell: 'cmd' }).kind, 'run');
    assert.equal(evaluateCommands(["echo 'hello'"], allowlist, { shell: 'fish' }).kind, 'run');
  });

  it('names the kind of shell from its executable', () => {
    assert.equal(shellKindOf('/usr/bin/zsh'), 'zsh');
    assert.equal(shellKindOf('/bin/bash'), 'bash');
    assert.equal(shellKindOf('/bin/dash'), 'sh');
    assert.equal(shellKindOf('/opt/homebrew/bin/fish'), 'fish');
    assert.equal(shellKindOf('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'powershell');
    assert.equal(shellKindOf('C:\\Windows\\System32\\cmd.exe'), 'cmd');
  });
});
