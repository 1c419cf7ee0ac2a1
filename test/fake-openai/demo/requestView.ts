// What the demo model reads from a /v1/responses request: the conversation's items, the latest user message (its prompt and
// its attached files), the tool results that answer the latest calls, and which tool dialect the request offers.
import * as z from 'zod';
import type { RecordedRequest } from '../script';

const ItemSchema = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.unknown().optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  status: z.string().optional(),
  output: z.unknown().optional(),
  operation: z.looseObject({ type: z.string(), path: z.string() }).optional(),
  action: z.looseObject({ commands: z.array(z.string()).optional() }).optional(),
});
export type Item = z.infer<typeof ItemSchema>;

const ToolSchema = z.looseObject({ type: z.string(), name: z.string().optional() });
const RequestSchema = z.looseObject({
  input: z.union([z.string(), z.array(z.unknown())]),
  tools: z.array(z.unknown()).optional(),
});

/** `builtin`: the Responses API's apply_patch and shell tools; `function`: function tools of those names; `none`: no tools. */
export type ToolDialect = 'builtin' | 'function' | 'none';

export interface RequestView {
  items: Item[];
  /** The text of the latest user message, attachments excluded. */
  prompt: string;
  /** Files attached to the latest user message, by the label the host gave them. */
  attachments: Map<string, string>;
  /** Tool outputs after the latest user message: the answers to the calls the demo made. */
  results: Item[];
  dialect: ToolDialect;
}

const ATTACHMENT = /^Attached file (.+?):\n(`{3,})[^\n]*\n([\s\S]*)\n\2$/;

export function readRequest(request: RecordedRequest): RequestView {
  const parsed = RequestSchema.safeParse(request.body);
  const items = parsed.success ? normalise(parsed.data.input) : [];
  const lastUser = items.findLastIndex((item) => isMessage(item) && item.role === 'user');
  const parts = lastUser >= 0 ? textParts(items[lastUser]) : [];
  const attachments = new Map<string, string>();
  const prose: string[] = [];
  for (const part of parts) {
    const attached = ATTACHMENT.exec(part);
    if (attached) attachments.set(attached[1], attached[3]);
    else prose.push(part);
  }
  return {
    items,
    prompt: prose.join('\n'),
    attachments,
    results: items.slice(lastUser + 1).filter((item) => item.type?.endsWith('_call_output')),
    dialect: dialectOf(parsed.success ? (parsed.data.tools ?? []) : []),
  };
}

function dialectOf(tools: readonly unknown[]): ToolDialect {
  const parsed = tools.flatMap((raw) => {
    const tool = ToolSchema.safeParse(raw);
    return tool.success ? [tool.data] : [];
  });
  if (parsed.some((tool) => tool.type === 'apply_patch')) return 'builtin';
  if (parsed.some((tool) => tool.type === 'function' && tool.name === 'apply_patch')) return 'function';
  return 'none';
}

/** The call an output answers, when the conversation still holds it (not when it was sent by previous_response_id). */
export function callFor(view: RequestView, output: Item): Item | undefined {
  const callType = output.type?.replace(/_output$/, '');
  return view.items.find((item) => item.type === callType && item.call_id === output.call_id);
}

function normalise(input: string | unknown[]): Item[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input.flatMap((raw) => {
    const item = ItemSchema.safeParse(raw);
    return item.success ? [item.data] : [];
  });
}

function isMessage(item: Item): boolean {
  return item.type === undefined || item.type === 'message';
}

function textParts(item: Item): string[] {
  const content = item.content;
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part: unknown) =>
    typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? [part.text] : [],
  );
}
