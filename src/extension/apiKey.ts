// The API key lives in SecretStorage only: never in settings, logs or the webview.
import * as vscode from 'vscode';

const SECRET = 'codewright.apiKey';

export class ApiKeyStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange((e) => {
      if (e.key === SECRET) this.changed.fire();
    });
  }

  /** The stored key, else OPENAI_API_KEY from the environment VS Code was started in (read, never copied anywhere). */
  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET)) || process.env.OPENAI_API_KEY || undefined;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET);
  }
}

export async function promptForApiKey(store: ApiKeyStore): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: 'Codewright: Set API Key',
    prompt: 'The key is kept in VS Code\'s secret storage and sent only to the provider you configured.',
    placeHolder: 'sk-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? 'Enter a key, or press Escape to cancel.' : /\s/.test(v.trim()) ? 'An API key has no spaces.' : undefined),
  });
  if (key === undefined) return false;
  await store.set(key);
  void vscode.window.showInformationMessage('Codewright: API key saved in secret storage.');
  return true;
}
