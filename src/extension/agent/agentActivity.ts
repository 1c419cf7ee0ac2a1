// What the agent is doing right now, across the chat and the editor commands' one-off tasks: idle, thinking (a turn is
// running), or waiting for the user (an edit to review or a command to approve). Folded from the events each emits.
import type { ChatEvent } from '../../shared/protocol';

export type AgentState = 'idle' | 'thinking' | 'waiting';

export class AgentActivity {
  /** Running turns by source (the chat, a task id), each with the call ids waiting for the user. */
  private readonly running = new Map<string, Set<string>>();

  /** Folds one event from `source`; true when the overall state or the waiting count changed. */
  apply(source: string, event: ChatEvent): boolean {
    const before = `${this.state}/${this.waiting}`;
    switch (event.type) {
      case 'turn_started':
        this.running.set(source, new Set());
        break;
      case 'turn_finished':
        this.running.delete(source);
        break;
      case 'edit_proposed':
      case 'approval_requested':
        this.pendingOf(source).add(event.callId);
        break;
      case 'edit_settled':
      case 'approval_settled':
        this.running.get(source)?.delete(event.callId);
        break;
      default:
        return false;
    }
    return `${this.state}/${this.waiting}` !== before;
  }

  get state(): AgentState {
    if (this.waiting > 0) return 'waiting';
    return this.running.size > 0 ? 'thinking' : 'idle';
  }

  /** Edits and commands waiting for the user. */
  get waiting(): number {
    let n = 0;
    for (const pending of this.running.values()) n += pending.size;
    return n;
  }

  private pendingOf(source: string): Set<string> {
    let pending = this.running.get(source);
    if (!pending) {
      pending = new Set();
      this.running.set(source, pending);
    }
    return pending;
  }
}
