// The bridge to the extension. In VS Code it is `acquireVsCodeApi()`; tests inject a fake with the same shape.
import { HostMessage, HostMessageSchema, WebviewMessage, WebviewMessageSchema } from '../shared/protocol';

export interface Bridge {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): Bridge;

export function acquireBridge(): Bridge {
  const injected = (globalThis as { codewrightBridge?: Bridge }).codewrightBridge;
  return injected ?? acquireVsCodeApi();
}

export function send(bridge: Bridge, message: WebviewMessage): void {
  bridge.postMessage(WebviewMessageSchema.parse(message));
}

/** Calls `handler` with each valid message from the extension; anything else is dropped and logged. */
export function listen(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = HostMessageSchema.safeParse(event.data);
    if (!parsed.success) {
      console.warn('[codewright] dropped a malformed message from the extension', parsed.error.issues);
      return;
    }
    handler(parsed.data);
  });
}
