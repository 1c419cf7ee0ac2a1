import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZSH_FIXUPS_VARIABLE, zshFixupsFromEnvironment } from '../../../../src/extension/terminal/zshFixups';

const SCRIPTS = path.join('out', 'vs', 'workbench', 'contrib', 'terminal', 'common', 'scripts');

function appRoot(script: string | undefined): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-approot-'));
  if (script !== undefined) {
    fs.mkdirSync(path.join(root, SCRIPTS), { recursive: true });
    fs.writeFileSync(path.join(root, SCRIPTS, 'shellIntegration-rc.zsh'), script);
  }
  return root;
}

describe('zsh options from the terminal environment', () => {
  it('is used where the VS Code build’s zsh script reads the variable', () => {
    const script = `if [ "\${${ZSH_FIXUPS_VARIABLE}:-}" = "1" ]; then\n\tbuiltin setopt NO_BANG_HIST\nfi\n`;
    assert.equal(zshFixupsFromEnvironment(appRoot(script)), true);
  });

  it('is not used with an older script that ignores it', () => {
    assert.equal(zshFixupsFromEnvironment(appRoot('builtin setopt HIST_IGNORE_SPACE\n')), false);
  });

  it('is not used when the build keeps no script where expected', () => {
    assert.equal(zshFixupsFromEnvironment(appRoot(undefined)), false);
  });
});
