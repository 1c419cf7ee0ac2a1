// The provider the next request goes to (the `codewright.provider.*` settings plus the key from secret storage), and
// how the chat header and the status bar name it.
import type { ProviderConfig } from '../../core/index';
import type { ProviderInfo } from '../../shared/protocol';
import type { ApiKeyStore } from './apiKey';
import type { Settings } from './settings';

export async function configuredProvider(settings: Settings, keys: ApiKeyStore): Promise<ProviderConfig> {
  const key = await keys.get();
  return {
    kind: settings['provider.kind'],
    ...(settings['provider.baseUrl'] ? { baseURL: settings['provider.baseUrl'] } : {}),
    ...(settings['provider.name'] ? { name: settings['provider.name'] } : {}),
    ...(key ? { apiKey: key } : {}),
  };
}

const KIND_LABELS: Record<Settings['provider.kind'], string> = {
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  openrouter: 'OpenRouter',
  cometapi: 'CometAPI',
  vercel: 'Vercel AI Gateway',
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  litellm: 'LiteLLM',
  custom: 'Custom endpoint',
};

/** The hosted presets; local servers and custom endpoints often take no key (the core's presets say the same). */
const NEEDS_KEY: ReadonlySet<Settings['provider.kind']> = new Set(['openai', 'azure', 'openrouter', 'cometapi', 'vercel']);

export function providerInfo(settings: Settings, hasKey: boolean): ProviderInfo {
  const base = settings['provider.baseUrl'];
  let label = settings['provider.name'] || KIND_LABELS[settings['provider.kind']];
  if (!settings['provider.name'] && settings['provider.kind'] === 'custom' && base) {
    try {
      label = new URL(base).host;
    } catch {
      label = base;
    }
  }
  const needsKey = NEEDS_KEY.has(settings['provider.kind']);
  return { label, model: settings.model, hasApiKey: hasKey || !needsKey };
}
