// `codewright exec`: one headless turn. Builds the provider from flags and environment, opens or resumes the session
// in $CODEWRIGHT_HOME/sessions, runs it through the CLI host, and turns the outcome into an exit code.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointingHost } from '../core/checkpoints/checkpointingHost';
import { Checkpoints, workspaceCheckpointDir } from '../core/checkpoints/checkpoints';
import type { ProviderKind } from '../core/providerPresets';
import { resolveProvider, type ProviderConfig } from '../core/providers';
import { CLI_HINTS } from '../core/responses/failureMessage';
import { Session } from '../core/session';
import { FileDialectMemory } from '../core/tools/dialectMemory';
import { SessionStore, SessionStoreError, type SessionRecord } from '../core/sessionStore';
import { DEFAULT_DENY } from '../core/shell/policy';
import { USAGE, parseCommandLine, type ExecOptions } from './args';
import { checkpointBase } from './checkpointCommands';
import { CliHost } from './cliHost';
import { cliInstructions, cliMcpServers } from './projectSetup';
import { adviseServedReplacement, defaultModel } from './modelChoice';
import { humanRenderer, jsonRenderer, usageLine, type Output } from './render';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export type Env = Readonly<Record<string, string | undefined>>;

export interface CliIo extends Output {
  /** Calls back on Ctrl+C; returns the unsubscribe. */
  onInterrupt: (listener: () => void) => () => void;
}

export async function runCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  const command = parseCommandLine(argv);
  if (command.kind === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command.kind === 'usage_error') {
    io.stderr(`codewright: ${command.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  return exec(command.options, env, io);
}

async function exec(options: ExecOptions, env: Env, io: CliIo): Promise<number> {
  const usageError = (message: string) => {
    io.stderr(`codewright: ${message}\n`);
    return EXIT_USAGE;
  };
  const root = path.resolve(options.cwd ?? process.cwd());
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) return usageError(`--cwd ${root} is not a directory.`);

  const home = env['CODEWRIGHT_HOME']?.trim() || path.join(os.homedir(), '.codewright');
  const store = new SessionStore(path.join(home, 'sessions'));
  let resumed: SessionRecord | undefined;
  if (options.resume !== undefined) {
    try {
      resumed = await store.load(options.resume);
    } catch (error) {
      if (error instanceof SessionStoreError)
        return usageError(`${error.message} List the folder to see the saved ids, or run without --resume.`);
      throw error;
    }
  }

  let provider: ProviderConfig;
  try {
    provider = providerFrom(options.baseUrl ?? env['OPENAI_BASE_URL'], env['OPENAI_API_KEY'], options.provider);
  } catch (error) {
    return usageError((error as Error).message);
  }

  const mcp = await cliMcpServers({
    file: options.mcpConfig,
    approve: options.approveMcp,
    root,
    env,
    onProblem: (message) => io.stderr(`codewright: ${message}\n`),
  });
  if ('error' in mcp) return usageError(mcp.error);
  const instructions = await cliInstructions(root, options.prompt);
  const used = instructions.files.map((file) => file.label);
  if (!options.json && used.length > 0) io.stderr(`instructions: ${used.join(', ')}\n`);

  const render = options.json ? jsonRenderer(io) : humanRenderer(io);
  const cliHost = new CliHost({
    root,
    approveEdits: options.approveEdits,
    approveCommands: options.approveCommands,
    emit: render,
    sandbox: options.sandbox,
    notice: (message) => io.stderr(`codewright: ${message}\n`),
  });
  // Every turn that edits or runs something is checkpointed: `codewright restore` takes it back.
  const checkpoints = new Checkpoints({ dir: workspaceCheckpointDir(checkpointBase(env), [root]), roots: [root] });
  const host = new CheckpointingHost(cliHost, checkpoints, () => session.id);
  const session: Session = new Session({
    host,
    provider,
    model: options.model ?? resumed?.model ?? (await defaultModel(provider, home, io)),
    effort: options.effort,
    hints: CLI_HINTS,
    store,
    dialect: options.dialect,
    // Endpoints found to have no /responses, so the next run talks Chat Completions to them at once.
    dialectMemory: await FileDialectMemory.open(path.join(home, 'dialects.json')),
    ...(resumed ? { resume: resumed } : {}),
    ...(instructions.text ? { userInstructions: instructions.text } : {}),
    ...(mcp.servers ? { functionTools: mcp.servers.source } : {}),
    // The deny list refuses in every mode; the flag only decides whether the rest runs or is declined.
    commandPolicy: { mode: options.approveCommands ? 'auto' : 'ask', allow: [], deny: [...DEFAULT_DENY] },
  });

  let interrupted = false;
  const unsubscribe = io.onInterrupt(() => {
    interrupted = true;
    session.cancel();
  });
  let outcome;
  try {
    outcome = await session.send(options.prompt);
  } finally {
    unsubscribe();
    await mcp.servers?.dispose();
  }
  await host.settled();

  if (options.json && outcome.error) io.stderr(`codewright: ${outcome.error.message}\n`);
  if (outcome.error?.code === 'model_not_found') await adviseServedReplacement(session.model, provider, home, io);
  if (outcome.reason === 'step_limit')
    io.stderr('codewright: the agent stopped at its step limit; continue it with --resume and a new prompt.\n');
  if (!options.json) io.stderr(`${usageLine(session.usage)}\n`);
  // A new session that failed before the model answered (no key, a wrong base URL, a refused model) holds nothing worth
  // resuming; one the user interrupted keeps their prompt.
  const answered = session.history.some((item) => !(item.type === 'message' && item.role === 'user'));
  if (outcome.reason === 'error' && !answered && !resumed) await store.delete(session.id);
  else io.stderr(`codewright: session ${session.id} (continue with --resume ${session.id})\n`);

  switch (outcome.reason) {
    case 'completed':
      return EXIT_OK;
    case 'cancelled':
      return interrupted ? EXIT_INTERRUPTED : EXIT_FAILURE;
    default:
      return EXIT_FAILURE;
  }
}

/**
 * A --provider preset: its default base URL unless one is given. No base URL: OpenAI with OPENAI_API_KEY. An Azure host:
 * Azure OpenAI (key sent as api-key). Anything else: a custom
 * OpenAI-compatible endpoint, with the key when one is set and without one otherwise.
 */
export function providerFrom(baseUrl: string | undefined, apiKey: string | undefined, kind?: ProviderKind): ProviderConfig {
  const key = apiKey?.trim() ? { apiKey: apiKey.trim() } : {};
  const url = baseUrl?.trim();
  if (kind) {
    const config: ProviderConfig = { kind, ...(url ? { baseURL: url } : {}), ...key };
    resolveProvider(config);
    return config;
  }
  if (!url) return { kind: 'openai', ...key };
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(`--base-url "${url}" is not a URL: give one like http://localhost:11434/v1.`);
  }
  if (host === 'api.openai.com') return { kind: 'openai', baseURL: url, ...key };
  if (host.endsWith('.openai.azure.com') || host.endsWith('.cognitiveservices.azure.com')) return { kind: 'azure', baseURL: url, ...key };
  if (host === 'openrouter.ai') return { kind: 'openrouter', baseURL: url, ...key };
  return { kind: 'custom', baseURL: url, ...key };
}
