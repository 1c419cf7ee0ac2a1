// The only language the chat webview and the extension speak. Every message is validated on arrival on both
// sides: one that does not parse is dropped and logged, never acted on.
import * as z from 'zod/mini';
import { EffortSchema } from './effort';
import { AgentEventSchema, ImageDataUrlSchema, ToolOutcomeSchema, UsageSchema } from './events';

export { EffortSchema, type Effort } from './effort';

const id = z.string().check(z.minLength(1), z.maxLength(200));
const count = z.int().check(z.minimum(0));
/** A workspace-relative path, as the mention list and the cards show it. */
const relPath = z.string().check(z.minLength(1), z.maxLength(1024));

export { ImageDataUrlSchema, MAX_IMAGE_DATA_URL } from './events';
/** Screenshots pasted or attached in the composer, sent to the model as `input_image` data URLs. */
export const MAX_IMAGES = 8;

/** Only these leave the webview as links, and only the host opens them (in the browser or mail client). */
export const ExternalLinkSchema = z.string().check(z.maxLength(8192), z.regex(/^(?:https?:\/\/|mailto:)[^\s]+$/i));

export const ProviderInfoSchema = z.object({
  /** What the header shows: "OpenAI", "Azure OpenAI", the host of a custom endpoint, or `codewright.provider.name`. */
  label: z.string(),
  model: z.string(),
  /** False when the provider needs a key and none is stored: the view then offers "Set API Key". */
  hasApiKey: z.boolean(),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

export const SelectionRefSchema = z.object({ path: relPath, startLine: count, endLine: count });
export type SelectionRef = z.infer<typeof SelectionRefSchema>;

/** The settings codewright.approval.edits and codewright.approval.commands, which the chat header toggles. */
export const EditApprovalSchema = z.enum(['ask', 'auto', 'never']);
export const CommandApprovalSchema = z.enum(['ask', 'allowlist', 'auto', 'never']);
export const ApprovalModesSchema = z.object({ edits: EditApprovalSchema, commands: CommandApprovalSchema });
export type ApprovalModes = z.infer<typeof ApprovalModesSchema>;

/** A short description of the open workspace, from which the empty chat suggests prompts that fit it. */
export const WorkspaceSummarySchema = z.object({
  name: z.string().check(z.maxLength(200)),
  /** Its main languages, most files first ("TypeScript", "Python"). */
  languages: z.array(z.string().check(z.maxLength(50))).check(z.maxLength(5)),
  /** A few files worth asking about (the README, the manifest, a main source file), workspace-relative. */
  files: z.array(relPath).check(z.maxLength(10)),
  hasTests: z.boolean(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummarySchema>;

/** An AGENTS.md file a turn used: its absolute path (what opens), its workspace-relative label, and whether the size cap cut it. */
export const InstructionFileSchema = z.object({
  path: z.string().check(z.minLength(1), z.maxLength(4096)),
  label: relPath,
  truncated: z.boolean(),
});
export type InstructionFile = z.infer<typeof InstructionFileSchema>;

/** The arguments an MCP card shows at most; the rest is cut with a note. */
export const MAX_MCP_CARD_ARGUMENTS = 4_000;

/** An MCP tool call waiting for the user: the card shows the server, the tool and the (pretty-printed, cut) arguments. */
export const McpApprovalCardSchema = z.object({
  callId: id,
  server: z.string().check(z.maxLength(1000)),
  tool: z.string().check(z.maxLength(1000)),
  functionName: z.string().check(z.maxLength(200)),
  arguments: z.string().check(z.maxLength(MAX_MCP_CARD_ARGUMENTS + 200)),
});
export type McpApprovalCard = z.infer<typeof McpApprovalCardSchema>;

// ── The transcript: what the chat shows, entry by entry. The host keeps one to replay it when the view comes back.

const ChangeKindSchema = z.enum(['create', 'update', 'delete']);

export const CommandRunSchema = z.object({
  command: z.string(),
  /** null: the command timed out; undefined: still running. */
  exitCode: z.optional(z.nullable(z.int())),
  durationMs: z.optional(count),
});
export type CommandRun = z.infer<typeof CommandRunSchema>;

export const EntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    id,
    text: z.string(),
    files: z.array(relPath),
    selection: z.optional(SelectionRefSchema),
    images: z.array(ImageDataUrlSchema),
  }),
  z.object({ kind: z.literal('assistant'), id, text: z.string(), streaming: z.boolean() }),
  z.object({ kind: z.literal('reasoning'), id, parts: z.array(z.string()), streaming: z.boolean() }),
  z.object({
    kind: z.literal('edit'),
    id,
    change: ChangeKindSchema,
    path: relPath,
    moveTo: z.optional(relPath),
    added: z.optional(count),
    removed: z.optional(count),
    status: z.string(),
    /** The diff is open for review: Open Diff / Accept / Reject are live. */
    pending: z.boolean(),
    outcome: z.optional(ToolOutcomeSchema),
    summary: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('command'),
    id,
    commands: z.array(z.string()),
    why: z.optional(z.string()),
    status: z.string(),
    /** Waiting for the user in the chat: Run / Reject / Always allow are live. */
    pending: z.boolean(),
    allowable: z.optional(z.boolean()),
    output: z.string(),
    runs: z.array(CommandRunSchema),
    outcome: z.optional(ToolOutcomeSchema),
    summary: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('function'),
    id,
    name: z.string(),
    arguments: z.string(),
    status: z.string(),
    outcome: z.optional(ToolOutcomeSchema),
    summary: z.optional(z.string()),
    /** Images the tool returned. */
    images: z.optional(z.array(ImageDataUrlSchema)),
  }),
  z.object({ kind: z.literal('error'), id, message: z.string(), retryable: z.boolean(), code: z.optional(z.string()) }),
  z.object({ kind: z.literal('notice'), id, text: z.string() }),
  z.object({ kind: z.literal('usage'), id, turn: UsageSchema, session: UsageSchema, contextTokens: count, contextWindow: count }),
]);
export type Entry = z.infer<typeof EntrySchema>;
export type EntryKind = Entry['kind'];

/** Events only the VS Code host knows about (the core reports the rest as AgentEvents). */
export const HostEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user_message'),
    id,
    text: z.string(),
    files: z.array(relPath),
    selection: z.optional(SelectionRefSchema),
    images: z.array(ImageDataUrlSchema),
  }),
  /** The change is computed and its diff is up for review. */
  z.object({
    type: z.literal('edit_proposed'),
    callId: id,
    change: ChangeKindSchema,
    path: relPath,
    moveTo: z.optional(relPath),
    added: count,
    removed: count,
  }),
  z.object({ type: z.literal('edit_settled'), callId: id }),
  /** The commands wait for Run / Reject in the chat. */
  z.object({
    type: z.literal('approval_requested'),
    callId: id,
    commands: z.array(z.string()),
    why: z.optional(z.string()),
    /** Whether "Always Allow" can apply: an allowlist entry never approves redirections, chains or substitutions. */
    allowable: z.boolean(),
  }),
  z.object({ type: z.literal('approval_settled'), callId: id, approved: z.boolean() }),
  z.object({ type: z.literal('command_started'), callId: id, command: z.string() }),
  z.object({ type: z.literal('command_exited'), callId: id, exitCode: z.nullable(z.int()), durationMs: count }),
]);
export type HostEvent = z.infer<typeof HostEventSchema>;

