// The agent core and the openai SDK are bundled apart from the extension (dist/agent.js) and loaded on first use, so
// activating the extension does not pay for them. Everyone in the extension reaches the core through here.
import fs from 'node:fs';
import path from 'node:path';

export type AgentModule = typeof import('../../core/index');

let loaded: AgentModule | undefined;

/** The agent core, loaded the first time it is needed (a synchronous require of the sibling bundle). */
export function loadAgent(): AgentModule {
  loaded ??= require(agentPath()) as AgentModule;
  return loaded;
}

/**
 * dist/agent.js sits next to dist/extension.js. Tests that load this file transpiled (out/src/extension/agent/) get the
 * transpiled core (out/src/core/index.js) instead. A computed path, so the extension's bundle never includes the core.
 */
function agentPath(): string {
  const bundled = path.join(__dirname, 'agent.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', '..', 'core', 'index.js');
}
