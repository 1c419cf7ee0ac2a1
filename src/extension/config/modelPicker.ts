// "Codewright: Select Model": the known models and `codewright.models.extra` in a quick pick; the choice is written to
// the settings where it takes effect (the workspace's if they set the model, else the user's).
import * as vscode from 'vscode';
import { MODELS, readSettings, writeSetting } from './settings';

const NOTES: Record<string, string> = {
  'gpt-5.1-codex': 'default: the coding model',
  'gpt-5.1-codex-mini': 'faster and cheaper',
  'gpt-5.1-codex-max': 'long, hard tasks (supports xhigh effort)',
  'gpt-5.2-codex': 'newest coding model',
  'gpt-5.1': 'general model',
};

/** The chosen model, or undefined when the user backed out (or passed nothing usable). */
export async function selectModel(given?: unknown): Promise<string | undefined> {
  const settings = readSettings();
  const current = settings.model;
  let model = typeof given === 'string' && given.trim() ? given.trim() : undefined;
  if (!model) {
    const ids = [...new Set([...MODELS, ...settings['models.extra'], current])];
    const picked = await vscode.window.showQuickPick(
      ids.map((id) => ({ label: id, description: [id === current ? 'current' : '', NOTES[id] ?? ''].filter(Boolean).join(' · ') })),
      { title: 'Codewright: Select Model', placeHolder: `The model Codewright uses (now ${current}). Add others in codewright.models.extra.` },
    );
    model = picked?.label;
  }
  if (!model) return undefined;
  await writeSetting('model', model);
  return model;
}
