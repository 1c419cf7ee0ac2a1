// Shared by the integration tests: reach the extension under test and wait for things without sleeping blindly.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'codewright.codewright';

/** Whether the extension was already active when the test files were loaded, before any test could activate it. */
export const ACTIVE_AT_START = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;

interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { type?: string; description?: string; markdownDescription?: string; default?: unknown }> };
  };
}

export function manifest(): Manifest {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

/** Whether activating the extension loaded its features bundle (it must not: they load on first use); set by the first activation. */
export let featuresLoadedByActivation: boolean | undefined;

/** Whether dist/features.js is loaded in this extension host. */
export function featuresLoaded(): boolean {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  return !!ext && require.cache[path.join(ext.extensionPath, 'dist', 'features.js')] !== undefined;
}

export async function activateExtension(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const wasActive = ext.isActive;
  const api = await ext.activate();
  if (!wasActive) featuresLoadedByActivation = featuresLoaded();
  if (!api) throw new Error('the extension did not hand out its test API (is the host in test mode?)');
  return api;
}

/** Polls until `probe` returns a value (not undefined/false), or fails naming what it waited for. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Memento kept in memory: the workspace state a reloaded window would start from. */
export class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}
