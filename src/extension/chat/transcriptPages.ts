// A conversation goes to the view in pages: the newest first, then older ones, so a long chat arrives in small pieces
// and the view shows the end of it at once.
import type { Entry, HostMessage, SessionInfo } from '../../shared/protocol';

/** Entries per replay message. */
export const REPLAY_PAGE = 200;

export interface TranscriptSnapshot {
  /** Numbers this replay, so the view drops pages of an older one. */
  replay: number;
  session: SessionInfo | null;
  entries: readonly Entry[];
  running: boolean;
  usage?: Extract<HostMessage, { type: 'transcript' }>['usage'];
}

export function transcriptMessages(snapshot: TranscriptSnapshot): HostMessage[] {
  const { replay, entries } = snapshot;
  let start = Math.max(0, entries.length - REPLAY_PAGE);
  const messages: HostMessage[] = [
    {
      type: 'transcript',
      replay,
      session: snapshot.session,
      entries: entries.slice(start),
      running: snapshot.running,
      ...(snapshot.usage ? { usage: snapshot.usage } : {}),
    },
  ];
  while (start > 0) {
    const end = start;
    start = Math.max(0, start - REPLAY_PAGE);
    messages.push({ type: 'transcript_older', replay, entries: entries.slice(start, end) });
  }
  return messages;
}
