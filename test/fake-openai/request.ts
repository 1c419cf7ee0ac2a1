// Parses a POST /v1/responses (or /responses/compact) body the way the real API checks it: the top-level fields the
// fake acts on, and every input item by its type, answering 400 with the real API's wording and `param` path.
import * as z from 'zod';
import { invalidRequest, type FakeHttpError } from './apiError';

/** An input item after parsing; messages given as `{role, content}` get their implicit `type: "message"`. */
export type InputItem = Record<string, unknown> & { type: string };

export interface ResponsesRequest {
  model: string;
  input: InputItem[];
  stream: boolean;
  /** Whether the response is kept for previous_response_id (the API's default is true). */
  store: boolean;
  include: string[];
  previousResponseId: string | null;
  includeObfuscation: boolean;
  /** The whole parsed body: the response object echoes its fields. */
  body: Record<string, unknown>;
}

export interface CompactRequest {
  model: string;
  input: InputItem[];
  previousResponseId: string | null;
}

const callId = z.string().min(1);
const optionalId = z.string().nullish();
const itemStatus = z.enum(['in_progress', 'completed', 'incomplete']).nullish();

const ContentPartSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('input_text'), text: z.string() }),
  z.looseObject({ type: z.literal('output_text'), text: z.string() }),
  z.looseObject({ type: z.literal('refusal'), refusal: z.string() }),
  z.looseObject({ type: z.literal('input_image') }),
  z.looseObject({ type: z.literal('input_file') }),
]);

const ApplyPatchOperationSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('create_file'), path: z.string().min(1), diff: z.string() }),
  z.looseObject({ type: z.literal('update_file'), path: z.string().min(1), diff: z.string() }),
  z.looseObject({ type: z.literal('delete_file'), path: z.string().min(1) }),
]);

const ShellOutputEntrySchema = z.looseObject({
  stdout: z.string(),
  stderr: z.string(),
  outcome: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('exit'), exit_code: z.int() }),
    z.looseObject({ type: z.literal('timeout') }),
  ]),
});

/** The fields each input item takes (openai-node's input item params); the API answers "Unknown parameter" for any other. */
const ITEM_FIELDS: Record<string, readonly string[]> = {
  message: ['type', 'role', 'content', 'id', 'status', 'phase'],
  reasoning: ['type', 'id', 'summary', 'content', 'encrypted_content', 'status'],
  function_call: ['type', 'call_id', 'name', 'arguments', 'id', 'status', 'caller', 'namespace'],
  function_call_output: ['type', 'call_id', 'output', 'id', 'status', 'caller'],
  apply_patch_call: ['type', 'call_id', 'operation', 'status', 'id', 'caller'],
  apply_patch_call_output: ['type', 'call_id', 'status', 'output', 'id', 'caller'],
  shell_call: ['type', 'call_id', 'action', 'id', 'status', 'caller', 'environment'],
  shell_call_output: ['type', 'call_id', 'output', 'max_output_length', 'id', 'status', 'caller'],
  compaction: ['type', 'encrypted_content', 'id'],
  item_reference: ['type', 'id'],
};

/** The top-level fields of a create-response request (openai-node's ResponseCreateParams). */
const REQUEST_FIELDS = new Set([
  'background',
  'context_management',
  'conversation',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'moderation',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
]);

export interface ParseOptions {
  /** Reasoning items may come without their id (Azure under store:false, where the encrypted content is what counts). */
  reasoningIdOptional?: boolean;
}

const itemSchemas: Record<string, z.ZodType> = {
  message: z.looseObject({
    type: z.literal('message'),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.union([z.string(), z.array(ContentPartSchema)]),
    id: optionalId,
  }),
  reasoning: z.looseObject({
    type: z.literal('reasoning'),
    id: z.string().min(1),
    summary: z.array(z.looseObject({ type: z.literal('summary_text'), text: z.string() })),
    encrypted_content: z.string().nullish(),
  }),
  function_call: z.looseObject({
    type: z.literal('function_call'),
    call_id: callId,
    name: z.string().min(1),
    arguments: z.string(),
    id: optionalId,
    status: itemStatus,
  }),
  function_call_output: z.looseObject({
    type: z.literal('function_call_output'),
    call_id: callId,
    output: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
    id: optionalId,
  }),
  apply_patch_call: z.looseObject({
    type: z.literal('apply_patch_call'),
    call_id: callId,
    operation: ApplyPatchOperationSchema,
    status: z.enum(['in_progress', 'completed']),
    id: optionalId,
  }),
  apply_patch_call_output: z.looseObject({
    type: z.literal('apply_patch_call_output'),
    call_id: callId,
    status: z.enum(['completed', 'failed']),
    output: z.string().nullish(),
    id: optionalId,
  }),
  shell_call: z.looseObject({
    type: z.literal('shell_call'),
    call_id: callId,
    action: z.looseObject({
      commands: z.array(z.string()),
      timeout_ms: z.int().nullish(),
      max_output_length: z.int().nullish(),
    }),
    id: optionalId,
    status: itemStatus,
  }),
  shell_call_output: z.looseObject({
    type: z.literal('shell_call_output'),
    call_id: callId,
    output: z.array(ShellOutputEntrySchema),
    max_output_length: z.int().nullish(),
    id: optionalId,
    status: itemStatus,
  }),
  compaction: z.looseObject({ type: z.literal('compaction'), encrypted_content: z.string().min(1), id: optionalId }),
  item_reference: z.looseObject({ type: z.literal('item_reference'), id: z.string().min(1) }),
};

const TopLevelSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  include: z.array(z.string()).nullish(),
  previous_response_id: z.string().nullish(),
  instructions: z.union([z.string(), z.array(z.unknown())]).nullish(),
  stream_options: z.looseObject({ include_obfuscation: z.boolean().nullish() }).nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    })
    .nullish(),
});

const CompactTopLevelSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]).nullish(),
  previous_response_id: z.string().nullish(),
});

export function parseResponsesRequest(body: unknown, options: ParseOptions = {}): ResponsesRequest {
  const object = requireObject(body);
  const unknown = Object.keys(object).find((key) => !REQUEST_FIELDS.has(key));
  if (unknown !== undefined) throw invalidRequest(`Unknown parameter: '${unknown}'.`, unknown, 'unknown_parameter');
  requireParameter(object, 'model');
  requireParameter(object, 'input');
  const top = parseWith(TopLevelSchema, object, object, []);
  return {
    model: top.model,
    input: parseInput(top.input, options),
    stream: top.stream === true,
    store: top.store !== false,
    include: top.include ?? [],
    previousResponseId: top.previous_response_id ?? null,
    includeObfuscation: top.stream_options?.include_obfuscation !== false,
    body: object,
  };
}

export function parseCompactRequest(body: unknown): CompactRequest {
  const object = requireObject(body);
  requireParameter(object, 'model');
  const top = parseWith(CompactTopLevelSchema, object, object, []);
  return { model: top.model, input: parseInput(top.input ?? []), previousResponseId: top.previous_response_id ?? null };
}

function parseInput(input: string | unknown[], options: ParseOptions = {}): InputItem[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input.map((raw, index) => {
    const path: PropertyKey[] = ['input', index];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw invalidRequest(
        `Invalid type for '${formatPath(path)}': expected an input item object, but got ${kindOf(raw)} instead.`,
        formatPath(path),
        'invalid_type',
      );
    }
    const record = raw as Record<string, unknown>;
    const typed = record.type === undefined && 'role' in record ? { ...record, type: 'message' } : record;
    const type = typed.type;
    if (type === undefined)
      throw invalidRequest(
        `Missing required parameter: '${formatPath([...path, 'type'])}'.`,
        formatPath([...path, 'type']),
        'missing_required_parameter',
      );
    const schema = typeof type === 'string' ? itemSchemas[type] : undefined;
    if (!schema) {
      const supported = Object.keys(itemSchemas)
        .map((t) => `'${t}'`)
        .join(', ');
      throw invalidRequest(
        `Invalid value: '${String(type)}'. Supported values are: ${supported}.`,
        formatPath([...path, 'type']),
        'invalid_value',
      );
    }
    const fields = ITEM_FIELDS[type as string] ?? [];
    const extra = Object.keys(record).find((key) => !fields.includes(key) && !(key === 'type' || (key === 'role' && type === 'message')));
    if (extra !== undefined)
      throw invalidRequest(`Unknown parameter: '${formatPath([...path, extra])}'.`, formatPath([...path, extra]), 'unknown_parameter');
    const relaxed = type === 'reasoning' && options.reasoningIdOptional && record['id'] === undefined ? { ...typed, id: 'unnamed' } : typed;
    parseWith(schema, relaxed, record, path);
    return typed as InputItem;
  });
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest(
      'We could not parse the JSON body of your request. The OpenAI API expects a JSON object as the request body.',
      null,
    );
  }
  return body as Record<string, unknown>;
}

function requireParameter(object: Record<string, unknown>, name: string): void {
  if (object[name] === undefined || object[name] === null) {
    throw invalidRequest(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter');
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, original: unknown, prefix: PropertyKey[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw issueToError(result.error.issues[0], original, prefix);
}

function issueToError(issue: z.core.$ZodIssue | undefined, original: unknown, prefix: PropertyKey[]): FakeHttpError {
  const path = [...prefix, ...(issue?.path ?? [])];
  const param = formatPath(path);
  const actual = valueAt(original, issue?.path ?? []);
  if (actual === undefined) return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  if (issue?.code === 'invalid_value') {
    const supported = issue.values.map((v) => `'${String(v)}'`).join(', ');
    return invalidRequest(`Invalid value: '${String(actual)}'. Supported values are: ${supported}.`, param, 'invalid_value');
  }
  if (issue?.code === 'invalid_union') {
    // A discriminated union names its options; a plain union of types lists what each branch expected.
    const options = (issue as { options?: unknown[] }).options;
    if (Array.isArray(options)) {
      const supported = options.map((v) => `'${String(v)}'`).join(', ');
      return invalidRequest(`Invalid value: '${String(actual)}'. Supported values are: ${supported}.`, param, 'invalid_value');
    }
    const expected = issue.errors.map((branch) =>
      branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? branch[0].expected : undefined,
    );
    if (expected.length > 0 && expected.every((e) => e !== undefined)) {
      return invalidRequest(
        `Invalid type for '${param}': expected one of ${expected.join(' or ')}, but got ${kindOf(actual)} instead.`,
        param,
        'invalid_type',
      );
    }
  }
  if (issue?.code === 'invalid_type') {
    return invalidRequest(
      `Invalid type for '${param}': expected ${issue.expected}, but got ${kindOf(actual)} instead.`,
      param,
      'invalid_type',
    );
  }
  return invalidRequest(`Invalid value for '${param}': ${issue?.message ?? 'not accepted'}.`, param, 'invalid_value');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
