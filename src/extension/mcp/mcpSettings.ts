// The MCP and instructions settings, read through zod (settings.json is hand-edited): a wrong value falls back to its
// default and is reported once, like the other codewright.* settings.
import vscode = require('vscode');
import * as z from 'zod/mini';

const shape = {
  instructions: z._default(z.string(), ''),
  'agentsFile.allowInRestrictedMode': z._default(z.boolean(), false),
  'mcp.servers': z._default(z.record(z.string(), z.unknown()), () => ({})),
  'mcp.timeoutSeconds': z._default(z.number().check(z.positive(), z.maximum(3600)), 60),
  'mcp.trustedServers': z._default(z.array(z.string()), () => []),
} as const;

type Shape = typeof shape;
export type ProjectToolSettings = { [K in keyof Shape]: z.output<Shape[K]> };

const reported = new Set<string>();

export function readProjectToolSettings(onInvalid: (message: string) => void): ProjectToolSettings {
  const config = vscode.workspace.getConfiguration('codewright');
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape) as [keyof Shape, Shape[keyof Shape]][]) {
    const raw = config.get(key);
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      out[key] = parsed.data;
      continue;
    }
    out[key] = schema.parse(undefined);
    const message = `Setting codewright.${key} has an invalid value (${JSON.stringify(raw)}); using the default.`;
    if (!reported.has(message)) {
      reported.add(message);
      onInvalid(message);
    }
  }
  return out as ProjectToolSettings;
}
