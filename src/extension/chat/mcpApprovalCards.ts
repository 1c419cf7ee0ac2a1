// MCP approval as a card in the chat: while the chat is visible, each MCP tool call is asked there (server, tool,
// arguments; Allow / Always allow this tool / Deny); when it is not, the modal asks instead. A card still waiting
// when the page reloads (a hidden view is discarded) is shown again; a cancelled turn takes its card away.
import vscode = require('vscode');
import { MAX_MCP_CARD_ARGUMENTS, type McpApprovalCard, type WebviewMessage } from '../../shared/protocol';
import type { McpApprovalRequest } from '../../core/index';
import { vscodeMcpDialogs, type McpAnswer, type McpApprovals, type McpDialogs } from '../mcp/mcpApproval';
import type { ChatViewProvider } from './chatView';

type CardView = Pick<ChatViewProvider, 'visible' | 'post' | 'postWhenReady' | 'onDidReceiveMessage'>;

interface Waiting {
  card: McpApprovalCard;
  answer(answer: McpAnswer | undefined): void;
}

/** The arguments as the card shows them: pretty-printed JSON, cut with a note when long. */
export function cardArguments(args: Record<string, unknown>): string {
  const text = JSON.stringify(args, null, 2);
  if (text.length <= MAX_MCP_CARD_ARGUMENTS) return text;
  return `${text.slice(0, MAX_MCP_CARD_ARGUMENTS)}\n… (${text.length - MAX_MCP_CARD_ARGUMENTS} more characters not shown)`;
}

export class McpApprovalCards implements McpDialogs, vscode.Disposable {
  private readonly waiting = new Map<string, Waiting>();
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly view: CardView,
    private readonly fallback: McpDialogs,
  ) {
    this.listener = view.onDidReceiveMessage((message) => this.received(message));
  }

  ask(request: McpApprovalRequest, signal: AbortSignal): Thenable<McpAnswer | undefined> {
    if (!this.view.visible) return this.fallback.ask(request, signal);
    const card: McpApprovalCard = {
      callId: request.callId,
      server: request.server,
      tool: request.tool,
      functionName: request.functionName,
      arguments: cardArguments(request.arguments),
    };
    return new Promise((resolve) => {
      const settle = (answer: McpAnswer | undefined) => {
        signal.removeEventListener('abort', cancel);
        this.waiting.delete(card.callId);
        this.view.post({ type: 'mcp_settled', callId: card.callId });
        resolve(answer);
      };
      const cancel = () => settle(undefined);
      if (signal.aborted) return resolve(undefined);
      signal.addEventListener('abort', cancel, { once: true });
      this.waiting.set(card.callId, { card, answer: settle });
      this.view.post({ type: 'mcp_approval', card });
    });
  }

  private received(message: WebviewMessage): void {
    if (message.type === 'ready') for (const { card } of this.waiting.values()) this.view.postWhenReady({ type: 'mcp_approval', card });
    // An answer for a card that is no longer waiting (answered twice, or its turn was cancelled) is ignored.
    if (message.type === 'mcp_answer') this.waiting.get(message.callId)?.answer(message.decision);
  }

  dispose(): void {
    this.listener.dispose();
    for (const waiting of [...this.waiting.values()]) waiting.answer(undefined);
  }
}

/** MCP calls ask in the chat from now on (the modal when it is hidden). */
export function askMcpInChat(view: CardView, approvals: McpApprovals): vscode.Disposable {
  const cards = new McpApprovalCards(view, vscodeMcpDialogs);
  approvals.useDialogs(cards);
  return cards;
}
