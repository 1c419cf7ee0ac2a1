// The demo model's tool calls, in the dialect the request offers: the Responses API's built-in apply_patch and shell calls,
// or function calls named apply_patch (a `*** Begin Patch` envelope) and shell. Edits are computed as real diffs of the file.
import { structuredPatch } from 'diff';
import type { ApplyPatchOperation } from '../../../src/shared/events';
import type { ScriptItem } from '../script';
import type { ToolDialect } from './requestView';

/** A V4A `update_file` body: one `@@` section per hunk of a line diff with three lines of context. */
export function updateDiff(before: string, after: string): string {
  const patch = structuredPatch('a', 'b', before, after, '', '', { context: 3 });
  return patch.hunks.map((hunk) => ['@@', ...hunk.lines.filter((line) => !line.startsWith('\\'))].join('\n') + '\n').join('');
}

export function createDiff(content: string): string {
  return content
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `+${line}\n`)
    .join('');
}

export function editCall(dialect: ToolDialect, operation: ApplyPatchOperation): ScriptItem[] {
  if (dialect === 'builtin') return [{ type: 'apply_patch_call', operation }];
  if (dialect === 'function')
    return [{ type: 'function_call', name: 'apply_patch', arguments: JSON.stringify({ input: envelope(operation) }) }];
  return [];
}

export function commandCall(dialect: ToolDialect, command: string, timeoutMs: number): ScriptItem[] {
  if (dialect === 'builtin') return [{ type: 'shell_call', commands: [command], timeoutMs, maxOutputLength: 4_000 }];
  if (dialect === 'function')
    return [{ type: 'function_call', name: 'shell', arguments: JSON.stringify({ command, timeout_ms: timeoutMs }) }];
  return [];
}

/** The same operation written as the model writes a patch as text. */
export function envelope(operation: ApplyPatchOperation): string {
  const body =
    operation.type === 'create_file'
      ? [`*** Add File: ${operation.path}`, operation.diff.replace(/\n$/, '')]
      : operation.type === 'update_file'
        ? [`*** Update File: ${operation.path}`, operation.diff.replace(/\n$/, '')]
        : [`*** Delete File: ${operation.path}`];
  return ['*** Begin Patch', ...body, '*** End Patch'].join('\n');
}
