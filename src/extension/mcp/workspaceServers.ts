// This window's MCP servers: each folder's .vscode/mcp.json and the codewright.mcp.servers setting, started by the core the
// first time a turn needs the tool list, restarted when either changes, stopped with the window. In Restricted Mode none is
// read or started. Problems (a misconfigured file, a server that fails) go to the log and show once as a warning.
import path from 'node:path';
import vscode = require('vscode');
import type { FunctionTool, McpServerConfig, McpServers, McpServerStatus } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import type { McpApprovals } from './mcpApproval';
import { readProjectToolSettings } from './mcpSettings';

export interface WorkspaceServersParts {
  agent: () => AgentModule;
  log: vscode.LogOutputChannel;
  approvals: McpApprovals;
  /** Whether the workspace is trusted (tests simulate Restricted Mode). */
  isTrusted: () => boolean;
  /** Shows a problem sentence to the user. */
  warn: (message: string) => void;
}

export class WorkspaceServers implements vscode.Disposable {
  private servers: McpServers | undefined;
  /** The timeout the servers were created with; a new one needs new servers. */
  private timeoutMs = 0;
  private configured: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly shown = new Set<string>();
  /** Fires when a server starts, fails or stops, and when the configuration changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly parts: WorkspaceServersParts) {}

  /** The agent's tool source (SessionOptions.functionTools). */
  readonly tools = async (signal: AbortSignal, report?: (problem: string) => void): Promise<readonly FunctionTool[]> => {
    if (!this.parts.isTrusted()) return [];
    const servers = this.ensure();
    await this.configured;
    // In a turn the chat says which server failed to start (and the log keeps it); a notification would say it twice.
    const inTurn = report
      ? (problem: string) => {
          this.parts.log.warn(problem);
          report(problem);
        }
      : undefined;
    return servers.tools(signal, inTurn);
  };

  status(): McpServerStatus[] {
    return this.servers?.status() ?? [];
  }

  /** Reads the configuration again; servers whose definition changed restart when next needed. */
  reload(): void {
    if (!this.servers) return;
    this.shown.clear();
    if (readProjectToolSettings((m) => this.parts.log.warn(m))['mcp.timeoutSeconds'] * 1000 !== this.timeoutMs) {
      void this.servers.dispose();
      this.servers = undefined;
      this.changed.fire();
      return;
    }
    this.configured = this.configure(this.servers);
  }

  async restart(name?: string): Promise<void> {
    await this.servers?.restart(name);
  }

  dispose(): void {
    this.changed.dispose();
    void this.servers?.dispose();
    this.servers = undefined;
  }

  private ensure(): McpServers {
    if (this.servers) return this.servers;
    const settings = readProjectToolSettings((m) => this.parts.log.warn(m));
    const servers = new (this.parts.agent().McpServers)({
      approve: (request, signal) => this.parts.approvals.approve(request, signal),
      trustedServers: settings['mcp.trustedServers'],
      timeoutMs: settings['mcp.timeoutSeconds'] * 1000,
      onProblem: (message) => this.problem(message),
      onChange: () => this.changed.fire(),
    });
    this.servers = servers;
    this.timeoutMs = settings['mcp.timeoutSeconds'] * 1000;
    this.configured = this.configure(servers);
    return servers;
  }

  private async configure(servers: McpServers): Promise<void> {
    const agent = this.parts.agent();
    const settings = readProjectToolSettings((m) => this.parts.log.warn(m));
    const folders = vscode.workspace.workspaceFolders?.filter((folder) => folder.uri.scheme === 'file') ?? [];
    const env = process.env;
    const configs: McpServerConfig[] = [];
    const problems: string[] = [];
    for (const folder of folders) {
      const file = path.join(folder.uri.fsPath, '.vscode', 'mcp.json');
      const result = await agent.readMcpConfigFile(file, { env, workspaceFolder: folder.uri.fsPath });
      configs.push(...result.servers);
      problems.push(...result.problems);
    }
    const fromSetting = agent.parseMcpConfig({ servers: settings['mcp.servers'] }, 'Settings: codewright.mcp.servers', {
      env,
      ...(folders[0] ? { workspaceFolder: folders[0].uri.fsPath } : {}),
    });
    problems.push(...fromSetting.problems);
    // A name defined twice: the first definition wins (folders before the setting), and the user is told.
    const seen = new Set<string>();
    const unique = [...configs, ...fromSetting.servers].filter((config) => {
      if (!seen.has(config.name)) return seen.add(config.name);
      problems.push(`The MCP server "${config.name}" in ${config.source} has the same name as one defined earlier, so it was left out.`);
      return false;
    });
    for (const problem of problems) this.problem(problem);
    await servers.configure(unique, settings['mcp.trustedServers']);
    this.changed.fire();
  }

  private problem(message: string): void {
    this.parts.log.warn(message);
    if (this.shown.has(message)) return;
    this.shown.add(message);
    this.parts.warn(message);
  }
}
