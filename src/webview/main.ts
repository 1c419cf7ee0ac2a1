// The chat webview's entry point.
import type { ProviderInfo } from '../protocol';
import { acquireBridge, listen, send } from './vscodeApi';

const bridge = acquireBridge();
const app = document.getElementById('app')!;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

const header = element('header', 'cw-header');
const providerLabel = element('span', 'cw-provider');
const modelLabel = element('span', 'cw-model');
header.append(element('span', 'codicon codicon-sparkle'), providerLabel, modelLabel);

const empty = element('section', 'cw-empty');
empty.setAttribute('aria-live', 'polite');
const emptyTitle = element('h2', 'cw-empty-title', 'Ask Codewright about this workspace');
const emptyHint = element('p', 'cw-empty-hint', 'It can explain code, propose edits you review as diffs, and run commands you approve.');
const keyButton = element('button', 'cw-button', 'Set API Key');
keyButton.hidden = true;
keyButton.addEventListener('click', () => send(bridge, { type: 'command', command: 'setApiKey' }));
empty.append(emptyTitle, emptyHint, keyButton);

app.append(header, empty);

function showProvider(provider: ProviderInfo): void {
  providerLabel.textContent = provider.label;
  modelLabel.textContent = provider.model;
  header.title = `${provider.label} · ${provider.model}`;
  keyButton.hidden = provider.hasApiKey;
}

listen((message) => {
  switch (message.type) {
    case 'provider':
      showProvider(message.provider);
      return;
  }
});

send(bridge, { type: 'ready' });
