import type { Browser } from 'playwright-core';

export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function hostVersions(): string[];

export interface StartOptions {
  version: string;
  dataDir?: string;
  env?: Record<string, string>;
  verbose?: boolean;
  port?: number;
  host?: string;
  /** .vsix files installed (`--install-extension`) before the server starts. */
  installExtensions?: string[];
  /** Keep workspace trust on: an untrusted folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  /** A folder loaded as an installed extension, with no smoke-test driver (notifications shown), as a user sees it. */
  linkExtension?: string;
  /** Written as the user's settings.json before the server starts. */
  userSettings?: Record<string, unknown>;
}

export interface VsCodeServer {
  readonly version: string;
  readonly port: number;
  readonly origin: string;
  readonly dataDir: string;
  readonly hostExitCodes: number[];
  log(): string;
  url(options?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  close(): Promise<void>;
}

export function startServer(options: StartOptions): Promise<VsCodeServer>;
export function launchBrowser(): Promise<Browser>;
