// Reads `codewright.*` settings through zod: a hand-edited settings.json is a trust boundary, and a bad value
// falls back to its default (reported once to `onInvalid`) instead of breaking the extension.
import vscode = require('vscode');
import * as z from 'zod/mini';
import { EffortSchema } from '../../shared/effort';
import type { CommandApprovalMode, DialectSetting, ProviderKind } from '../../core/index';

// The core's provider presets, spelled here so that reading the settings does not load the core; the compiler holds them equal.
const PROVIDER_KINDS = [
  'openai',
  'azure',
  'openrouter',
  'cometapi',
  'vercel',
  'ollama',
  'lmstudio',
  'vllm',
  'litellm',
  'custom',
] as const satisfies readonly ProviderKind[];
const sameKinds: Exclude<ProviderKind, (typeof PROVIDER_KINDS)[number]> extends never ? true : never = true;
void sameKinds;
const ProviderKindSetting = z.enum(PROVIDER_KINDS);
// The core's DialectSettingSchema, spelled here for the same reason; the compiler holds the two equal.
const DIALECT_SETTINGS = ['auto', 'builtin', 'function', 'chat'] as const satisfies readonly DialectSetting[];
const sameDialects: Exclude<DialectSetting, (typeof DIALECT_SETTINGS)[number]> extends never ? true : never = true;
void sameDialects;
/** How proposed file edits are handled: reviewed one by one, applied at once, or refused (a read-only agent). */
export const EditApprovalSchema = z.enum(['ask', 'auto', 'never']);
export type EditApproval = z.infer<typeof EditApprovalSchema>;

// The core's modes, spelled here so that reading the settings does not load the core; the compiler holds the two equal.
const COMMAND_APPROVAL_MODES = ['ask', 'allowlist', 'auto', 'never'] as const satisfies readonly CommandApprovalMode[];
const sameModes: Exclude<CommandApprovalMode, (typeof COMMAND_APPROVAL_MODES)[number]> extends never ? true : never = true;
void sameModes;

const text = z.string().check(z.trim());
const strings = z.array(z.string());
const nonEmpty = z.string().check(z.trim(), z.minLength(1));

const shape = {
  'provider.kind': z._default(ProviderKindSetting, 'openai'),
  'provider.baseUrl': z._default(text, ''),
  'provider.name': z._default(text, ''),
  'provider.dialect': z._default(z.enum(DIALECT_SETTINGS), 'auto'),
  // Written by `npm start` beside the provider settings of its offline demo model (demoMode.ts).
  'provider.demo': z._default(z.boolean(), false),
  // Empty: the chat picks a served model by the core's rule and says which (chatModels.ts).
  model: z._default(text, ''),
  'models.extra': z._default(z.array(nonEmpty), []),
  reasoningEffort: z._default(EffortSchema, 'medium'),
  'approval.commands': z._default(z.enum(COMMAND_APPROVAL_MODES), 'ask'),
  'commands.allow': z._default(z.array(z.string()), () => []),
  'commands.deny': z._default(strings, () => contributedDefault('commands.deny')),
  'commands.timeoutSeconds': z._default(z.number().check(z.positive(), z.maximum(1800)), 120),
  'approval.readOnlyCommands': z._default(z.boolean(), true),
  sandbox: z._default(z.enum(['auto', 'off']), 'auto'),
  'sandbox.network': z._default(z.boolean(), false),
  'approval.edits': z._default(EditApprovalSchema, 'ask'),
} as const;

type Shape = typeof shape;
export type Settings = { [K in keyof Shape]: z.output<Shape[K]> };
export type SettingKey = keyof Shape;

const reported = new Set<string>();

/** The current settings, each value validated: a wrong type or unknown value yields the default. */
export function readSettings(onInvalid?: (message: string) => void, scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('codewright', scope);
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape) as [SettingKey, Shape[SettingKey]][]) {
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
      onInvalid?.(message);
    }
  }
  return out as Settings;
}

/**
 * The default package.json declares, as VS Code reads it: for the deny list that is the core's DEFAULT_DENY (an
 * integration test holds them equal), without loading the core to read the settings.
 */
function contributedDefault(key: 'commands.deny'): string[] {
  const parsed = strings.safeParse(vscode.workspace.getConfiguration('codewright').inspect(key)?.defaultValue);
  return parsed.success ? parsed.data : [];
}

/** Fires when any `codewright.*` setting changes. */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('codewright')) listener();
  });
}

/** Writes a choice where it takes effect: the workspace's settings if they set it, else the user's. */
export async function writeSetting(
  key: 'model' | 'reasoningEffort' | 'approval.edits' | 'approval.commands',
  value: string,
): Promise<void> {
  const config = vscode.workspace.getConfiguration('codewright');
  const inspected = config.inspect(key);
  const setHere = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
  await config.update(key, value, setHere ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}
