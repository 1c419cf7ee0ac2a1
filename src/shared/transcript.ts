// How the stream of chat events folds into the transcript the chat shows. The webview and the host run the same
// fold: the webview to render, the host to replay the conversation when the view is shown again.
import type { ChatEvent, Entry } from './protocol';

type EntryOf<K extends Entry['kind']> = Extract<Entry, { kind: K }>;

/** Live command output kept per card; older output scrolls off (the model gets its own, separately limited copy). */
export const MAX_OUTPUT_CHARS = 100_000;

export interface Change {
  entry: Entry;
  /** True when the entry is new (appended), false when an existing entry changed. */
  added: boolean;
}

export function entryKey(entry: Pick<Entry, 'kind' | 'id'>): string {
  return `${entry.kind}:${entry.id}`;
}

export class Transcript {
  readonly entries: Entry[] = [];
  private readonly index = new Map<string, Entry>();
  private turnId = '';
  private serial = 0;

  constructor(entries: readonly Entry[] = []) {
    for (const e of entries) this.push(e);
  }

  /** Puts earlier entries (a page of a replay) before the current ones. */
  prepend(older: readonly Entry[]): void {
    this.entries.unshift(...older);
    for (const e of older) this.index.set(entryKey(e), e);
  }

  /** Folds one event in; returns the entries it added or changed, in order. */
  apply(event: ChatEvent): Change[] {
    switch (event.type) {
      case 'turn_started':
        this.turnId = event.turnId;
        return [];
      case 'text_delta': {
        const { entry, added } = this.ensure('assistant', event.itemId, () => ({
          kind: 'assistant',
          id: event.itemId,
          text: '',
          streaming: true,
        }));
        entry.text += event.delta;
        entry.streaming = true;
        return [{ entry, added }, ...this.endReasoning()];
      }
      case 'text_done': {
        const { entry, added } = this.ensure('assistant', event.itemId, () => ({
          kind: 'assistant',
          id: event.itemId,
          text: '',
          streaming: false,
        }));
        entry.text = event.text;
        entry.streaming = false;
        return [{ entry, added }];
      }
      case 'reasoning_delta': {
        const { entry, added } = this.ensure('reasoning', event.itemId, () => ({
          kind: 'reasoning',
          id: event.itemId,
          parts: [],
          streaming: true,
        }));
        while (entry.parts.length <= event.summaryIndex) entry.parts.push('');
        entry.parts[event.summaryIndex] += event.delta;
        entry.streaming = true;
        return [{ entry, added }];
      }
      case 'reasoning_done': {
        const { entry, added } = this.ensure('reasoning', event.itemId, () => ({
          kind: 'reasoning',
          id: event.itemId,
          parts: [],
          streaming: false,
        }));
        while (entry.parts.length <= event.summaryIndex) entry.parts.push('');
        entry.parts[event.summaryIndex] = event.text;
        entry.streaming = false;
        return [{ entry, added }];
      }
      case 'tool_call_started':
        return [this.startCall(event.call), ...this.endReasoning()];
      case 'tool_call_updated': {
        const entry = this.call(event.callId);
        if (!entry) return [];
        entry.status = event.status;
        if (event.outputDelta && entry.kind === 'command') entry.output = clip(entry.output + event.outputDelta);
        if (event.images?.length && entry.kind === 'function') entry.images = [...(entry.images ?? []), ...event.images];
        return [{ entry, added: false }];
      }
      case 'tool_call_finished': {
        const entry = this.call(event.callId);
        if (!entry) return [];
        entry.outcome = event.outcome;
        entry.summary = event.summary;
        entry.status = event.outcome;
        if (entry.kind !== 'function') entry.pending = false;
        return [{ entry, added: false }];
      }
      case 'usage': {
        const id = `usage:${this.turnId || this.serial}`;
        const { turn, session, contextTokens, contextWindow } = event;
        const { entry, added } = this.ensure('usage', id, () => ({ kind: 'usage', id, turn, session, contextTokens, contextWindow }));
        Object.assign(entry, { turn, session, contextTokens, contextWindow });
        return [{ entry, added }];
      }
      case 'retrying':
        return [this.notice(`Retrying in ${Math.max(1, Math.round(event.delayMs / 1000))} s (attempt ${event.attempt}): ${event.reason}`)];
      case 'compacted':
        return [this.notice(`Compacted the conversation to fit the context window (it was ${formatTokens(event.tokensBefore)} tokens).`)];
      case 'error': {
        const entry: Entry = { kind: 'error', id: this.nextId('error'), message: event.message, retryable: event.retryable };
        if (event.code !== undefined) entry.code = event.code;
        return [...this.endStreaming(), this.push(entry)];
      }
      case 'turn_finished': {
        const changes = this.settleAll();
        if (event.reason === 'cancelled') changes.push(this.notice('Stopped.'));
        if (event.reason === 'step_limit')
          changes.push(this.notice('Stopped after the maximum number of steps for one request. Send "continue" to go on.'));
        return changes;
      }
      case 'user_message': {
        const entry: Entry = { kind: 'user', id: event.id, text: event.text, files: event.files, images: event.images };
        if (event.selection) entry.selection = event.selection;
        return [this.push(entry)];
      }
      case 'edit_proposed': {
        const { entry, added } = this.ensure('edit', event.callId, () => ({
          kind: 'edit',
          id: event.callId,
          change: event.change,
          path: event.path,
          status: 'awaiting_review',
          pending: true,
        }));
        entry.change = event.change;
        entry.path = event.path;
        if (event.moveTo) entry.moveTo = event.moveTo;
        entry.added = event.added;
        entry.removed = event.removed;
        entry.pending = entry.outcome === undefined;
        return [{ entry, added }];
      }
      case 'edit_settled':
        return this.unpend('edit', event.callId);
      case 'approval_requested': {
        const { entry, added } = this.ensure('command', event.callId, () => ({
          kind: 'command',
          id: event.callId,
          commands: event.commands,
          status: 'awaiting_approval',
          pending: true,
          output: '',
          runs: [],
        }));
        if (event.why) entry.why = event.why;
        entry.allowable = event.allowable;
        entry.pending = entry.outcome === undefined;
        return [{ entry, added }];
      }
      case 'approval_settled':
        return this.unpend('command', event.callId);
      case 'command_started': {
        const entry = this.find('command', event.callId);
        if (!entry) return [];
        entry.runs.push({ command: event.command });
        return [{ entry, added: false }];
      }
      case 'command_exited': {
        const entry = this.find('command', event.callId);
        const run = entry?.runs.findLast((r) => r.exitCode === undefined);
        if (!entry || !run) return [];
        run.exitCode = event.exitCode;
        run.durationMs = event.durationMs;
        return [{ entry, added: false }];
      }
    }
  }

