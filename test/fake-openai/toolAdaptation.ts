// A scripted turn says what the model means to do ("patch this file", "run that"); a real model can only do it through
// the tools the request offered. So the fake renders each scripted call in the form the request declared: the built-in
// apply_patch / shell tools, or function tools of those names (the patch as an envelope, the commands as JSON). A turn
// marked `verbatim` is sent exactly as scripted, for tests of providers that answer with tools nobody declared.
import type { ApplyPatchOperation } from '../../src/shared/events';
import type { ScriptItem } from './script';

export interface OfferedTools {
  builtinPatch: boolean;
  builtinShell: boolean;
  functions: ReadonlySet<string>;
}

/** What a request's `tools` offer, in the Responses form (`{type, name}`) or the Chat Completions form (`{type, function: {name}}`). */
export function offeredTools(tools: unknown): OfferedTools {
  const list = Array.isArray(tools) ? (tools as Record<string, unknown>[]) : [];
  const functions = new Set<string>();
  for (const tool of list) {
    if (tool['type'] !== 'function') continue;
    const name = typeof tool['name'] === 'string' ? tool['name'] : (tool['function'] as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') functions.add(name);
  }
  return {
    builtinPatch: list.some((tool) => tool['type'] === 'apply_patch'),
    builtinShell: list.some((tool) => tool['type'] === 'shell'),
    functions,
  };
}

export function adaptItems(items: readonly ScriptItem[], offered: OfferedTools): ScriptItem[] {
  return items.map((item) => {
    if (item.type === 'apply_patch_call' && !offered.builtinPatch && offered.functions.has('apply_patch')) {
      return {
        type: 'function_call',
        callId: item.callId,
        name: 'apply_patch',
        arguments: JSON.stringify({ input: envelope(item.operation) }),
      };
    }
    if (item.type === 'shell_call' && !offered.builtinShell && offered.functions.has('shell')) {
      const args = { commands: item.commands, ...(item.timeoutMs ? { timeout_ms: item.timeoutMs } : {}) };
      return { type: 'function_call', callId: item.callId, name: 'shell', arguments: JSON.stringify(args) };
    }
    return item;
  });
}

/** An operation as the `*** Begin Patch` text a model writes for a function-tool apply_patch. */
function envelope(operation: ApplyPatchOperation): string {
  const lines = ['*** Begin Patch'];
  const body = (diff: string) => (diff === '' ? [] : diff.replace(/\n$/, '').split('\n'));
  if (operation.type === 'create_file') lines.push(`*** Add File: ${operation.path}`, ...body(operation.diff));
  if (operation.type === 'delete_file') lines.push(`*** Delete File: ${operation.path}`);
  if (operation.type === 'update_file') {
    lines.push(
      `*** Update File: ${operation.path}`,
      ...(operation.move_to ? [`*** Move to: ${operation.move_to}`] : []),
      ...body(operation.diff),
    );
  }
  lines.push('*** End Patch');
  return lines.join('\n');
}
