// apply_patch and shell as function tools, for endpoints without the Responses API's built-in tools: what the model is
// told they take, and how the JSON it sends back becomes the same operations and actions the built-in tools carry, so
// review, approval and safety are one path whatever the dialect.
import * as z from 'zod/mini';
import type { ApplyPatchOperation, ShellAction, ToolCall } from '../../shared/events';
import { PatchError, parsePatch, resolveWorkspacePath } from '../patch';
import { describeSchemaError } from '../schemaError';
import type { FunctionToolDeclaration } from './hostTools';

export const APPLY_PATCH_FUNCTION: FunctionToolDeclaration = {
  type: 'function',
  name: 'apply_patch',
  description:
    'Edit files in the workspace. `input` is one patch: "*** Begin Patch", then for each file "*** Add File: <path>" (every line' +
    ' prefixed with +), "*** Delete File: <path>", or "*** Update File: <path>" (optionally "*** Move to: <path>") followed by' +
    ' @@ hunks with " " context, "-" removed and "+" added lines, then "*** End Patch". Paths are relative to the workspace root.',
  parameters: {
    type: 'object',
    properties: { input: { type: 'string', description: 'The whole patch, from *** Begin Patch to *** End Patch.' } },
    required: ['input'],
    additionalProperties: false,
  },
  strict: false,
};

export const SHELL_FUNCTION: FunctionToolDeclaration = {
  type: 'function',
  name: 'shell',
  description:
    'Run a command in the workspace after the user approves it. `command` is a command line (a string) or an argv array;' +
    " `commands` runs several command lines in order. The answer gives each command's exit code, stdout and stderr.",
  parameters: {
    type: 'object',
    properties: {
      command: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        description: 'A command line, or the program and its arguments as an array.',
      },
      commands: { type: 'array', items: { type: 'string' }, description: 'Several command lines, run in order.' },
      workdir: { type: 'string', description: 'Directory to run in, relative to the workspace root (default: the root).' },
      timeout_ms: { type: 'integer', description: 'Stop the command after this many milliseconds.' },
    },
    additionalProperties: false,
  },
  strict: false,
};

export const AGENT_FUNCTION_NAMES: ReadonlySet<string> = new Set([APPLY_PATCH_FUNCTION.name, SHELL_FUNCTION.name]);

const ApplyPatchArgsSchema = z.object({ input: z.string() });

const ShellArgsSchema = z.object({
  command: z.optional(z.nullable(z.union([z.string(), z.array(z.string())]))),
  commands: z.optional(z.nullable(z.array(z.string()))),
  workdir: z.optional(z.nullable(z.string())),
  timeout_ms: z.optional(z.nullable(z.int().check(z.positive()))),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The operations an apply_patch call's envelope describes, or the sentence that tells the model what to fix. */
export function patchOperationsFrom(argumentsJson: string): Parsed<ApplyPatchOperation[]> {
  const json = parseJson(argumentsJson, 'apply_patch');
  if (!json.ok) return json;
  const args = ApplyPatchArgsSchema.safeParse(json.value);
  if (!args.success) {
    return {
      ok: false,
      message: `Invalid apply_patch arguments (${describeSchemaError(args.error)}). Send {"input": "*** Begin Patch\\n…\\n*** End Patch"}.`,
    };
  }
  try {
    return { ok: true, value: parsePatch(args.data.input) };
  } catch (error) {
    if (error instanceof PatchError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * How a function-dialect apply_patch or shell call is shown: as the built-in tool's card when its arguments are valid and
 * a patch touches one file; undefined otherwise (it shows as a plain function call).
 */
export function agentFunctionCall(callId: string, name: unknown, argumentsJson: string): ToolCall | undefined {
  if (name === APPLY_PATCH_FUNCTION.name) {
    const operations = patchOperationsFrom(argumentsJson);
    if (operations.ok && operations.value.length === 1) return { kind: 'apply_patch', callId, operation: operations.value[0]! };
  } else if (name === SHELL_FUNCTION.name) {
    const request = shellRequestFrom(argumentsJson);
    if (request.ok) return { kind: 'shell', callId, action: request.value.action };
  }
  return undefined;
}

export interface ShellRequest {
  action: ShellAction;
  /** Relative to the workspace root; undefined for the root itself. */
  workdir: string | undefined;
}

/** The commands a shell call asks for, or the sentence that tells the model what to fix. */
export function shellRequestFrom(argumentsJson: string): Parsed<ShellRequest> {
  const json = parseJson(argumentsJson, 'shell');
  if (!json.ok) return json;
  const args = ShellArgsSchema.safeParse(json.value);
  if (!args.success) return { ok: false, message: `Invalid shell arguments (${describeSchemaError(args.error)}). ${SHELL_SHAPE}` };
  const { command, commands, workdir, timeout_ms: timeoutMs } = args.data;
  const lines: string[] = [];
  if (typeof command === 'string') lines.push(command);
  else if (Array.isArray(command) && command.length > 0) lines.push(commandLineOf(command));
  lines.push(...(commands ?? []));
  if (lines.length === 0 || lines.some((line) => line.trim() === ''))
    return { ok: false, message: `The shell call has no command to run. ${SHELL_SHAPE}` };
  const dir = workdir?.trim();
  return {
    ok: true,
    value: { action: { commands: lines, ...(timeoutMs ? { timeout_ms: timeoutMs } : {}) }, workdir: dir && dir !== '.' ? dir : undefined },
  };
}

/** The absolute directory a shell call runs in: the root, or a folder inside it (never one outside). */
export function workdirIn(root: string, workdir: string | undefined): Parsed<string> {
  if (workdir === undefined) return { ok: true, value: root };
  try {
    return { ok: true, value: resolveWorkspacePath(root, workdir) };
  } catch (error) {
    if (error instanceof PatchError)
      return { ok: false, message: `The workdir is not usable: ${error.message.replace(/apply_patch takes/, 'shell takes')}` };
    throw error;
  }
}

const SHELL_SHAPE = 'Send {"command": "ls -la"} or {"command": ["ls", "-la"]}, optionally with "workdir" and "timeout_ms".';

function parseJson(text: string, tool: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The ${tool} arguments are not valid JSON (${why}); send one JSON object.` };
  }
}

/**
 * An argv array as one command line for the policy, the approval prompt and the shell. `bash -lc "<script>"` and its
 * kin are unwrapped to the script itself, which is what the user should read and the policy should judge.
 */
function commandLineOf(argv: readonly string[]): string {
  const [program, flag, script, ...rest] = argv;
  if (
    rest.length === 0 &&
    script !== undefined &&
    program &&
    /^(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh$/.test(program) &&
    /^-l?c$/.test(flag ?? '')
  ) {
    return script;
  }
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
