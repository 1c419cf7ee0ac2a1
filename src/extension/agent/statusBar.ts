// The status bar item for the agent: the model in use and what the agent is doing (idle, thinking, waiting for the user
// to review an edit or approve a command). Clicking it opens the chat; with no API key it offers to set one.
import vscode = require('vscode');
import { AgentActivity } from './agentActivity';
import type { ChatEvent } from '../../shared/protocol';

export interface StatusParts {
  /** The model from the settings. */
  model(): string;
  /** Whether requests can go out: a key is stored, or the provider needs none. */
  ready(): Promise<boolean>;
}

export class AgentStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('codewright.agent', vscode.StatusBarAlignment.Right, 100);
  private readonly activity = new AgentActivity();
  private hasKey = true;

  constructor(private readonly parts: StatusParts) {
    this.item.name = 'Codewright Agent';
    this.render();
    this.item.show();
    void this.refreshKey();
  }

  get state(): AgentActivity['state'] {
    return this.activity.state;
  }

  /** Every event of the chat and of the editor tasks, by source. */
  observe(source: string, event: ChatEvent): void {
    if (this.activity.apply(source, event)) this.render();
  }

  /** The model or the provider settings changed, or the key did. */
  async refreshKey(): Promise<void> {
    this.hasKey = await this.parts.ready();
    this.render();
  }

  private render(): void {
    const model = this.parts.model();
    const item = this.item;
    item.backgroundColor = undefined;
    if (!this.hasKey) {
      item.text = '$(key) Codewright: set API key';
      item.tooltip = 'Codewright has no API key for the configured provider. Click to set one.';
      item.command = 'codewright.setApiKey';
      return;
    }
    item.command = 'codewright.openChat';
    switch (this.activity.state) {
      case 'idle':
        item.text = `$(sparkle) ${model}`;
        item.tooltip = `Codewright is idle · model ${model}. Click to open the chat.`;
        return;
      case 'thinking':
        item.text = `$(loading~spin) ${model}`;
        item.tooltip = `Codewright is working · model ${model}. Click to open the chat.`;
        return;
      case 'waiting': {
        const n = this.activity.waiting;
        item.text = `$(bell-dot) ${model}: waiting for you`;
        item.tooltip = `Codewright is waiting for your approval (${n} edit${n === 1 ? '' : 's'} or command${n === 1 ? '' : 's'}) · model ${model}. Click to open the chat.`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        return;
      }
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
