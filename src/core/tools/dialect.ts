// How the agent's two tools reach the model. Only OpenAI and Azure OpenAI run the Responses API's built-in apply_patch and
// shell tools; every other endpoint gets them as function tools, on /responses when it has one and on /chat/completions
// when it has not.
import * as z from 'zod/mini';
import { ModelFailure } from '../responses/failure';

export const TOOL_DIALECTS = ['builtin', 'function', 'chat'] as const;
export type ToolDialect = (typeof TOOL_DIALECTS)[number];

/** The `codewright.provider.dialect` setting and the CLI's `--dialect`. */
export const DialectSettingSchema = z.enum(['auto', ...TOOL_DIALECTS]);
export type DialectSetting = z.infer<typeof DialectSettingSchema>;

export interface DialectEndpoint {
  baseURL: string;
  /** The provider preset's default: built-in only for OpenAI and Azure OpenAI, whose servers run those tools. */
  defaultDialect: 'builtin' | 'function';
}

/** Remembers, per endpoint, that it has no /responses, so `auto` goes straight to Chat Completions next time. */
export interface DialectMemory {
  get(baseURL: string): ToolDialect | undefined;
  set(baseURL: string, dialect: ToolDialect): Promise<void>;
}

/** The dialect a turn starts with: the user's choice, else what the endpoint is known to need, else the provider's default. */
export function chooseDialect(setting: DialectSetting, endpoint: DialectEndpoint, memory?: DialectMemory): ToolDialect {
  if (setting !== 'auto') return setting;
  if (endpoint.defaultDialect === 'builtin') return 'builtin';
  return memory?.get(endpoint.baseURL) === 'chat' ? 'chat' : 'function';
}

/**
 * `auto`'s one switch after a request: an endpoint whose /responses answers 404 or 405 has no Responses API, so it is talked
 * to over Chat Completions from then on (and remembered as such). A chosen dialect is never switched.
 */
export function fallsBackToChat(setting: DialectSetting, dialect: ToolDialect, error: unknown): boolean {
  return (
    setting === 'auto' &&
    dialect === 'function' &&
    error instanceof ModelFailure &&
    error.kind === 'not_found' &&
    (error.status === 404 || error.status === 405)
  );
}

/** Human words for the chat header and the CLI. */
export function describeDialect(dialect: ToolDialect): string {
  switch (dialect) {
    case 'builtin':
      return 'built-in tools (Responses API)';
    case 'function':
      return 'function tools (Responses API)';
    case 'chat':
      return 'function tools (Chat Completions)';
  }
}
