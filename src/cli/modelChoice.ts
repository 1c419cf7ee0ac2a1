// Which model `codewright exec` runs when no --model is given, and what it says when the model it ran is gone: both
// read the provider's served list (GET /models, cached for a day in $CODEWRIGHT_HOME/models.json), so the CLI names a
// model the provider actually serves.
import path from 'node:path';
import { DEFAULT_MODEL, ModelCatalog, chooseModel, replacementFor, type ServedModel } from '../core/models';
import { resolveProvider, type ProviderConfig } from '../core/providers';
import { errorText } from '../shared/errorText';

export interface ModelChoiceIo {
  stderr: (text: string) => void;
}

/** Served models, or the sentence saying why they could not be read. */
async function served(provider: ProviderConfig, home: string, refresh: boolean): Promise<{ models: ServedModel[] } | { problem: string }> {
  try {
    return { models: (await new ModelCatalog({ file: path.join(home, 'models.json') }).models(provider, { refresh })).models };
  } catch (error) {
    return { problem: errorText(error) };
  }
}

/** The model to run when none was given: the selection rule over the provider's list, announced on stderr. */
export async function defaultModel(provider: ProviderConfig, home: string, io: ModelChoiceIo, today = new Date()): Promise<string> {
  const resolved = resolveProvider(provider);
  const list = await served(provider, home, false);
  if ('problem' in list) {
    io.stderr(
      `codewright: no --model given and ${resolved.name}'s model list could not be read (${list.problem}), so using ${DEFAULT_MODEL}.\n`,
    );
    return DEFAULT_MODEL;
  }
  const choice = chooseModel(list.models, { provider: resolved.name, tableDates: resolved.kind === 'openai', today });
  if (!choice) {
    io.stderr(`codewright: no --model given and ${resolved.name} lists no models, so using ${DEFAULT_MODEL}.\n`);
    return DEFAULT_MODEL;
  }
  io.stderr(`codewright: ${choice.reason}\n`);
  return choice.model;
}

/**
 * After the provider said the model does not exist: names a model it serves to pass instead, following OpenAI's
 * replacements first and the selection rule after. Says nothing when the list cannot be read.
 */
export async function adviseServedReplacement(
  model: string,
  provider: ProviderConfig,
  home: string,
  io: ModelChoiceIo,
  today = new Date(),
): Promise<void> {
  const resolved = resolveProvider(provider);
  // The model just turned out to be gone, so the cached list may be stale too.
  const list = await served(provider, home, true);
  if ('problem' in list) return;
  const replacement = replacementFor(model, { served: list.models, today, tableDates: resolved.kind === 'openai' });
  if (replacement !== undefined) {
    io.stderr(`codewright: ${resolved.name} serves ${replacement}, which replaces ${model}: pass --model ${replacement}.\n`);
    return;
  }
  const choice = chooseModel(list.models, { provider: resolved.name, tableDates: resolved.kind === 'openai', today });
  if (choice)
    io.stderr(
      `codewright: ${resolved.name} serves no replacement named for ${model}; it serves ${choice.model}: pass --model ${choice.model}.\n`,
    );
}
