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
  custom: 'Custom endpoint',
};

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
  // A custom endpoint (vLLM, Ollama, LM Studio) often needs no key.
  const needsKey = settings['provider.kind'] !== 'custom';
  return { label, model: settings.model, hasApiKey: hasKey || !needsKey };
}
