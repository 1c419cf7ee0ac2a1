// The short description of the open workspace the empty chat builds its suggested prompts from, read from the names
// of a bounded number of its files (never their contents).
import vscode = require('vscode');
import type { WorkspaceSummary } from '../../shared/protocol';
import { describeWorkspace } from './workspaceDescription';

const MAX_FILES = 2000;
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/build/**,**/target/**,**/.venv/**,**/vendor/**}';

export async function workspaceSummary(): Promise<WorkspaceSummary> {
  const name = vscode.workspace.name ?? '';
  if (!vscode.workspace.workspaceFolders?.length) return { name, languages: [], files: [], hasTests: false };
  const paths = (await vscode.workspace.findFiles('**/*', EXCLUDE, MAX_FILES)).map((uri) => vscode.workspace.asRelativePath(uri, false));
  return describeWorkspace(name, paths);
}
