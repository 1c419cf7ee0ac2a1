// The extension's entry. Activation registers only what VS Code can call into (activation/entryPoints.ts); the
// features are composed (activation/features.ts, bundled as dist/features.js) the first time one of them is used.
import vscode = require('vscode');
import { registerEntryPoints } from './activation/entryPoints';
import type { Features } from './activation/features';

/** Handed to the integration tests only (extension mode Test); the product exposes no API. */
export type TestApi = Features;

/** Every feature the test API hands out: reading one composes the features, as using an entry point would. */
const TEST_API_KEYS = {
  config: true,
  chat: true,
  review: true,
  agent: true,
  editorTasks: true,
  codeReview: true,
  mcp: true,
  instructions: true,
  checkpoints: true,
  logFolder: true,
} satisfies Record<keyof Features, true>;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const features = registerEntryPoints(context);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const api = {} as TestApi;
  for (const key of Object.keys(TEST_API_KEYS) as (keyof Features)[]) {
    Object.defineProperty(api, key, { enumerable: true, get: () => features()[key] });
  }
  return api;
}

export function deactivate(): void {}
