// Proposed edits as read-only virtual documents: the diff editor shows them before anything touches the disk.
// Each proposal gets two URIs under its own scheme (the original snapshot and the proposed content); the path keeps
// the file's name so VS Code picks the right language, the query names the proposal and the side.
import vscode = require('vscode');

export const PROPOSAL_SCHEME = 'codewright-proposal';

export type ProposalSide = 'original' | 'proposed';

export interface ProposalUri {
  callId: string;
  side: ProposalSide;
}

export function proposalUri(callId: string, side: ProposalSide, relativePath: string): vscode.Uri {
  const query = new URLSearchParams({ id: callId, side }).toString();
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${relativePath.replace(/\\/g, '/')}`, query });
}

/** The proposal a URI shows, or undefined for any other document. */
export function parseProposalUri(uri: vscode.Uri): ProposalUri | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const callId = params.get('id');
  const side = params.get('side');
  if (!callId || (side !== 'original' && side !== 'proposed')) return undefined;
  return { callId, side };
}

/** Serves the two sides of each registered proposal; a proposal stays servable until it is forgotten. */
export class ProposalDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, { original: string; proposed: string }>();

  set(callId: string, original: string, proposed: string): void {
    this.contents.set(callId, { original, proposed });
  }

  forget(callId: string): void {
    this.contents.delete(callId);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const parsed = parseProposalUri(uri);
    const entry = parsed && this.contents.get(parsed.callId);
    // A tab restored after a reload points at a proposal that no longer exists: say so instead of failing to open.
    if (!parsed || !entry) return 'This Codewright proposal is no longer pending. Close this tab; the chat shows what happened to it.\n';
    return entry[parsed.side];
  }
}
