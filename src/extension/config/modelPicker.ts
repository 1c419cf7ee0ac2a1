// "Codewright: Select Model": what the provider serves (GET /models through the core's catalog, cached in the
// extension's global storage and refreshed on demand), preferred models first, each flagged when it is within 30 days of
// its shutdown date or past it; then `codewright.models.extra`. The choice is written to the settings where it takes
// effect (the workspace's if they set the model, else the user's).
import vscode = require('vscode');
import type { ModelRow, ProviderConfig } from '../../core/index';
import { errorText } from '../../shared/errorText';
import type { AgentModule } from '../agent/agentModule';
import { readSettings, writeSetting } from './settings';

export interface ModelPickerParts {
  provider(): Promise<ProviderConfig>;
  agent(): AgentModule;
  /** Where the served-model lists are cached. */
  cacheFile: string;
}

const REFRESH = '$(refresh) Refresh the list from the provider';

/** The chosen model, or undefined when the user backed out (or passed nothing usable). */
export async function selectModel(parts: ModelPickerParts, given?: unknown): Promise<string | undefined> {
  const settings = readSettings();
  const current = settings.model;
  let model = typeof given === 'string' && given.trim() ? given.trim() : undefined;
  for (let refresh = false; !model; refresh = true) {
    const served = await servedRows(parts, refresh);
    const picked = await vscode.window.showQuickPick(pickerItems(served, current, settings['models.extra']), {
      title: 'Codewright: Select Model',
      placeHolder:
        'problem' in served
          ? `The provider's model list could not be read (${served.problem}). Add models in codewright.models.extra.`
          : `The model Codewright uses (now ${current}). Add others in codewright.models.extra.`,
    });
    if (!picked) return undefined;
    if (picked.label !== REFRESH) model = picked.label;
  }
  await writeSetting('model', model);
  return model;
}

async function servedRows(parts: ModelPickerParts, refresh: boolean): Promise<{ rows: ModelRow[] } | { problem: string }> {
  try {
    const agent = parts.agent();
    const provider = await parts.provider();
    const { models } = await new agent.ModelCatalog({ file: parts.cacheFile }).models(provider, { refresh });
    return { rows: agent.modelRows(models, { today: new Date(), tableDates: agent.resolveProvider(provider).kind === 'openai' }) };
  } catch (error) {
    return { problem: errorText(error) };
  }
}

/** Served models (with their warnings), then the extra and current models the provider did not list, then Refresh. */
export function pickerItems(
  served: { rows: ModelRow[] } | { problem: string },
  current: string,
  extra: readonly string[],
): vscode.QuickPickItem[] {
  const rows = 'rows' in served ? served.rows : [];
  const items: vscode.QuickPickItem[] = rows.map((row) => ({
    label: row.id,
    description: [row.id === current ? 'current' : '', row.warning ? `$(warning) ${row.warning}` : ''].filter(Boolean).join(' · '),
  }));
  for (const id of [...extra, current]) {
    if (items.some((item) => item.label === id)) continue;
    items.push({
      label: id,
      description: [id === current ? 'current' : '', extra.includes(id) ? 'codewright.models.extra' : ''].filter(Boolean).join(' · '),
    });
  }
  items.push({ label: REFRESH });
  return items;
}
