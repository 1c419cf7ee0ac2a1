// The agent core and the openai SDK are bundled apart from the extension (dist/agent.js) and loaded on first use, so
// activating the extension does not pay for them. Everyone in the extension reaches the core through here.
export type AgentModule = typeof import('../../core/index');

let loaded: AgentModule | undefined;

/** The agent core, loaded the first time it is needed (a synchronous require of the sibling bundle). */
export function loadAgent(): AgentModule {
  // esbuild keeps './agent.js' external for the extension bundle: it resolves next to dist/extension.js at run time.
  loaded ??= require('./agent.js') as AgentModule;
  return loaded;
}
