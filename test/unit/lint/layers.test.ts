import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

// The layer rules of eslint.config.mjs, run by the real ESLint on real files in the real folders: a rule that matched
// nothing (a wrong glob, a pattern that never fires) would let every probe below pass, and this test fail.
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('lint: the layer rules', function () {
  // Type-aware rules build a TypeScript program for each project the probes belong to.
  this.timeout(180_000);
  const tag = crypto.randomBytes(4).toString('hex');
  const probes = {
    coreImportsVscode: path.join(ROOT, 'src', 'core', `lintProbeVscode${tag}.ts`),
    webviewImportsExtension: path.join(ROOT, 'src', 'webview', `lintProbeExtension${tag}.ts`),
    sharedImportsCore: path.join(ROOT, 'src', 'shared', `lintProbeCore${tag}.ts`),
    cleanCore: path.join(ROOT, 'src', 'core', `lintProbeClean${tag}.ts`),
    extensionVscodeNamespace: path.join(ROOT, 'src', 'extension', 'chat', `lintProbeNamespace${tag}.ts`),
    extensionVscodeObject: path.join(ROOT, 'src', 'extension', 'chat', `lintProbeObject${tag}.ts`),
    focusedTest: path.join(ROOT, 'test', 'unit', 'lint', `lintProbeOnly${tag}.test.ts`),
  };
  const sources: Record<keyof typeof probes, string> = {
    coreImportsVscode: "import * as vscode from 'vscode';\n\nexport const probe = vscode.version;\n",
    webviewImportsExtension: "import { activate } from '../extension/extension';\n\nexport const probe = activate;\n",
    sharedImportsCore: "import type { Session } from '../core/session';\n\nexport type Probe = Session;\n",
    cleanCore: "import { errorText } from '../shared/errorText';\n\nexport const probe = errorText(new Error('probe'));\n",
    extensionVscodeNamespace: "import * as vscode from 'vscode';\n\nexport const probe = vscode.version;\n",
    extensionVscodeObject: "import vscode = require('vscode');\n\nexport const probe = vscode.version;\n",
    focusedTest: "describe.only('probe', () => {\n  it('runs alone', () => undefined);\n});\n",
  };
  let results: Map<string, ESLint.LintResult>;

  before(async () => {
    for (const [name, file] of Object.entries(probes)) fs.writeFileSync(file, sources[name as keyof typeof probes]);
    try {
      const lint = await new ESLint({ cwd: ROOT }).lintFiles(Object.values(probes));
      results = new Map(lint.map((r) => [r.filePath, r]));
    } finally {
      for (const file of Object.values(probes)) fs.rmSync(file, { force: true });
    }
  });

  after(() => {
    for (const file of Object.values(probes)) fs.rmSync(file, { force: true });
  });

  function messages(file: string): { ruleId: string | null; message: string }[] {
    const result = results.get(file);
    assert.ok(result, `ESLint linted ${path.relative(ROOT, file)}`);
    return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
  }

  it('fails a file in src/core that imports vscode', () => {
    const found = messages(probes.coreImportsVscode);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.ruleId, '@typescript-eslint/no-restricted-imports');
    assert.match(found[0]!.message, /Only src\/extension imports vscode/);
  });

  it('fails a namespace import of vscode in src/extension (a copy of the API object per module), and passes the object', () => {
    const found = messages(probes.extensionVscodeNamespace);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.ruleId, 'no-restricted-syntax');
    assert.match(found[0]!.message, /import vscode = require\('vscode'\)/);
    assert.deepEqual(messages(probes.extensionVscodeObject), []);
  });

  it('fails a file in src/webview that imports src/extension', () => {
    const found = messages(probes.webviewImportsExtension);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]!.ruleId, '@typescript-eslint/no-restricted-imports');
    assert.match(found[0]!.message, /src\/webview imports only src\/shared/);
  });

  it('fails a type-only import of src/core in src/shared', () => {
    const found = messages(probes.sharedImportsCore);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0]!.message, /src\/shared imports nothing from src\/core/);
  });

  it('fails a focused test', () => {
    const found = messages(probes.focusedTest);
    assert.deepEqual(
      found.map((m) => m.ruleId),
      ['no-restricted-properties'],
    );
    assert.match(found[0]!.message, /'describe\.only' is restricted/);
  });

  it('passes a file in src/core that imports only src/shared', () => {
    assert.deepEqual(messages(probes.cleanCore), []);
  });
});
