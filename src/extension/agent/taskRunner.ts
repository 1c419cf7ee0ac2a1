// An editor command's one-off task runs in a session of its own (not the chat's, not saved). Its command approvals use
// the modal, since the chat does not show the task; a read-only task has edits and commands turned off.
import type { TurnOutcome } from '../../core/index';
import type { ChatEvent } from '../../shared/protocol';
import type { AgentTask, TaskRunner } from '../editorTasks/taskProgress';
import type { AgentEvents } from './agentEvents';
import type { SessionFactory } from './sessionFactory';

export class EditorTaskRunner implements TaskRunner {
  private started = 0;

  constructor(
    private readonly sessions: SessionFactory,
    private readonly events: AgentEvents,
  ) {}

  async runTask(task: AgentTask, signal: AbortSignal, onEvent: (event: ChatEvent) => void): Promise<TurnOutcome> {
    // Numbered, so two runs of the same command keep apart in the status bar and the log.
    const source = `${task.title} #${++this.started}`;
    const chat = {
      emit: (event: ChatEvent) => {
        onEvent(event);
        this.events.fire(source, event);
      },
      visible: false,
    };
    const { session } = this.sessions.create({ chat, readOnly: task.readOnly === true });
    session.setProvider(await this.sessions.provider());
    return session.send(task.input, signal);
  }
}
