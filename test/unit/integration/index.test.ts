import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The runner the integration and Restricted Mode layers load inside VS Code, run here in a plain Node process over
// folders of test files: it must not report a pass for a run that passed nothing.
const RUNNER = path.resolve(__dirname, '..', '..', 'integration', 'index.js');

describe('integration runner: a run that cannot be fooled', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-runner-'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function runSuite(files: Record<string, string>, env: Record<string, string> = {}): { code: number | null; out: string } {
    for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
    const script = `require(${JSON.stringify(RUNNER)}).runSuite(${JSON.stringify(dir)}).then(
      () => process.exit(0), (e) => { console.log('REJECTED: ' + e.message); process.exit(1); })`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it('passes a folder whose tests pass, counting them', () => {
    const r = runSuite({ 'a.test.js': "describe('a', () => { it('one', () => {}); it('two', () => {}); });" });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^2 passed, 0 failed, 0 skipped$/m);
  });

  it('fails a folder with no test files', () => {
    const r = runSuite({ 'helper.js': 'module.exports = {};' });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /REJECTED: no tests ran in .* \(0 test files\)/);
  });

  it('fails a run whose grep matched nothing instead of counting the filtered tests as passed', () => {
    const r = runSuite({ 'a.test.js': "describe('a', () => { it('one', () => {}); });" }, { CODEWRIGHT_TEST_GREP: 'no such test' });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^0 passed, 0 failed, 0 skipped$/m);
    assert.match(r.out, /REJECTED: no tests ran .*grep no such test/);
  });

  it('fails a focused test', () => {
    const r = runSuite({ 'a.test.js': "describe('a', () => { it.only('one', () => {}); it('two', () => {}); });" });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /REJECTED: `\.only` forbidden/);
  });

  it('fails a skipped test', () => {
    const r = runSuite({ 'a.test.js': "describe('a', () => { it('one', () => {}); it.skip('two', () => {}); it('three'); });" });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^1 passed, 2 failed, 0 skipped$/m);
    assert.match(r.out, /Pending test forbidden/);
  });

  it('fails a failing test', () => {
    const r = runSuite({ 'a.test.js': "describe('a', () => { it('one', () => { throw new Error('boom'); }); });" });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /REJECTED: 1 test\(s\) failed/);
  });
});
