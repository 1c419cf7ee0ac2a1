// The responses the fake keeps (those created with store:true), so previous_response_id and items sent back by
// bare id resolve like on the real API, and so the history of a chain can be checked for unanswered tool calls.
export interface StoredResponse {
  id: string;
  previousResponseId: string | null;
  input: readonly Record<string, unknown>[];
  output: readonly Record<string, unknown>[];
}

export class ResponseStore {
  private readonly responses = new Map<string, StoredResponse>();
  private readonly items = new Map<string, Record<string, unknown>>();

  save(stored: StoredResponse): void {
    this.responses.set(stored.id, stored);
    for (const item of stored.output) {
      if (typeof item.id === 'string') this.items.set(item.id, item);
    }
  }

  get(id: string): StoredResponse | undefined {
    return this.responses.get(id);
  }

  item(id: string): Record<string, unknown> | undefined {
    return this.items.get(id);
  }

  /** Every item the chain ending at `id` carries, oldest first: each response's input, then its output. */
  history(id: string): Record<string, unknown>[] {
    const chain: StoredResponse[] = [];
    const seen = new Set<string>();
    for (let current = this.responses.get(id); current && !seen.has(current.id);) {
      seen.add(current.id);
      chain.unshift(current);
      current = current.previousResponseId ? this.responses.get(current.previousResponseId) : undefined;
    }
    return chain.flatMap((r) => [...r.input, ...r.output]);
  }
}
