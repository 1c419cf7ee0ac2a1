// extensionTestsPath of the Restricted Mode suite: the integration suite's mocha set-up, over this folder's tests.
import { runSuite } from '../integration/index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
