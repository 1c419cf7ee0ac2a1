// The API key lives in SecretStorage only: never in settings, logs or the webview.
import vscode = require('vscode');

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

/** Checks a candidate key with the provider; resolves with the sentence to show when it does not work. */
export type KeyValidator = (key: string) => Promise<string | undefined>;

/**
 * Asks for the key and, with `validate`, checks it before saving: a key the provider refuses is not saved, and the box
 * stays open with the reason. Pressing Enter again on the same key saves it anyway (the provider may be unreachable
 * from here but fine from where the user works). Resolves true when a key was saved.
 */
export function promptForApiKey(store: ApiKeyStore, validate?: KeyValidator): Promise<boolean> {
  const box = createKeyBox("The key is kept in VS Code's secret storage and sent only to the provider you configured.");
  let refused: string | undefined;
  return new Promise<boolean>((resolve) => {
    let settled = false;
    const finish = (saved: boolean) => {
      if (settled) return;
      settled = true;
      resolve(saved);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      refused = undefined;
      box.validationMessage = keyFormatProblem(value);
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (keyFormatProblem(box.value) || box.busy) return;
      if (validate && refused !== key) {
        box.busy = true;
        box.enabled = false;
        const problem = await validate(key);
        box.busy = false;
        box.enabled = true;
        if (problem) {
          refused = key;
          // A warning, not an error: an error would block the second Enter that saves the key anyway.
          box.validationMessage = {
            message: `${problem} Press Enter again to save this key anyway.`,
            severity: vscode.InputBoxValidationSeverity.Warning,
          };
          return;
        }
      }
      await store.set(key);
      finish(true);
      void vscode.window.showInformationMessage(
        validate && refused !== key
          ? 'Codewright: the API key works and is saved in secret storage.'
          : 'Codewright: API key saved in secret storage.',
      );
    });
    box.onDidHide(() => finish(false));
    box.show();
  });
}

/** The Set API Key box, not yet shown: a password field that stays open when the focus moves elsewhere. */
export function createKeyBox(prompt: string): vscode.InputBox {
  const box = vscode.window.createInputBox();
  box.title = 'Codewright: Set API Key';
  box.prompt = prompt;
  box.placeholder = 'sk-…';
  box.password = true;
  box.ignoreFocusOut = true;
  return box;
}

/** Why `value` cannot be a key (empty, or with spaces), else undefined. */
export function keyFormatProblem(value: string): string | undefined {
  const key = value.trim();
  if (key.length === 0) return 'Enter a key, or press Escape to cancel.';
  return /\s/.test(key) ? 'An API key has no spaces.' : undefined;
}
