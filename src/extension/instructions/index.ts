// The instructions feature: at each turn, the AGENTS.md files that apply (each folder's root file, and those of the folders
// the turn works in: the active editor's, the attached files', the paths the prompt names) and codewright.instructions after
// them. In Restricted Mode AGENTS.md is sent only when the user allows it. Codewright: Show Instruction Files lists the last
// turn's files; picking one opens it.
import path from 'node:path';
import vscode = require('vscode');
import type { InstructionFile, InstructionSource } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';
import { readProjectToolSettings } from '../mcp/mcpSettings';

export interface InstructionsDeps {
  log: vscode.LogOutputChannel;
  agent: () => AgentModule;
  /** Defaults to the workspace's trust; tests simulate Restricted Mode. */
  isTrusted?: () => boolean;
}

export interface InstructionsFeature {
  /** The session's instruction source (SessionOptions.instructions). */
  source: InstructionSource;
  /** The AGENTS.md files the last turn used. */
  readonly lastFiles: readonly InstructionFile[];
  /** Fires with the files of each turn. */
  readonly onDidLoad: vscode.Event<readonly InstructionFile[]>;
}

export function registerInstructions(context: vscode.ExtensionContext, deps: InstructionsDeps): InstructionsFeature {
  const loaded = new vscode.EventEmitter<readonly InstructionFile[]>();
  const isTrusted = deps.isTrusted ?? (() => vscode.workspace.isTrusted);
  let lastFiles: readonly InstructionFile[] = [];
  const source: InstructionSource = async (turn) => {
    const agent = deps.agent();
    const settings = readProjectToolSettings((m) => deps.log.warn(m));
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const active = vscode.window.activeTextEditor?.document.uri;
    const focus = [
      ...(active?.scheme === 'file' ? [active.fsPath] : []),
      ...turn.files.flatMap((file) => roots.map((root) => path.resolve(root, file))),
      ...(await agent.focusFromPrompt(roots, turn.prompt)),
    ];
    const result = await agent.loadProjectInstructions({
      roots,
      focus,
      standing: settings.instructions,
      readAgentsFiles: isTrusted() || settings['agentsFile.allowInRestrictedMode'],
    });
    lastFiles = result.files;
    if (result.files.length > 0) deps.log.info(`Instructions for this turn: ${result.files.map((file) => file.label).join(', ')}`);
    loaded.fire(result.files);
    return result.text;
  };
  context.subscriptions.push(
    loaded,
    vscode.commands.registerCommand('codewright.showInstructionFiles', async () => {
      if (lastFiles.length === 0) {
        void vscode.window.showInformationMessage('Codewright: the last turn used no AGENTS.md file.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        lastFiles.map((file) => ({ label: file.label, description: file.truncated ? 'cut to fit 32 KB' : '', detail: file.path, file })),
        { title: 'Codewright: instruction files of the last turn', placeHolder: 'Pick one to open it' },
      );
      if (picked) await vscode.window.showTextDocument(vscode.Uri.file(picked.file.path), { preview: true });
    }),
  );
  return {
    source,
    get lastFiles() {
      return lastFiles;
    },
    onDidLoad: loaded.event,
  };
}
