// Code blocks in answers get a bar with their language, Copy, and Insert at Cursor. Both post a message: the host
// owns the clipboard and the editor, so neither depends on the webview's permissions.
import type { WebviewMessage } from '../shared/protocol';
import { el, iconButton } from './dom';

export function codeBlockDecorator(post: (message: WebviewMessage) => void): (fragment: DocumentFragment) => void {
  return (fragment) => {
    for (const pre of fragment.querySelectorAll('pre')) {
      const code = pre.querySelector('code');
      if (!code) continue;
      const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1] ?? '';
      const text = () => code.textContent ?? '';
      const bar = el(
        'div.cw-code-bar',
        {},
        el('span.cw-code-lang', {}, language),
        iconButton('copy', 'Copy code', () => post({ type: 'copy', text: text() })),
        iconButton('insert', 'Insert code at cursor', () => post({ type: 'insert', code: text() })),
      );
      const block = el('div.cw-code');
      pre.replaceWith(block);
      pre.tabIndex = 0;
      block.append(bar, pre);
    }
  };
}
