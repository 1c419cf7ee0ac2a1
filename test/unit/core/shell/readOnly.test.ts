import assert from 'node:assert/strict';
import { evaluateCommands, readOnlyReason, type CommandPolicy } from '../../../../src/core/shell/policy';
import { DEFAULT_DENY } from '../../../../src/core/shell/denyList';
import { sedScriptOnlyPrints } from '../../../../src/core/shell/readOnly';

const ask: CommandPolicy = { mode: 'ask', allow: [], deny: DEFAULT_DENY };

describe('read-only commands', () => {
  const reads = [
    'ls',
    'ls -la src',
    'cat README.md',
    'head -n 20 src/index.ts',
    'tail -5 log.txt',
    'wc -l src/*.ts',
    'pwd',
    'nl -ba file.txt',
    'tac file.txt',
    'stat package.json',
    'file media/icon.png',
    'grep -rn "TODO" src',
    'rg -n "evaluateCommands" src',
    'rg --files',
    'find . -name "*.ts" -type f',
    'find src -maxdepth 2 -print',
    'git status',
    'git status --short',
    'git diff HEAD~1 -- src',
    'git log --oneline -20',
    'git show HEAD:package.json',
    'git blame -L 10,20 src/core/session.ts',
    'git ls-files',
    'git rev-parse --abbrev-ref HEAD',
    'git branch --list',
    'git branch -a',
    'git grep -n needle',
    "sed -n '1,20p' src/core/session.ts",
    "sed -n '/start/,/end/p' notes.md",
    'base64 -d blob.txt',
    'ls src | wc -l',
    'git status && git diff --stat',
    'cat a.txt || cat b.txt',
    'pwd; ls',
    'grep -c x file 2>/dev/null',
    'ls ./*.json',
  ];
  for (const command of reads) {
    it(`runs ${JSON.stringify(command)} without asking in ask mode`, () => {
      const v = evaluateCommands([command], ask);
      assert.deepEqual(v, { kind: 'run', readOnly: true }, `${command}: ${readOnlyReason(command)}`);
    });
  }

  const notReads: [string, RegExp][] = [
    ['find . -name x -delete', /find -delete/],
    ['find . -name x -exec rm {} +', /find -exec/],
    ['find . -execdir cat {} ;', /find -execdir/],
    ['find . -ok rm {} ;', /find -ok/],
    ['find . -okdir rm {} ;', /find -okdir/],
    ['find . -fprint out.txt', /find -fprint/],
    ['find . -fprint0 out.txt', /find -fprint0/],
    ['find . -fprintf out.txt %p', /find -fprintf/],
    ['find . -fls out.txt', /find -fls/],
    ['rg --pre ./evil.sh x', /rg --pre/],
    ['rg --pre=./evil.sh x', /rg --pre/],
    ['rg --hostname-bin ./evil x', /rg --hostname-bin/],
    ['rg -z x', /rg -z/],
    ['rg -uz x', /rg -z/],
    ['rg --search-zip x', /rg --search-zip/],
    ['git -c core.pager=./evil log', /git -c/],
    ['git log --output=/tmp/x', /--output/],
    ['git log --outp=/tmp/x', /--output/],
    ['git diff --ext-diff', /--ext-diff/],
    ['git log -p --textconv', /--textconv/],
    ['git --exec-path=/tmp status', /--exec-path/],
    ['git --git-dir=/tmp/other/.git log', /--git-dir/],
    ['git grep -O needle', /-O/],
    ['git grep --open-files-in-pager=vi needle', /--open-files-in-pager/],
    ['git branch new-feature', /creates a branch/],
    ['git branch -D old', /changes branches/],
    ['git tag v1', /creates a tag/],
    ['git remote add x https://x', /changes remotes/],
    ['git stash', /working tree/],
    ['git commit -m x', /not a read-only git command/],
    ["sed -n '1e id' file", /sed/],
    ["sed -n 'w out.txt' file", /sed/],
    ["sed -n 's/a/b/w out.txt' file", /sed/],
    ["sed -n 's/a/id/e' file", /sed/],
    ["sed -i 's/a/b/' file", /sed -i/],
    ["sed -ni 'p' file", /sed -i/],
    ['sed -n -f script.sed file', /sed -f/],
    ["sed 's/a/b/' file", /without -n/],
    ['base64 -o out.bin blob', /base64 -o/],
    ['sort -o out.txt in.txt', /sort -o/],
    ['sort --compress-program=./evil in.txt', /sort --compress-program/],
    ['uniq in.txt out.txt', /writes the last one/],
    ['xxd -r dump bin', /xxd -r/],
    ['date -s 2020-01-01', /date -s/],
    ['printf -v PS1 x', /printf -v/],
    ['env rm -rf build', /env/],
    ['hostname evil', /hostname/],
    ['file -C -m magic', /file -C/],
    ['tree -o out.txt', /tree -o/],
    ['npm test', /not a read-only command/],
    ['cd /tmp', /not a read-only command/],
    ['ls > listing.txt', /redirection/],
    ['cat $(echo /etc/passwd)', /command substitution/],
    ['ls *', /glob at the start/],
    ['rg *', /glob at the start/],
    ['echo $HOME', /variable/],
    ['ls &', /background/],
  ];
  for (const [command, why] of notReads) {
    it(`asks for ${JSON.stringify(command)}`, () => {
      const v = evaluateCommands([command], ask);
      assert.equal(v.kind, 'ask', command);
      assert.match(readOnlyReason(command) ?? '', why);
    });
  }

  it('does nothing without asking when the setting is off, and never in never mode', () => {
    assert.equal(evaluateCommands(['ls'], { ...ask, readOnlyCommands: false }).kind, 'ask');
    assert.equal(evaluateCommands(['ls'], { ...ask, mode: 'never' }).kind, 'refuse');
  });

  it('asks when one command of a call is not read-only', () => {
    assert.equal(evaluateCommands(['ls', 'npm install'], ask).kind, 'ask');
    assert.equal(evaluateCommands(['ls', 'git status'], ask).kind, 'run');
  });

  it('reads sed scripts: print commands pass, anything that writes or runs does not', () => {
    for (const script of ['p', '1,5p', '$p', '/x/p', '/a/,/b/{p;q}', 's/a/b/gp', 's|a|b|p', '=', '2q', 'y/ab/cd/;p', '\\%x%p']) {
      assert.equal(sedScriptOnlyPrints(script), true, script);
    }
    for (const script of [
      'e',
      '1e id',
      'w x',
      's/a/b/w x',
      's/a/b/e',
      'r /etc/passwd',
      'R x',
      'W x',
      'a text',
      '1i x',
      'c x',
      's/a/b',
      '/x',
    ]) {
      assert.equal(sedScriptOnlyPrints(script), false, script);
    }
  });
});