export const ChatEventSchema = z.union([AgentEventSchema, HostEventSchema]);
export type ChatEvent = z.infer<typeof ChatEventSchema>;

export const SessionInfoSchema = z.object({
  id,
  title: z.string(),
  model: z.string(),
  /** Milliseconds since the epoch. */
  updatedAt: count,
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

// ── Webview → extension

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('command'), command: z.enum(['setApiKey']) }),
  z.object({
    type: z.literal('send'),
    text: z.string().check(z.maxLength(1_000_000)),
    /** Mentioned workspace files; the host attaches their content. */
    files: z.array(relPath).check(z.maxLength(50)),
    /** The selection chip the user kept; the host reads those lines at send time. */
    selection: z.optional(SelectionRefSchema),
    images: z.array(ImageDataUrlSchema).check(z.maxLength(MAX_IMAGES)),
    /** Empty when the page has no model list yet (Enter pressed at once): the host sends with the model it would pick. */
    model: z.string().check(z.maxLength(200)),
    effort: EffortSchema,
  }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('retry') }),
  /** Retry (the same text) or edit and resend a user message: the chat goes back to before message `id` and sends `text`. */
  z.object({ type: z.literal('resend'), id, text: z.string().check(z.minLength(1), z.maxLength(1_000_000)) }),
  /** On user message `id`: restore the workspace to before its turn, or show what its turn changed. */
  z.object({ type: z.literal('checkpoint'), action: z.enum(['restore', 'changes']), id }),
  z.object({ type: z.literal('history') }),
  z.object({ type: z.literal('resume'), id }),
  z.object({ type: z.literal('rename'), id }),
  z.object({ type: z.literal('delete'), id }),
  z.object({ type: z.literal('edit'), callId: id, action: z.enum(['open', 'accept', 'reject']) }),
  z.object({
    type: z.literal('approval'),
    callId: id,
    decision: z.enum(['run', 'always', 'reject']),
    reason: z.optional(z.string().check(z.maxLength(2000))),
  }),
  z.object({ type: z.literal('insert'), code: z.string().check(z.maxLength(5_000_000)) }),
  z.object({ type: z.literal('copy'), text: z.string().check(z.maxLength(5_000_000)) }),
  z.object({ type: z.literal('open_link'), href: ExternalLinkSchema }),
  /** A file of the turn's "Instructions:" line; the host opens it only if the turn used it. */
  z.object({ type: z.literal('open_instruction_file'), path: z.string().check(z.minLength(1), z.maxLength(4096)) }),
  z.object({ type: z.literal('mcp_answer'), callId: id, decision: z.enum(['allow', 'always', 'deny']) }),
  z.object({ type: z.literal('mention_query'), requestId: count, query: z.string().check(z.maxLength(300)) }),
  z.object({ type: z.literal('set_model'), model: z.string().check(z.minLength(1), z.maxLength(200)) }),
  /** The header's button: switch from a retiring or retired model to the replacement the provider serves. */
  z.object({ type: z.literal('switch_model'), model: z.string().check(z.minLength(1), z.maxLength(200)) }),
  z.object({ type: z.literal('set_effort'), effort: EffortSchema }),
  z.object({ type: z.literal('set_approval'), edits: z.optional(EditApprovalSchema), commands: z.optional(CommandApprovalSchema) }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

// ── Extension → webview

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('provider'), provider: ProviderInfoSchema }),
  /** What the model and effort pickers offer and which are chosen, and what the header says about the model. */
  z.object({
    type: z.literal('config'),
    models: z.array(z.string()),
    model: z.string(),
    effort: EffortSchema,
    /** The levels the model accepts; `effort` is one of them (the nearest to the setting when the setting is not). */
    efforts: z.array(EffortSchema),
    /** Which model was picked and why, when none is configured. */
    notice: z.optional(z.string()),
    /** The model is shutting down soon, is past its shutdown, or the provider no longer serves it. */
    warning: z.optional(z.string()),
    /** A served model to switch to, offered as a button beside the warning. */
    replacement: z.optional(z.string()),
    /** How apply_patch and shell reach the model (the core's describeDialect), once the chat has a session. */
    dialect: z.optional(z.string()),
  }),
  /**
   * The current conversation, sent on `ready` and when another session is opened: the newest entries, then the older
   * ones in `transcript_older` pages, newest page first, so no single message takes long to receive and check.
   */
  z.object({
    type: z.literal('transcript'),
    /** Tags this replay; older pages of another replay are ignored. */
    replay: count,
    session: z.nullable(SessionInfoSchema),
    entries: z.array(EntrySchema),
    running: z.boolean(),
    /** The chat's totals so far (a resumed chat has them before its next turn reports usage). */
    usage: z.optional(z.object({ session: UsageSchema, contextTokens: count, contextWindow: count })),
  }),
  z.object({ type: z.literal('transcript_older'), replay: count, entries: z.array(EntrySchema) }),
  z.object({ type: z.literal('event'), event: ChatEventSchema }),
  z.object({ type: z.literal('running'), running: z.boolean() }),
  /** The active editor's selection, offered as a removable context chip; null when there is none. */
  z.object({ type: z.literal('selection'), selection: z.nullable(SelectionRefSchema) }),
  z.object({ type: z.literal('mention_results'), requestId: count, files: z.array(relPath) }),
  z.object({ type: z.literal('history'), sessions: z.array(SessionInfoSchema), currentId: z.nullable(z.string()) }),
  z.object({ type: z.literal('show_history') }),
  z.object({ type: z.literal('approval_modes'), modes: ApprovalModesSchema }),
  z.object({ type: z.literal('workspace'), workspace: WorkspaceSummarySchema }),
  /** The AGENTS.md files the turn that just started uses. */
  z.object({ type: z.literal('instructions_used'), files: z.array(InstructionFileSchema).check(z.maxLength(200)) }),
  /** Ask in the chat before an MCP tool runs; `mcp_settled` takes the card away (answered, or its turn was cancelled). */
  z.object({ type: z.literal('mcp_approval'), card: McpApprovalCardSchema }),
  z.object({ type: z.literal('mcp_settled'), callId: id }),
  /** Text for the composer (a message the chat was restored to before), to send again or change. */
  z.object({ type: z.literal('draft'), text: z.string().check(z.maxLength(1_000_000)) }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;
