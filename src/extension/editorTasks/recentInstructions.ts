// The refactor instructions the user gave lately, newest first, kept in the extension's global state so every window
// offers them. The stored list is read through zod: global state is a persisted file, and so a trust boundary.
import * as z from 'zod/mini';

/** The part of vscode.Memento used here (global state), so the list can be tested without VS Code. */
export interface InstructionMemory {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

export const RECENT_INSTRUCTIONS_KEY = 'codewright.recentInstructions';
export const MAX_RECENT = 12;
const MAX_LENGTH = 2000;

const StoredSchema = z.array(z.string());

export class RecentInstructions {
  constructor(private readonly memory: InstructionMemory) {}

  /** Newest first; a corrupt stored value reads as an empty list. */
  list(): string[] {
    const parsed = StoredSchema.safeParse(this.memory.get(RECENT_INSTRUCTIONS_KEY));
    if (!parsed.success) return [];
    return parsed.data
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && s.length <= MAX_LENGTH)
      .slice(0, MAX_RECENT);
  }

  /** Moves `instruction` to the front (an earlier copy is removed) and keeps the newest MAX_RECENT. */
  async remember(instruction: string): Promise<void> {
    const text = instruction.trim();
    if (text.length === 0 || text.length > MAX_LENGTH) return;
    const next = [text, ...this.list().filter((s) => s !== text)].slice(0, MAX_RECENT);
    await this.memory.update(RECENT_INSTRUCTIONS_KEY, next);
  }

  async forget(instruction: string): Promise<void> {
    await this.memory.update(
      RECENT_INSTRUCTIONS_KEY,
      this.list().filter((s) => s !== instruction.trim()),
    );
  }
}
