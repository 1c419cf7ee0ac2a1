// The chat history: this workspace's saved chats listed for the view, and reopening, renaming and deleting them.
import type * as vscode from 'vscode';
import { workspaceRoots } from '../agent/vscodeHost';
import type { SessionFactory } from '../agent/sessionFactory';
import type { ChatDialogs } from './chatDialogs';
import type { ChatPort, ChatSession } from './chatSession';

export interface ChatHistoryParts {
  sessions: SessionFactory;
  chat: ChatSession;
  view: ChatPort;
  dialogs: ChatDialogs;
  log: vscode.LogOutputChannel;
}

export class ChatHistory {
  constructor(private readonly parts: ChatHistoryParts) {}

  async post(): Promise<void> {
    const { sessions, problems } = await this.parts.sessions.store().list({ workspaceRoots: workspaceRoots() });
    for (const p of problems) this.parts.log.warn(p.message);
    this.parts.view.post({
      type: 'history',
      sessions: sessions.map((s) => ({ id: s.id, title: s.title, model: s.model, updatedAt: Date.parse(s.updatedAt) || 0 })),
      currentId: this.parts.chat.currentSessionId ?? null,
    });
  }

  async rename(id: string): Promise<void> {
    const { chat, dialogs } = this.parts;
    const current = await this.titleOf(id);
    if (current === undefined) return this.post();
    const title = (await dialogs.askTitle(current))?.trim();
    if (!title) return;
    if (chat.currentSessionId === id) await chat.rename(title);
    else await this.parts.sessions.store().rename(id, title);
    await this.post();
    if (chat.currentSessionId === id) chat.show();
  }

  async delete(id: string): Promise<void> {
    const title = await this.titleOf(id);
    if (title === undefined || !(await this.parts.dialogs.confirmDelete(title))) return;
    // The open chat's stopped turn saves the session as it ends: closed first, or that save would bring the file back.
    await this.parts.chat.close(id);
    await this.parts.sessions.store().delete(id);
    await this.post();
  }

  private async titleOf(id: string): Promise<string | undefined> {
    return this.parts.chat.titleOf(id) ?? (await this.parts.sessions.store().list()).sessions.find((s) => s.id === id)?.title;
  }
}
