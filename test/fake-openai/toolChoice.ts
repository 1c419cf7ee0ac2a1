// A request can force one tool through `tool_choice`; the model then answers with a call of that tool and nothing else. The
// fake does the same without a scripted turn, so Check Connection's test call gets an answer from any fake server (the demo
// model of `npm start` included). A forced tool the model never sees (a persona dropped it) cannot be called: the model
// answers in words, as a model without tools does.
import type { ApplyPatchOperation } from '../../src/shared/events';
import type { ScriptItem, ScriptTurn } from './script';
import { adaptItems, offeredTools } from './toolAdaptation';

export type ForcedTool = { type: 'apply_patch' } | { type: 'shell' } | { type: 'function'; name: string };

/** A forced call's edit: the smallest patch, as a model asked for a test call writes it. */
const FORCED_PATCH: ApplyPatchOperation = { type: 'create_file', path: 'codewright-check.txt', diff: '+ok\n' };

/**
 * The one tool a request's tool_choice forces: the Responses forms (`{type: "apply_patch"}`, `{type: "shell"}`,
 * `{type: "function", name}`) or the Chat Completions form (`{type: "function", function: {name}}`). `auto`, `none` and
 * `required` force no particular tool.
 */
export function forcedTool(toolChoice: unknown): ForcedTool | undefined {
  if (typeof toolChoice !== 'object' || toolChoice === null) return undefined;
  const choice = toolChoice as { type?: unknown; name?: unknown; function?: { name?: unknown } };
  if (choice.type === 'apply_patch' || choice.type === 'shell') return { type: choice.type };
  if (choice.type !== 'function') return undefined;
  const name = typeof choice.name === 'string' ? choice.name : choice.function?.name;
  return typeof name === 'string' ? { type: 'function', name } : undefined;
}

/** The model's whole answer to a request that forces `forced`, given the tools it was shown. */
export function forcedTurn(forced: ForcedTool, tools: unknown): ScriptTurn {
  const offered = offeredTools(tools);
  const onlyFunctions = { builtinPatch: false, builtinShell: false, functions: offered.functions };
  let call: ScriptItem | undefined;
  if (forced.type === 'apply_patch' && offered.builtinPatch) call = { type: 'apply_patch_call', operation: FORCED_PATCH };
  if (forced.type === 'shell' && offered.builtinShell) call = { type: 'shell_call', commands: ['echo ok'] };
  if (forced.type === 'function' && offered.functions.has(forced.name)) {
    const meant: ScriptItem =
      forced.name === 'apply_patch'
        ? { type: 'apply_patch_call', operation: FORCED_PATCH }
        : forced.name === 'shell'
          ? { type: 'shell_call', commands: ['echo ok'] }
          : { type: 'function_call', name: forced.name, arguments: '{}' };
    call = adaptItems([meant], onlyFunctions)[0];
  }
  // The call is already in the form the request declared, so it is sent as it is.
  if (call) return { items: [call], verbatim: true };
  return { items: [{ type: 'text', text: 'I have no tool by that name, so here is my answer in words: ok.' }], verbatim: true };
}
