// Turns whatever was thrown into the one line a log or a message shows.
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
