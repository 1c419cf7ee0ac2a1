// The chat webview's entry point: lays out the view and routes the extension's messages to its parts.
import type { Entry, ProviderInfo, WebviewMessage, WorkspaceSummary } from '../shared/protocol';
import { ApprovalToggles } from './approvalToggles';
import { describeTotal } from './cardViews';
import { codeBlockDecorator } from './codeBlocks';
import { Composer } from './composer';
import { el, icon, textButton } from './dom';
import { HistoryPanel } from './historyPanel';
import { instructionsLine } from './instructionsLine';
import { warmUp } from './markdown';
import { McpApprovalCards } from './mcpApprovalCards';
import { ModelNotice } from './modelNotice';
import { routeLinks } from './links';
import { suggestedPrompts } from './suggestedPrompts';
import { TranscriptView } from './transcriptView';
import { acquireBridge, listen, send } from './vscodeApi';

const bridge = acquireBridge();
const post = (message: WebviewMessage) => send(bridge, message);
const saved = bridge.getState() as { draft?: unknown } | undefined;
const app = document.getElementById('app')!;

const providerLabel = el('span.cw-provider');
const modelLabel = el('span.cw-model');
const dialectLabel = el('span.cw-dialect');
dialectLabel.hidden = true;
const approvals = new ApprovalToggles(post);
const modelNotice = new ModelNotice(post);
const header = el(
  'header.cw-header',
  {},
  el('div.cw-header-provider', {}, icon('sparkle'), providerLabel, modelLabel, dialectLabel),
  modelNotice.root,
  approvals.root,
);
/** The model the chat picked when none is configured (from the config message); a configured model comes with the provider. */
let chosenModel = '';

const keyButton = textButton('Set API Key', () => post({ type: 'command', command: 'setApiKey' }), { iconName: 'key' });
keyButton.hidden = true;
const suggestions = el('div.cw-suggestions', { role: 'group', 'aria-label': 'Suggested prompts' });
suggestions.hidden = true;
const empty = el(
  'section.cw-empty',
  { 'aria-live': 'polite' },
  el('h2.cw-empty-title', {}, 'Ask Codewright about this workspace'),
  el('p.cw-empty-hint', {}, 'It can explain code, propose edits you review as diffs, and run commands you approve.'),
  keyButton,
  suggestions,
);

const transcript = new TranscriptView({ post, decorate: codeBlockDecorator(post) }, (count) => (empty.hidden = count > 0));
const sessionUsage = el('div.cw-session-usage', { role: 'status', 'aria-label': 'Usage of this chat' });
sessionUsage.hidden = true;
const composer = new Composer({
  post,
  draft: typeof saved?.draft === 'string' ? saved.draft : '',
  saveDraft: (draft) => bridge.setState({ draft }),
});
const history = new HistoryPanel(post, () => composer.focus());
const mcpCards = new McpApprovalCards(post);

const body = el('div.cw-body', {}, empty, transcript.root, transcript.jumpButton);
app.append(header, history.root, body, sessionUsage, mcpCards.root, composer.root);
routeLinks(document, post);

function showSuggestions(workspace: WorkspaceSummary): void {
  const prompts = suggestedPrompts(workspace);
  suggestions.replaceChildren(
    ...prompts.map((prompt) => {
      const button = textButton(prompt, () => composer.sendPrompt(prompt), { secondary: true, iconName: 'sparkle' });
      button.classList.add('cw-suggestion');
      return button;
    }),
  );
  suggestions.hidden = prompts.length === 0;
}

function showProvider(provider: ProviderInfo): void {
  providerLabel.textContent = provider.label;
  const model = provider.model || chosenModel;
  modelLabel.textContent = model;
  header.title = `${provider.label} · ${model}`;
  keyButton.hidden = provider.hasApiKey;
}

type Totals = Pick<Extract<Entry, { kind: 'usage' }>, 'session' | 'contextTokens' | 'contextWindow'>;

function showUsage(totals: Totals | undefined): void {
  sessionUsage.hidden = !totals;
  if (!totals) return;
  const percent = totals.contextWindow > 0 ? Math.round((totals.contextTokens / totals.contextWindow) * 100) : 0;
  sessionUsage.textContent = `This chat: ${describeTotal(totals.session)} · ${percent}% of the context window`;
}

function lastUsage(entries: readonly Entry[]): Extract<Entry, { kind: 'usage' }> | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind === 'usage') return e;
  }
  return undefined;
}

function setRunning(running: boolean): void {
  composer.setRunning(running);
  app.classList.toggle('cw-running', running);
}

listen((message) => {
  switch (message.type) {
    case 'provider':
      showProvider(message.provider);
      return;
    case 'config':
      chosenModel = message.model;
      modelLabel.textContent = message.model;
      header.title = `${providerLabel.textContent ?? ''} · ${message.model}`;
      dialectLabel.textContent = message.dialect ?? '';
      dialectLabel.hidden = message.dialect === undefined;
      modelNotice.show(message);
      composer.setConfig(message.models, message.model, message.efforts, message.effort);
      return;
    case 'transcript':
      transcript.load(message.entries, message.replay);
      showUsage(lastUsage(message.entries) ?? message.usage);
      setRunning(message.running);
      return;
    case 'transcript_older':
      transcript.prependOlder(message.replay, message.entries);
      return;
    case 'event':
      transcript.apply(message.event);
      if (message.event.type === 'usage') showUsage(lastUsage(transcript.entries));
      return;
    case 'running':
      setRunning(message.running);
      return;
    case 'selection':
      composer.setSelection(message.selection);
      return;
    case 'mention_results':
      composer.mentions.show(message.requestId, message.files);
      return;
    case 'history':
      history.show(message.sessions, message.currentId);
      return;
    case 'show_history':
      history.open();
      return;
    case 'approval_modes':
      approvals.show(message.modes);
      return;
    case 'workspace':
      showSuggestions(message.workspace);
      return;
    case 'instructions_used':
      transcript.appendAside(instructionsLine(message.files, post));
      return;
    case 'mcp_approval':
      mcpCards.show(message.card);
      return;
    case 'mcp_settled':
      mcpCards.settle(message.callId);
      return;
    case 'draft':
      composer.setDraft(message.text);
      return;
  }
});

post({ type: 'ready' });
warmUp((work) => requestIdleCallback(work, { timeout: 2000 }));
