import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chatEnvironment, ChatPage, openChatPage, ROOT, Theme } from './chatPage';

const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

/** What each theme's variables (chatPage.ts) must turn into on screen. */
const EXPECTED: Record<Theme, Record<string, string>> = {
  'vscode-dark': {
    text: '#cccccc',
    background: '#181818',
    button: '#0078d4',
    link: '#4daafc',
    string: '#ce9178',
    error: '#f85149',
    focus: '#0078d4',
  },
  'vscode-light': {
    text: '#3b3b3b',
    background: '#f8f8f8',
    button: '#005fb8',
    link: '#005fb8',
    string: '#a31515',
    error: '#f85149',
    focus: '#005fb8',
  },
  'vscode-high-contrast': {
    text: '#ffffff',
    background: '#000000',
    button: '#000000',
    link: '#21a6ff',
    string: '#ce9178',
    error: '#f48771',
    focus: '#f38518',
  },
};

describe('chat webview: themes (Chromium)', function () {
  this.timeout(60_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  afterEach(async () => {
    assert.deepEqual(chat.errors, []);
    await chat.close();
  });

  async function colours() {
    return chat.page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        text: style('body').color,
        background: style('body').backgroundColor,
        button: style('.cw-entry-error .cw-button').backgroundColor,
        link: style('.cw-md a').color,
        string: style('.cw-md .hljs-string').color,
        error: style('.cw-entry-error .cw-card-head .codicon').color,
        cardBorder: style('.cw-entry-edit').borderTopColor,
        focus: (() => {
          const button = document.querySelector<HTMLButtonElement>('.cw-entry-edit .cw-button')!;
          button.focus({ focusVisible: true } as FocusOptions);
          return getComputedStyle(button).outlineColor;
        })(),
      };
    });
  }

  it('takes every colour from the theme and follows a theme switch without reloading', async () => {
    chat = await openChatPage(env.browser, env.server, { theme: 'vscode-dark' });
    await chat.send({
      type: 'transcript',
      replay: 1,
      session: null,
      running: false,
      entries: [
        { kind: 'assistant', id: 'a', text: 'See [docs](https://example.com).\n\n```js\nconst s = "text";\n```', streaming: false },
        { kind: 'edit', id: 'e', change: 'update', path: 'a.ts', added: 1, removed: 0, status: 'awaiting_review', pending: true },
        { kind: 'error', id: 'x', message: 'The request failed. Retry.', retryable: true },
      ],
    });
    await chat.frames();
    await chat.page.keyboard.press('Tab');
    for (const theme of ['vscode-dark', 'vscode-light', 'vscode-high-contrast', 'vscode-dark'] as const) {
      await chat.page.evaluate((t) => (document.body.className = t), theme);
      const seen = await colours();
      const want = EXPECTED[theme];
      for (const key of ['text', 'background', 'button', 'link', 'string', 'error', 'focus'] as const) {
        assert.equal(seen[key], rgb(want[key]!), `${key} in ${theme}`);
      }
      if (theme === 'vscode-high-contrast')
        assert.equal(seen.cardBorder, rgb('#6fc3df'), 'high contrast outlines cards with contrastBorder');
    }
  });

  it('writes no colour literally in its stylesheet: every colour is a theme variable', () => {
    const css = fs.readFileSync(path.join(ROOT, 'media', 'chat.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const literal = css.match(
      /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|(?<![-\w])(?:white|black|red|green|blue|gray|grey|yellow|orange|purple)(?![-\w])/gi,
    );
    assert.equal(literal, null, `literal colours: ${literal?.join(', ')}`);
    const properties = [
      ...css.matchAll(
        /(?:^|[;{\s])((?:background-)?color|background|border(?:-[a-z]+)*-color|outline-color|border(?:-(?:top|bottom|left|right))?|outline|box-shadow)\s*:\s*([^;]+);/g,
      ),
    ];
    for (const [, property, value] of properties) {
      if (/^(?:0|none|transparent|inherit|currentColor|\d+px (?:solid|dashed|dotted) transparent)$/i.test(value!.trim())) continue;
      if (/^\d/.test(value!.trim()) && !/var\(/.test(value!)) continue;
      assert.match(value!, /var\(--(?:vscode-|cw-)/, `${property}: ${value} uses a theme variable`);
    }
  });
});
