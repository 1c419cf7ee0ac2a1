// The command line of `codewright exec`, parsed with node:util parseArgs. Bad usage is a value (with the sentence to
// print), not an exception, so main decides the exit code (2) in one place.
import { parseArgs } from 'node:util';
import type { CliSandbox } from './cliHost';
import { PROVIDER_KINDS, ProviderKindSchema, type ProviderKind } from '../core/providerPresets';
import { DialectSettingSchema, type DialectSetting } from '../core/tools/dialect';
import { EFFORT_LEVELS, type Effort } from '../shared/effort';

export const EFFORTS = EFFORT_LEVELS;
export type { Effort };

export const USAGE = `Usage: codewright exec [options] "PROMPT"
       codewright checkpoints SESSION_ID            (what each turn changed)
       codewright restore SESSION_ID --turn N       (the workspace as it was before turn N)

Runs one agent turn headless: the model reads, edits and runs commands in the workspace until it is done.
The AGENTS.md in --cwd, and those in the folders the prompt names, are the project's instructions to the model.

Options:
  --cwd DIR            workspace root; commands run here and patch paths resolve here (default: current directory)
  --model NAME         model id (default: the first preferred model the provider serves, see the README; when
                       resuming, the session's model)
  --provider KIND      ${PROVIDER_KINDS.join(', ')} (default: from --base-url, else openai)
  --base-url URL       OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (default: $OPENAI_BASE_URL or OpenAI)
  --effort LEVEL       reasoning effort: ${EFFORTS.join(', ')} (default: medium)
  --dialect D          how the model gets apply_patch and shell: auto, builtin (the Responses API's own tools), function
                       (function tools on /responses) or chat (function tools on /chat/completions); default auto:
                       builtin for OpenAI and Azure, function elsewhere, chat when the endpoint has no /responses
  --approve-edits      apply the model's file edits without asking (otherwise every edit is rejected)
  --approve-commands   run the model's commands without asking (otherwise every command is rejected);
                       commands on the deny list are refused either way
  --sandbox            run commands only inside an OS sandbox (bubblewrap on Linux, sandbox-exec on macOS: the
                       workspace writable, no network); fail them when none is available (default: sandbox when
                       available, else run them as before and say so)
  --no-sandbox         run commands as they would run in your own shell
  --mcp-config FILE    start the MCP servers FILE lists ({"servers": {...}}, the shape of VS Code's .vscode/mcp.json)
                       and offer their tools to the model
  --approve-mcp        let the model call MCP tools without asking (otherwise every MCP call is refused)
  --json               print one JSON event per line on stdout instead of text
  --resume ID          continue a saved session (its id is printed at the end of every run)
  -h, --help           show this help

Environment:
  OPENAI_API_KEY       the API key (not needed for a custom --base-url that takes none)
  OPENAI_BASE_URL      default for --base-url
  CODEWRIGHT_HOME      where sessions are kept (default: ~/.codewright), in its sessions/ folder, and checkpoints
                       of the workspace before each turn's edits and commands, in its checkpoints/ folder

Exit status: 0 when the turn completes, 1 when the model or the network fails, 2 on bad usage.
`;

export interface ExecOptions {
  prompt: string;
  cwd: string | undefined;
  model: string | undefined;
  baseUrl: string | undefined;
  provider: ProviderKind | undefined;
  dialect: DialectSetting;
  effort: Effort;
  approveEdits: boolean;
  approveCommands: boolean;
  sandbox: CliSandbox;
  mcpConfig: string | undefined;
  approveMcp: boolean;
  json: boolean;
  resume: string | undefined;
}

export type ParsedCommand = { kind: 'help' } | { kind: 'exec'; options: ExecOptions } | { kind: 'usage_error'; message: string };

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        cwd: { type: 'string' },
        model: { type: 'string' },
        'base-url': { type: 'string' },
        provider: { type: 'string' },
        dialect: { type: 'string' },
        effort: { type: 'string' },
        'approve-edits': { type: 'boolean' },
        'approve-commands': { type: 'boolean' },
        sandbox: { type: 'boolean' },
        'no-sandbox': { type: 'boolean' },
        'mcp-config': { type: 'string' },
        'approve-mcp': { type: 'boolean' },
        json: { type: 'boolean' },
        resume: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs words its errors well ("Unknown option '--foo'"); they only need the hint to read the help.
    return { kind: 'usage_error', message: `${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '.')}` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...words] = positionals;
  if (command === undefined) return { kind: 'usage_error', message: 'Missing command: use codewright exec "PROMPT".' };
  if (command !== 'exec') return { kind: 'usage_error', message: `Unknown command '${command}': use exec, checkpoints or restore.` };
  const prompt = words.join(' ').trim();
  if (prompt === '')
    return { kind: 'usage_error', message: 'Missing prompt: give the task in quotes, e.g. codewright exec "fix the failing test".' };
  const effort = values.effort ?? 'medium';
  if (!(EFFORTS as readonly string[]).includes(effort)) {
    return { kind: 'usage_error', message: `Unknown effort '${effort}': use one of ${EFFORTS.join(', ')}.` };
  }
  const provider = values.provider === undefined ? undefined : ProviderKindSchema.safeParse(values.provider);
  if (provider && !provider.success) {
    return { kind: 'usage_error', message: `Unknown provider '${values.provider}': use one of ${PROVIDER_KINDS.join(', ')}.` };
  }
  if (values.sandbox && values['no-sandbox'])
    return { kind: 'usage_error', message: '--sandbox and --no-sandbox contradict each other: give one.' };
  const dialect = DialectSettingSchema.safeParse(values.dialect ?? 'auto');
  if (!dialect.success)
    return { kind: 'usage_error', message: `Unknown dialect '${values.dialect}': use auto, builtin, function or chat.` };
  for (const name of ['cwd', 'model', 'base-url', 'resume', 'mcp-config'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') return { kind: 'usage_error', message: `--${name} needs a value.` };
  }
  return {
    kind: 'exec',
    options: {
      prompt,
      cwd: values.cwd,
      model: values.model,
      baseUrl: values['base-url'],
      provider: provider?.data,
      dialect: dialect.data,
      effort: effort as Effort,
      approveEdits: values['approve-edits'] ?? false,
      approveCommands: values['approve-commands'] ?? false,
      sandbox: values.sandbox ? 'require' : values['no-sandbox'] ? 'off' : 'auto',
      mcpConfig: values['mcp-config'],
      approveMcp: values['approve-mcp'] ?? false,
      json: values.json ?? false,
      resume: values.resume,
    },
  };
}
