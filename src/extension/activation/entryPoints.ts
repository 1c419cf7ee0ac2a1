// What VS Code calls into before any feature exists: the contributed commands and the chat view. Each stands in for
// the real thing until first used; then the features are composed (dist/features.js, loaded only then), the stand-ins
// make way for the features' own commands, and the call goes on to them.
import path from 'node:path';
import vscode = require('vscode');
import { CHAT_VIEW_ID } from '../chat/chatViewId';
import type { Features } from './features';

type FeaturesModule = typeof import('./features');

/** Registers the entry points; returns the features, composed by the first call (or the first use of an entry point). */
export function registerEntryPoints(context: vscode.ExtensionContext): () => Features {
  let features: Features | undefined;
  let failure: unknown;
  const standIns: vscode.Disposable[] = [];
  const load = (): Features => {
    if (features) return features;
    // A composition that failed half-way has registered some commands already: trying again would only clash.
    if (failure !== undefined) throw failure;
    // The stand-ins go first: each feature registers its own command under the same id.
    for (const standIn of standIns.splice(0)) standIn.dispose();
    try {
      // A computed path, so this bundle never includes the features: next to dist/extension.js, or transpiled alongside.
      features = (require(path.join(__dirname, 'features.js')) as FeaturesModule).composeFeatures(context);
    } catch (error) {
      failure = error;
      throw error;
    }
    return features;
  };
  for (const id of contributedCommands(context)) {
    standIns.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        load();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }
  context.subscriptions.push(
    { dispose: () => standIns.splice(0).forEach((standIn) => standIn.dispose()) },
    vscode.window.registerWebviewViewProvider(
      CHAT_VIEW_ID,
      { resolveWebviewView: (view) => load().chat.view.resolveWebviewView(view) },
      { webviewOptions: { retainContextWhenHidden: false } },
    ),
  );
  return load;
}

/** The command ids package.json contributes: the ones a menu, a key or the palette can invoke before anything loaded. */
function contributedCommands(context: vscode.ExtensionContext): string[] {
  const manifest = context.extension.packageJSON as { contributes?: { commands?: { command?: unknown }[] } };
  return (manifest.contributes?.commands ?? []).flatMap((c) => (typeof c.command === 'string' ? [c.command] : []));
}
