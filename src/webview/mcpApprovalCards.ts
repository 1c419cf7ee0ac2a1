// MCP tool calls waiting for the user, as cards above the composer: the server, the tool and the arguments, with
// Allow / Always allow this tool / Deny. What the model wrote is hostile: every name and the arguments show hidden
// and direction-changing characters spelled out, with a warning line.
import { invisibleWarning, revealInvisible } from '../shared/invisibleText';
import type { McpApprovalCard, WebviewMessage } from '../shared/protocol';
import { el, icon, textButton } from './dom';

export class McpApprovalCards {
  readonly root = el('div.cw-mcp-cards', { 'aria-live': 'polite' });
  private readonly cards = new Map<string, HTMLElement>();

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.root.hidden = true;
  }

  show(card: McpApprovalCard): void {
    const answer = (decision: 'allow' | 'always' | 'deny') => {
      this.settle(card.callId);
      this.post({ type: 'mcp_answer', callId: card.callId, decision });
    };
    const warning = [card.server, card.tool, card.functionName, card.arguments].map(invisibleWarning).find((w) => w !== undefined);
    const root = el(
      'section.cw-card.cw-mcp-card',
      { 'aria-label': `MCP tool ${card.tool} of ${card.server}` },
      el(
        'div.cw-card-head',
        {},
        icon('plug'),
        el('span', {}, 'Run the MCP tool '),
        el('strong.cw-mcp-tool', {}, revealInvisible(card.tool)),
        el('span', {}, ' of the server '),
        el('strong.cw-mcp-server', {}, revealInvisible(card.server)),
        el('span', {}, '?'),
      ),
      el('pre.cw-mcp-arguments', { 'aria-label': 'Arguments' }, revealInvisible(card.arguments)),
      ...(warning ? [el('p.cw-why', { role: 'alert' }, icon('warning'), warning)] : []),
      el(
        'div.cw-card-actions',
        {},
        textButton('Allow', () => answer('allow'), { iconName: 'check' }),
        textButton('Always allow this tool', () => answer('always'), { secondary: true }),
        textButton('Deny', () => answer('deny'), { secondary: true, iconName: 'close' }),
      ),
    );
    root.title = revealInvisible(card.functionName);
    this.settle(card.callId);
    this.cards.set(card.callId, root);
    this.root.append(root);
    this.root.hidden = false;
  }

  /** The card is answered or its turn is over. */
  settle(callId: string): void {
    this.cards.get(callId)?.remove();
    this.cards.delete(callId);
    this.root.hidden = this.cards.size === 0;
  }
}
