// What the project brings to a headless turn: its AGENTS.md files (read as the editor reads them) and, with --mcp-config, its
// MCP servers. Without --approve-mcp every MCP call is declined and the model is told how to allow it; a config file with any
// problem is bad usage, so a CI job fails loudly instead of running without the tools it was given.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseMcpConfigText } from '../core/mcp/config';
import { McpServers } from '../core/mcp/servers';
import { focusFromPrompt, loadProjectInstructions, type ProjectInstructions } from '../core/projectInstructions';

export const MCP_NEEDS_APPROVAL = 'MCP tool calls need approval: rerun with --approve-mcp';

/** The AGENTS.md at the root, and those of the folders the prompt names. */
export async function cliInstructions(root: string, prompt: string): Promise<ProjectInstructions> {
  return loadProjectInstructions({ roots: [root], focus: await focusFromPrompt([root], prompt) });
}

export type McpSetup = { servers: McpServers | undefined } | { error: string };

export interface McpSetupOptions {
  file: string | undefined;
  approve: boolean;
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Where a server's trouble is told (stderr). */
  onProblem: (message: string) => void;
}

export async function cliMcpServers(options: McpSetupOptions): Promise<McpSetup> {
  if (options.file === undefined) return { servers: undefined };
  const file = path.resolve(options.file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: `--mcp-config ${file} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}).` };
  }
  const { servers, problems } = parseMcpConfigText(text, file, { env: options.env, workspaceFolder: options.root });
  if (problems.length > 0) return { error: problems.join('\n') };
  const mcp = new McpServers({
    approve: async () => (options.approve ? { approved: true } : { approved: false, reason: MCP_NEEDS_APPROVAL }),
    onProblem: options.onProblem,
  });
  await mcp.configure(servers);
  return { servers: mcp };
}
