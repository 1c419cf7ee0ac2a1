// What the host does with each message the chat page posts. One handler per message type, in a map the compiler checks:
// a message type without a handler does not build.
import vscode = require('vscode');
import { errorText } from '../../shared/errorText';
import { ExternalLinkSchema, type WebviewMessage } from '../../shared/protocol';
import { writeSetting } from '../config/settings';
import type { ChatContext } from './chatContext';
import type { ChatHistory } from './chatHistory';
import type { ChatPort, ChatSession } from './chatSession';

export type WebviewHandlers = {
  [K in WebviewMessage['type']]: (message: Extract<WebviewMessage, { type: K }>) => Promise<void> | void;
};

/** The edit review's actions behind an edit card's buttons (ReviewManager). */
export interface EditActions {
  openDiff(callId: string): Promise<boolean>;
  accept(callId: string): Promise<unknown>;
  rejectWithPrompt(callId: string): Promise<unknown>;
}

export interface HandlerParts {
  chat: ChatSession;
  history: ChatHistory;
  view: ChatPort;
  context: ChatContext;
  edits: EditActions;
  log: vscode.LogOutputChannel;
}

export function chatMessageHandlers(parts: HandlerParts): WebviewHandlers {
  const { chat, history, view, context, edits, log } = parts;
  return {
    ready: () => chat.replay(),
    send: (m) => chat.send(m),
    stop: () => chat.stop(),
    retry: () => chat.retry(),
    resend: (m) => chat.resend(m.id, m.text),
    // The checkpoints feature listens to the view for these itself: it is built after the chat.
    checkpoint: () => undefined,
    // The instructions line and the MCP approval cards listen to the view for these themselves: they are built after the chat.
    open_instruction_file: () => undefined,
    mcp_answer: () => undefined,
    history: () => history.post(),
    resume: (m) => chat.open(m.id),
    rename: (m) => history.rename(m.id),
    delete: (m) => history.delete(m.id),
    edit: async (m) => {
      if (m.action === 'accept') await edits.accept(m.callId);
      else if (m.action === 'reject') await edits.rejectWithPrompt(m.callId);
      else if (!(await edits.openDiff(m.callId)))
        void vscode.window.showInformationMessage('Codewright: that edit is no longer waiting for review.');
    },
    approval: async (m) => {
      if (!(await chat.decide(m.callId, m.decision, m.reason)))
        log.info(`The answer to command ${m.callId} came after it was settled; ignored.`);
    },
    insert: (m) => context.insert(m.code),
    mention_query: async (m) => {
      view.post({ type: 'mention_results', requestId: m.requestId, files: await context.mentionCandidates(m.query) });
    },
    command: async (m) => {
      await vscode.commands.executeCommand(`codewright.${m.command}`);
    },
    set_model: (m) => writeSetting('model', m.model),
    switch_model: async (m) => {
      await writeSetting('model', m.model);
      log.info(`Switched the model to ${m.model} from the chat header.`);
    },
    set_effort: (m) => writeSetting('reasoningEffort', m.effort),
    set_approval: async (m) => {
      if (m.edits) await writeSetting('approval.edits', m.edits);
      if (m.commands) await writeSetting('approval.commands', m.commands);
    },
    copy: async (m) => {
      await vscode.env.clipboard.writeText(m.text);
    },
    open_link: async (m) => {
      // Checked again right before opening: only web and mail links leave VS Code, and only on a user's click.
      if (!ExternalLinkSchema.safeParse(m.href).success) {
        log.warn('Did not open a link from the chat view: only http, https and mailto links open.');
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(m.href, true));
    },
  };
}

/** Runs the message's handler; a failure is logged and shown, never thrown back at the view. */
export async function dispatch(handlers: WebviewHandlers, message: WebviewMessage, log: vscode.LogOutputChannel): Promise<void> {
  // The map is keyed by type, so this handler takes exactly this message; TypeScript cannot correlate the two unions.
  const handler = handlers[message.type] as (m: WebviewMessage) => Promise<void> | void;
  try {
    await handler(message);
  } catch (error) {
    log.error(`The chat's ${message.type} request failed: ${errorText(error)}`);
    void vscode.window.showErrorMessage(`Codewright: ${errorText(error)}`);
  }
}
