// Loaded by VS Code's extension host as extensionTestsPath: runs every *.test.js beside it with mocha.
// Resolving means success; rejecting makes VS Code exit 1. A run that found no test, a focused test (`.only`) and a
// skipped one each reject: none of them is a pass. Plain Node and mocha, so the unit tests run it too.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs every *.test.js in `dir` (each suite's index calls this with its own folder). */
export function runSuite(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', forbidOnly: true, forbidPending: true });
  const grep = process.env.CODEWRIGHT_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(dir)
    .sort()
    .filter((f) => f.endsWith('.test.js'));
  for (const f of files) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The runner's own counts: tests the grep filtered out are not passes, and forbidPending fails a skipped one.
      const { passes, pending } = runner.stats ?? { passes: 0, pending: 0 };
      console.log(`${passes} passed, ${failures} failed, ${pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed in ${dir}`));
      else if (passes === 0) reject(new Error(`no tests ran in ${dir} (${files.length} test files${grep ? `, grep ${grep}` : ''})`));
      else resolve();
    });
  });
}
