// The function name an MCP tool goes by: `mcp__<server>__<tool>`, fitted to the API's `^[a-zA-Z0-9_-]{1,64}$`. Servers and
// tools may use any characters and any length, so names are sanitised and shortened, and two tools that would end up with the
// same name are told apart by a short hash of their full identity, so neither is lost and the names stay stable across turns.
import { createHash } from 'node:crypto';

export const MAX_TOOL_NAME = 64;
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

function clean(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function hashOf(server: string, tool: string): string {
  return createHash('sha256').update(`${server}\u0000${tool}`).digest('hex').slice(0, 8);
}

/** The plain name, or a shortened one ending in a hash when it is too long. */
export function mcpToolName(server: string, tool: string): string {
  const full = `mcp__${clean(server)}__${clean(tool)}`;
  return full.length <= MAX_TOOL_NAME ? full : withHash(full, server, tool);
}

function withHash(name: string, server: string, tool: string): string {
  const suffix = `_${hashOf(server, tool)}`;
  return `${name.slice(0, MAX_TOOL_NAME - suffix.length)}${suffix}`;
}

/**
 * Names for every (server, tool) pair, in order; a pair whose name is already taken (`a.b` and `a_b` both clean to `a_b`)
 * gets the hashed form instead.
 */
export function assignToolNames(pairs: ReadonlyArray<{ server: string; tool: string }>): string[] {
  const taken = new Set<string>();
  return pairs.map(({ server, tool }) => {
    let name = mcpToolName(server, tool);
    if (taken.has(name)) name = withHash(`mcp__${clean(server)}__${clean(tool)}`.slice(0, MAX_TOOL_NAME - 9), server, tool);
    taken.add(name);
    return name;
  });
}
