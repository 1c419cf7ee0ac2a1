// A saved session shown again: the core's reading of its history (messages, reasoning, each tool call and how it
// ended) turned into the chat's transcript entries. Command output is what the model received (head and tail of long
// output); run times are not kept. Line counts of edits are recounted from the patch itself.
import type { HistoryItem } from '../../core/history';
import type { TranscriptEntry } from '../../core/transcript';
import type { Entry } from '../../shared/protocol';

const ATTACHED_FILE = /^Attached file (.+?):\n/;
const ATTACHED_IMAGE = /^Attached image .*:$/;

export function savedEntries(history: readonly HistoryItem[], transcript: readonly TranscriptEntry[]): Entry[] {
  const users = history.filter((item) => item.type === 'message' && (item as { role?: unknown }).role === 'user');
  let userIndex = 0;
  const entries: Entry[] = [];
  for (const [i, t] of transcript.entries()) {
    const id = `saved-${i}`;
    switch (t.kind) {
      case 'user':
        entries.push(userEntry(id, users[userIndex++], t.text));
        break;
      case 'assistant':
        entries.push({ kind: 'assistant', id, text: t.text, streaming: false });
        break;
      case 'reasoning':
        entries.push({ kind: 'reasoning', id, parts: [t.text], streaming: false });
        break;
      case 'compaction':
        entries.push({
          kind: 'notice',
          id,
          text: 'Earlier messages were compacted to fit the context window; the model kept a summary of them.',
        });
        break;
      case 'tool':
        entries.push(toolEntry(t));
        break;
    }
  }
  return entries;
}

function userEntry(id: string, item: HistoryItem | undefined, fallback: string): Entry {
  const parts =
    item && Array.isArray((item as { content?: unknown }).content)
      ? ((item as { content: unknown[] }).content as { type?: unknown; text?: unknown; image_url?: unknown }[])
      : [];
  const prompt: string[] = [];
  const files: string[] = [];
  const images: string[] = [];
  for (const part of parts) {
    if (part.type === 'input_image' && typeof part.image_url === 'string' && part.image_url.startsWith('data:image/'))
      images.push(part.image_url);
    if (part.type !== 'input_text' || typeof part.text !== 'string') continue;
    const file = ATTACHED_FILE.exec(part.text);
    if (file) files.push(file[1]!);
    else if (!ATTACHED_IMAGE.test(part.text)) prompt.push(part.text);
  }
  return { kind: 'user', id, text: parts.length ? prompt.join('\n') : fallback, files, images };
}

function toolEntry(t: Extract<TranscriptEntry, { kind: 'tool' }>): Entry {
  const ended = { status: t.outcome ?? 'interrupted', ...(t.outcome ? { outcome: t.outcome } : {}), summary: t.summary };
  const call = t.call;
  if (call?.kind === 'apply_patch') {
    const op = call.operation;
    const change = op.type === 'create_file' ? 'create' : op.type === 'delete_file' ? 'delete' : 'update';
    const counted = op.type === 'delete_file' ? {} : patchLineCounts(op.diff);
    const moveTo = op.type === 'update_file' && op.move_to ? { moveTo: op.move_to } : {};
    return { kind: 'edit', id: t.callId, change, path: op.path, ...moveTo, ...counted, pending: false, ...ended };
  }
  if (call?.kind === 'shell') {
    const runs = t.runs.slice(0, call.action.commands.length).map((r, i) => ({ command: call.action.commands[i]!, exitCode: r.exitCode }));
    return {
      kind: 'command',
      id: t.callId,
      commands: call.action.commands,
      pending: false,
      output: t.runs.map((r) => r.output).join(''),
      runs,
      ...ended,
    };
  }
  return {
    kind: 'function',
    id: t.callId,
    name: call?.kind === 'function' ? call.name : 'tool call',
    arguments: call?.kind === 'function' ? call.arguments : '',
    ...ended,
  };
}

/** + and − lines of a V4A patch body (every line of a created file is a + line). */
function patchLineCounts(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}
