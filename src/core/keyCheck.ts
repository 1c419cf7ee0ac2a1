// The check behind Set API Key when the answer decides whether a key is saved: one GET /models, like Check Connection,
// sorted by what it says about the key. A key the provider refuses is never worth saving; a provider that could not be
// asked (offline, a firewall, a proxy) says nothing about the key, so the user decides.
import { createOpenAIClient, resolveProvider, type ProviderConfig } from './providers';
import { RequestCancelled, classifyError } from './responses/failure';
import { CLI_HINTS, explainFailure, type HostHints } from './responses/failureMessage';

export type KeyCheck =
  /** The provider listed its models with the key. */
  | { verdict: 'accepted'; provider: string }
  /** `refused`: the provider rejected the key (HTTP 401). `unreachable`: no answer from the provider at all.
   * `unsure`: an answer that is not about the key (rate limit, server error, a key without the models permission). */
  | { verdict: 'refused' | 'unreachable' | 'unsure'; provider: string; message: string };

export interface KeyCheckOptions {
  hints?: HostHints;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Never throws: every outcome is a verdict with the sentence to show. */
export async function checkKey(config: ProviderConfig, options: KeyCheckOptions = {}): Promise<KeyCheck> {
  let provider: ReturnType<typeof resolveProvider>;
  try {
    provider = resolveProvider(config);
  } catch (error) {
    return { verdict: 'unsure', provider: config.name || config.kind, message: (error as Error).message };
  }
  try {
    // The first page answers the question; the key is not used for anything else.
    await createOpenAIClient(config, { timeoutMs: options.timeoutMs ?? 15_000 }).models.list({ signal: options.signal });
    return { verdict: 'accepted', provider: provider.name };
  } catch (error) {
    const failure = classifyError(error);
    if (failure instanceof RequestCancelled) return { verdict: 'unsure', provider: provider.name, message: 'The key check was cancelled.' };
    const context = { provider: provider.name, baseURL: provider.baseURL, model: '', hints: options.hints ?? CLI_HINTS };
    const message = explainFailure(failure, context);
    if (failure.kind === 'auth' || failure.kind === 'missing_key') return { verdict: 'refused', provider: provider.name, message };
    return { verdict: failure.kind === 'connection' ? 'unreachable' : 'unsure', provider: provider.name, message };
  }
}
