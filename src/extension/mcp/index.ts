// The MCP feature: the workspace's servers as a tool source for every chat session, the approval asked before each call,
// Codewright: Show MCP Servers (each server's state and tools, with Restart), and a status bar item while one is down.
import vscode = require('vscode');
import type { McpServerStatus } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import { McpApprovals, vscodeMcpDialogs } from './mcpApproval';
import { WorkspaceServers } from './workspaceServers';

export interface McpDeps {
  log: vscode.LogOutputChannel;
  agent: () => AgentModule;
  /** Defaults to the workspace's trust; tests simulate Restricted Mode. */
  isTrusted?: () => boolean;
}

export interface McpFeature {
  servers: WorkspaceServers;
  approvals: McpApprovals;
}

export function registerMcp(context: vscode.ExtensionContext, deps: McpDeps): McpFeature {
  const approvals = new McpApprovals(context.workspaceState, vscodeMcpDialogs);
  const servers = new WorkspaceServers({
    agent: deps.agent,
    log: deps.log,
    approvals,
    isTrusted: deps.isTrusted ?? (() => vscode.workspace.isTrusted),
    warn: (message) => void vscode.window.showWarningMessage(`Codewright: ${message}`),
  });
  const item = vscode.window.createStatusBarItem('codewright.mcp', vscode.StatusBarAlignment.Right, 99);
  item.name = 'Codewright MCP Servers';
  item.command = 'codewright.showMcpServers';
  const render = () => {
    const down = servers.status().filter((server) => server.state === 'failed');
    if (down.length === 0) return item.hide();
    item.text = `$(warning) MCP: ${down.length} down`;
    item.tooltip = down.map((server) => server.problem ?? `${server.name} is down`).join('\n');
    item.show();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/mcp.json');
  context.subscriptions.push(
    servers,
    item,
    watcher,
    servers.onDidChange(render),
    watcher.onDidChange(() => servers.reload()),
    watcher.onDidCreate(() => servers.reload()),
    watcher.onDidDelete(() => servers.reload()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => servers.reload()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('codewright.mcp')) servers.reload();
    }),
    vscode.commands.registerCommand('codewright.showMcpServers', () => showServers(servers)),
  );
  return { servers, approvals };
}

const ICONS: Record<McpServerStatus['state'], string> = {
  running: '$(pass)',
  starting: '$(loading~spin)',
  stopped: '$(circle-outline)',
  failed: '$(error)',
};

async function showServers(servers: WorkspaceServers): Promise<void> {
  const list = servers.status();
  if (list.length === 0) {
    const message = vscode.workspace.isTrusted
      ? 'No MCP server has started yet: servers in .vscode/mcp.json or codewright.mcp.servers start when the chat first needs them.'
      : 'MCP servers do not start in Restricted Mode. Trust this folder to use them.';
    void vscode.window.showInformationMessage(`Codewright: ${message}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    list.map((server) => ({
      label: `${ICONS[server.state]} ${server.name}`,
      description: `${server.state} · ${server.type} · ${server.source}`,
      detail: server.problem ?? (server.tools.length > 0 ? server.tools.map((tool) => tool.tool).join(', ') : 'no tools'),
      server,
    })),
    { title: 'Codewright: MCP Servers', placeHolder: 'Pick a server to restart it' },
  );
  if (!picked) return;
  await servers.restart(picked.server.name);
}
