// The agent core's single entry: what hosts (the VS Code extension, which bundles this to dist/agent.js and loads it
// on first use, and the CLI) may use. Only re-exports, so loading it has no side effects.
export { Session } from './session';
export type { ConversationMode, ReasoningEffort, SessionOptions, TurnFinishReason, TurnOutcome, Verbosity } from './session';
export { SessionStore, SessionStoreError, SessionRecordSchema, SessionIdSchema, SESSION_FILE_VERSION } from './sessionStore';
export type { SessionList, SessionRecord, SessionSummary, StoreProblem } from './sessionStore';
export { checkConnection, createOpenAIClient, resolveProvider, ProviderKindSchema } from './providers';
export type { CheckOptions, ConnectionCheck, ProviderConfig, ProviderKind, ResolvedProvider } from './providers';
export { checkKey } from './keyCheck';
export { describeProbe, probeDialect } from './responses/dialectProbe';
export type { DialectProbe, ProbeOptions, ProbeOutcome } from './responses/dialectProbe';
export type { KeyCheck, KeyCheckOptions } from './keyCheck';
export { CLI_HINTS, GENERIC_HINTS, VSCODE_HINTS, explainFailure } from './responses/failureMessage';
export type { FailureContext, HostHints } from './responses/failureMessage';
export { ModelFailure, RequestCancelled } from './responses/failure';
export type { FailureKind } from './responses/failure';
export type { RetryOptions } from './responses/retryPolicy';
export {
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_MODEL,
  ModelCatalog,
  PREFERRED_MODELS,
  SHUTDOWN_WARNING_DAYS,
  bareModelId,
  chooseModel,
  costUsd,
  effortFor,
  effortsFor,
  modelFacts,
  modelInfo,
  modelRows,
  replacementFor,
  shutdownDateOf,
  shutdownState,
  shutdownWarning,
} from './models';
export type { CatalogResult, ModelChoice, ModelFacts, ModelInfo, ModelPrice, ModelRow, ServedModel, ShutdownState } from './models';
export { PROVIDER_KINDS, PROVIDER_PRESETS, providerModelId } from './providerPresets';
export type { DefaultDialect, ProviderPreset } from './providerPresets';
export { DialectSettingSchema, TOOL_DIALECTS, chooseDialect, describeDialect } from './tools/dialect';
export type { DialectMemory, DialectSetting, ToolDialect } from './tools/dialect';
export { FileDialectMemory } from './tools/dialectMemory';
export { UserInputSchema, userMessage } from './userInput';
export type { UserInput } from './userInput';
export { HistoryItemSchema, messageText } from './history';
export { plainText } from './plainText';
export type { HistoryItem } from './history';
export { transcriptOf } from './transcript';
export { lineCounts } from './lineCounts';
export { FindingsError, matchToDiff, parseFindings } from './codeReview/findings';
export type { Finding, ParsedFindings } from './codeReview/findings';
export { GitError, MAX_DIFF_CHARS, repositoryRoot, workingTreeChanges } from './codeReview/gitDiff';
export { numberDiff } from './codeReview/numberedDiff';
export type { DiffFile } from './codeReview/numberedDiff';
export type { TranscriptEntry } from './transcript';
export * from '../shared/events';
export type * from './host';
export { PatchError, applyDiff, applyOperation, proposeChange, resolveWorkspacePath, validateOperation } from './patch';
export type { ProposedChange } from './patch';
export { CommandPolicySchema, DEFAULT_DENY, NEVER_REASON, allowlistBlocker, evaluateCommands } from './shell/policy';
export type { CommandApprovalMode, CommandPolicy, PolicyVerdict } from './shell/policy';
export { NON_INTERACTIVE_ENV, abortError, runProcess } from './shell/processRunner';
export { killTree } from './shell/processTree';
export { TerminalTextStream } from './shell/ansi';
export { HeadTailBuffer } from './shell/headTail';
export { limitOutput } from './shell/outputLimit';
export { NO_SANDBOX, SandboxModeSchema, detectSandbox, sandboxDenial } from './shell/sandbox/sandbox';
export type { SandboxKind, SandboxMode, SandboxPolicy } from './shell/sandbox/sandbox';
export { SHELL_KINDS, ShellKindSchema, shellKindOf } from './shell/shellSyntax';
export type { ShellKind } from './shell/shellSyntax';
export { DEFAULT_MCP_TIMEOUT_MS, McpServers } from './mcp/servers';
export type { McpApproval, McpApprovalRequest, McpApprover, McpServerStatus, McpServersOptions } from './mcp/servers';
export { parseMcpConfig, parseMcpConfigText, readMcpConfigFile } from './mcp/config';
export type { McpConfigResult, McpServerConfig, SubstitutionContext } from './mcp/config';
export type { McpServerState } from './mcp/connection';
export { AGENTS_FILE, focusFromPrompt, loadProjectInstructions } from './projectInstructions';
export type { InstructionFile, InstructionSource, ProjectInstructions, ProjectInstructionsOptions } from './projectInstructions';
export type { FunctionTool, FunctionToolResult, FunctionToolSource } from './tools/functionTool';
export { CheckpointingHost } from './checkpoints/checkpointingHost';
export { Checkpoints, DEFAULT_BUDGET_BYTES, UnknownTurnError, workspaceCheckpointDir } from './checkpoints/checkpoints';
export type { CheckpointReport, CheckpointsOptions, RestoreResult, TurnSummary } from './checkpoints/checkpoints';
export type { PathChange } from './checkpoints/restore';
export type { Entry as CheckpointEntry } from './checkpoints/checkpointFiles';
export { DEFAULT_EXCLUDE as DEFAULT_CHECKPOINT_EXCLUDE } from './checkpoints/exclusion';
export { DEFAULT_MAX_FILE_BYTES as DEFAULT_CHECKPOINT_MAX_FILE_BYTES } from './checkpoints/workspaceScan';
