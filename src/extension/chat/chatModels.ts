// What the chat's header and composer say about the model: the configured one, or (with `codewright.model` empty) the
// one the core's rule picks from what the provider serves, with the sentence saying which and why; its shutdown warning
// or the provider's refusal of it, with a served replacement to switch to; and only the effort levels it accepts.
import type { ModelRow, ProviderConfig, ServedModel } from '../../core/index';
import type { Effort } from '../../shared/effort';
import { errorText } from '../../shared/errorText';
import type { HostMessage } from '../../shared/protocol';
import type { AgentModule } from '../agent/agentModule';

export type ChatConfig = Extract<HostMessage, { type: 'config' }>;

/** The provider's served list, or why it could not be read; `name` is the provider's display name for sentences. */
export type ServedList = { name: string; tableDates: boolean } & ({ models: ServedModel[] } | { problem: string });

type ModelRules = Pick<AgentModule, 'DEFAULT_MODEL' | 'chooseModel' | 'effortFor' | 'effortsFor' | 'modelRows' | 'replacementFor'>;

export interface ChatConfigInput {
  list: ServedList;
  /** `codewright.model`; empty when none is configured. */
  configured: string;
  extra: readonly string[];
  effort: Effort;
  today: Date;
  /** The provider's refusal of `model` (the sentence of a 404 model_not_found), when the last turn failed so. */
  refusal?: { model: string; message: string };
  /** The chat session's tool dialect in words, when there is a session. */
  dialect?: string;
}

/** Reads what the provider serves through the core's catalog (cached in `cacheFile`); a failure becomes the sentence. */
export async function readServed(agent: AgentModule, provider: ProviderConfig, cacheFile: string, refresh: boolean): Promise<ServedList> {
  const resolved = agent.resolveProvider(provider);
  const base = { name: resolved.name, tableDates: resolved.kind === 'openai' };
  try {
    return { ...base, models: (await new agent.ModelCatalog({ file: cacheFile }).models(provider, { refresh })).models };
  } catch (error) {
    return { ...base, problem: errorText(error) };
  }
}

/** The config message for the chat, computed from the served list and the settings. */
export function chatConfig(rules: ModelRules, input: ChatConfigInput): ChatConfig {
  const { list, today } = input;
  const served = 'models' in list ? list.models : [];
  const rows: ModelRow[] = rules.modelRows(served, { today, tableDates: list.tableDates });
  const { model, notice } = input.configured ? { model: input.configured, notice: undefined } : defaultModel(rules, input);
  const models = [...new Set([...rows.map((row) => row.id), ...input.extra, model])];
  const row = rows.find((r) => r.id === model);
  const refused = input.refusal?.model === model ? input.refusal.message : undefined;
  const warning = refused ?? row?.warning;
  const replacement =
    refused === undefined ? row?.replacement : rules.replacementFor(model, { served, today, tableDates: list.tableDates });
  return {
    type: 'config',
    models,
    model,
    effort: rules.effortFor(model, input.effort),
    efforts: [...(row?.efforts ?? rules.effortsFor(model))],
    ...(notice === undefined ? {} : { notice }),
    ...(warning === undefined ? {} : { warning }),
    ...(warning === undefined || replacement === undefined ? {} : { replacement }),
    ...(input.dialect === undefined ? {} : { dialect: input.dialect }),
  };
}

function defaultModel(rules: ModelRules, input: ChatConfigInput): { model: string; notice: string } {
  const { list } = input;
  const fallback = rules.DEFAULT_MODEL;
  if ('problem' in list) {
    return {
      model: fallback,
      notice: `No model is configured and ${list.name}'s model list could not be read (${list.problem}), so Codewright uses ${fallback}.`,
    };
  }
  const choice = rules.chooseModel(list.models, { provider: list.name, tableDates: list.tableDates, today: input.today });
  return choice
    ? { model: choice.model, notice: choice.reason }
    : { model: fallback, notice: `No model is configured and ${list.name} lists no models, so Codewright uses ${fallback}.` };
}
