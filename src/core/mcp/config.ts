// MCP server definitions in VS Code's `.vscode/mcp.json` shape (`{"servers": {NAME: {...}}}`), read from that file, from the
// `codewright.mcp.servers` setting or from the CLI's --mcp-config file. Each server is checked on its own, so one misconfigured
// entry is reported with its file and field while the others still start. Format as VS Code documents it:
// https://code.visualstudio.com/docs/copilot/reference/mcp-configuration (stdio: command, args, env, cwd; http: url, headers).
import { promises as fs } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as z from 'zod/mini';
import { errorText } from '../../shared/errorText';
import { describeSchemaError } from '../schemaError';

const nonEmpty = z.string().check(z.minLength(1));
const stringMap = z.record(z.string(), z.string());

const StdioEntrySchema = z.object({
  // VS Code infers the type when it is left out: a command means stdio.
  type: z.optional(z.literal('stdio')),
  command: nonEmpty,
  args: z.optional(z.array(z.string())),
  // VS Code lets null remove an inherited variable and numbers stand for their text.
  env: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  cwd: z.optional(nonEmpty),
});

const HttpEntrySchema = z.object({
  type: z.optional(z.literal('http')),
  url: nonEmpty,
  headers: z.optional(stringMap),
});

const FileSchema = z.object({ servers: z.optional(z.record(z.string(), z.unknown())) });

export type McpServerConfig =
  | { name: string; source: string; type: 'stdio'; command: string; args: string[]; env: Record<string, string | null>; cwd?: string }
  | { name: string; source: string; type: 'http'; url: string; headers: Record<string, string> };

export interface McpConfigResult {
  servers: McpServerConfig[];
  /** One sentence per problem, naming the file (or setting) and the field. */
  problems: string[];
}

export interface SubstitutionContext {
  env: Readonly<Record<string, string | undefined>>;
  /** What `${workspaceFolder}` stands for; servers also start here unless they set a cwd. */
  workspaceFolder?: string;
}

/** Reads a config file; a file that does not exist means no servers, one that cannot be read is a problem. */
export async function readMcpConfigFile(file: string, context: SubstitutionContext): Promise<McpConfigResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { servers: [], problems: [] };
    return { servers: [], problems: [`${file} cannot be read (${code ?? errorText(error)}): no server from it was started.`] };
  }
  return parseMcpConfigText(text, file, context);
}

/** Reads a file's text (JSON with comments and trailing commas, as VS Code allows in mcp.json). */
export function parseMcpConfigText(text: string, source: string, context: SubstitutionContext): McpConfigResult {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const first = errors[0]!;
    const { line, column } = lineAndColumn(text, first.offset);
    return {
      servers: [],
      problems: [
        `${source} is not valid JSON (${printParseErrorCode(first.error)} at line ${line}, column ${column}): ` +
          'no server from it was started.',
      ],
    };
  }
  return parseMcpConfig(value, source, context);
}

/** Checks an already-parsed value (the setting, or a file's JSON). */
export function parseMcpConfig(value: unknown, source: string, context: SubstitutionContext): McpConfigResult {
  if (value === undefined || value === null) return { servers: [], problems: [] };
  const file = FileSchema.safeParse(value);
  if (!file.success) {
    return { servers: [], problems: [`${source}: expected an object like {"servers": {"name": {"type": "stdio", "command": "…"}}}.`] };
  }
  const servers: McpServerConfig[] = [];
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(file.data.servers ?? {})) {
    const where = `${source}: servers.${name}`;
    if (name.trim() === '') {
      problems.push(`${source}: a server has an empty name; give it one.`);
      continue;
    }
    try {
      servers.push(serverFrom(name, source, entry, context));
    } catch (error) {
      problems.push(`${where}${(error as Error).message}`);
    }
  }
  return { servers, problems };
}

function serverFrom(name: string, source: string, entry: unknown, context: SubstitutionContext): McpServerConfig {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(' must be an object with a "type".');
  const type = (entry as Record<string, unknown>)['type'] ?? ('url' in entry ? 'http' : 'stdio');
  if (type === 'stdio') {
    const parsed = StdioEntrySchema.safeParse(entry);
    if (!parsed.success) throw new Error(`.${describeSchemaError(parsed.error)}.`);
    const sub = (field: string, text: string) => substitute(text, field, context);
    const env: Record<string, string | null> = {};
    for (const [key, raw] of Object.entries(parsed.data.env ?? {})) env[key] = raw === null ? null : sub(`env.${key}`, String(raw));
    const cwd = parsed.data.cwd === undefined ? context.workspaceFolder : sub('cwd', parsed.data.cwd);
    return {
      name,
      source,
      type: 'stdio',
      command: sub('command', parsed.data.command),
      args: (parsed.data.args ?? []).map((arg, index) => sub(`args.${index}`, arg)),
      env,
      ...(cwd === undefined ? {} : { cwd }),
    };
  }
  if (type === 'http') {
    const parsed = HttpEntrySchema.safeParse(entry);
    if (!parsed.success) throw new Error(`.${describeSchemaError(parsed.error)}.`);
    const url = substitute(parsed.data.url, 'url', context);
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new Error(`.url: "${url}" is not an http(s) URL.`);
    const headers: Record<string, string> = {};
    for (const [key, raw] of Object.entries(parsed.data.headers ?? {})) headers[key] = substitute(raw, `headers.${key}`, context);
    return { name, source, type: 'http', url, headers };
  }
  throw new Error(`.type: "${String(type)}" is not supported; use "stdio" (a command) or "http" (a URL).`);
}

/** `${env:VAR}` and `${workspaceFolder}`; anything else in `${…}` (VS Code's `${input:…}` prompts) is refused with the field. */
function substitute(text: string, field: string, context: SubstitutionContext): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('env:')) {
      const variable = inner.slice(4);
      const value = context.env[variable];
      if (value === undefined) throw new Error(`.${field} uses ${whole}, but ${variable} is not set in the environment.`);
      return value;
    }
    if (inner === 'workspaceFolder' && context.workspaceFolder !== undefined) return context.workspaceFolder;
    throw new Error(`.${field} uses ${whole}, which Codewright cannot fill in: use \${env:NAME} or \${workspaceFolder}.`);
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