  private startCall(call: Extract<ChatEvent, { type: 'tool_call_started' }>['call']): Change {
    switch (call.kind) {
      case 'apply_patch': {
        const op = call.operation;
        const change = op.type === 'create_file' ? 'create' : op.type === 'delete_file' ? 'delete' : 'update';
        const { entry, added } = this.ensure('edit', call.callId, () => ({
          kind: 'edit',
          id: call.callId,
          change,
          path: op.path,
          status: 'proposed',
          pending: false,
        }));
        if (op.type === 'update_file' && op.move_to) entry.moveTo = op.move_to;
        return { entry, added };
      }
      case 'shell': {
        const { entry, added } = this.ensure('command', call.callId, () => ({
          kind: 'command',
          id: call.callId,
          commands: call.action.commands,
          status: 'proposed',
          pending: false,
          output: '',
          runs: [],
        }));
        return { entry, added };
      }
      case 'function':
        return this.ensure('function', call.callId, () => ({
          kind: 'function',
          id: call.callId,
          name: call.name,
          arguments: call.arguments,
          status: 'proposed',
        }));
    }
  }

  private call(callId: string): EntryOf<'edit' | 'command' | 'function'> | undefined {
    return this.find('edit', callId) ?? this.find('command', callId) ?? this.find('function', callId);
  }

  private find<K extends Entry['kind']>(kind: K, id: string): EntryOf<K> | undefined {
    return this.index.get(`${kind}:${id}`) as EntryOf<K> | undefined;
  }

  private ensure<K extends Entry['kind']>(kind: K, id: string, create: () => EntryOf<K>): { entry: EntryOf<K>; added: boolean } {
    const found = this.find(kind, id);
    if (found) return { entry: found, added: false };
    const entry = create();
    this.push(entry);
    return { entry, added: true };
  }

  private push(entry: Entry): Change {
    this.entries.push(entry);
    this.index.set(entryKey(entry), entry);
    return { entry, added: true };
  }

  private unpend(kind: 'edit' | 'command', id: string): Change[] {
    const entry = this.find(kind, id);
    if (!entry || !entry.pending) return [];
    entry.pending = false;
    return [{ entry, added: false }];
  }

  private notice(text: string): Change {
    return this.push({ kind: 'notice', id: this.nextId('notice'), text });
  }

  private nextId(prefix: string): string {
    return `${prefix}:${this.turnId}:${++this.serial}`;
  }

  /** Reasoning that streamed before the answer is over once the answer or a tool call starts. */
  private endReasoning(): Change[] {
    const changes: Change[] = [];
    for (let i = this.entries.length - 1; i >= 0 && i >= this.entries.length - 8; i--) {
      const e = this.entries[i]!;
      if (e.kind === 'reasoning' && e.streaming) {
        e.streaming = false;
        changes.push({ entry: e, added: false });
      }
    }
    return changes;
  }

  /** A failed stream keeps what arrived, but nothing of it is still streaming. */
  private endStreaming(): Change[] {
    const changes: Change[] = [];
    for (let i = this.entries.length - 1; i >= 0 && this.entries[i]!.kind !== 'user'; i--) {
      const e = this.entries[i]!;
      if ((e.kind === 'assistant' || e.kind === 'reasoning') && e.streaming) {
        e.streaming = false;
        changes.push({ entry: e, added: false });
      }
    }
    return changes;
  }

  /** At the end of a turn nothing streams and nothing waits on the user any more. */
  private settleAll(): Change[] {
    const changes: Change[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.kind === 'user') break;
      if (
        ((e.kind === 'assistant' || e.kind === 'reasoning') && e.streaming) ||
        ((e.kind === 'edit' || e.kind === 'command') && e.pending)
      ) {
        if (e.kind === 'assistant' || e.kind === 'reasoning') e.streaming = false;
        else e.pending = false;
        changes.push({ entry: e, added: false });
      }
    }
    return changes;
  }
}

function clip(output: string): string {
  return output.length <= MAX_OUTPUT_CHARS ? output : `…${output.slice(output.length - MAX_OUTPUT_CHARS + 1)}`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}
