// Every event of the chat's sessions and of the editor tasks, tagged with where it came from, for the status bar and
// the log.
import vscode = require('vscode');
import type { ChatEvent } from '../../shared/protocol';

/** Events from the chat carry this source; an editor task's carry its numbered title. */
export const CHAT_SOURCE = 'chat';

export interface SourcedEvent {
  source: string;
  event: ChatEvent;
}

export class AgentEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SourcedEvent>();
  readonly onDidEmit = this.emitter.event;

  fire(source: string, event: ChatEvent): void {
    this.emitter.fire({ source, event });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
