import assert from 'node:assert/strict';
import type { Entry, HostMessage } from '../../src/shared/protocol';
import { chatEnvironment, ChatPage, openChatPage } from './chatPage';
import { deltas, event } from './fixtures';

/**
 * Model output (and anything else that ends up in the view) trying to run script, load something or navigate. A payload
 * that ran sets window.__pwned; one that loaded something hits the test server's /pwn endpoint.
 */
function hostileCorpus(origin: string): string[] {
  const set = 'window.__pwned=1';
  return [
    `<img src=x onerror="${set}">`,
    `<script>${set}</script>`,
    `<svg onload="${set}"><script>${set}</script></svg>`,
    `<svg><a xlink:href="javascript:${set}"><text x="0" y="10">svg link</text></a></svg>`,
    `<math><mtext><table><mglyph><style><img src=x onerror="${set}">`,
    `<iframe src="javascript:${set}"></iframe>`,
    `<object data="javascript:${set}"></object><embed src="javascript:${set}">`,
    `<a href="javascript:${set}">raw html link</a>`,
    `<form action="${origin}/pwn-form"><button formaction="javascript:${set}">go</button><input autofocus onfocus="${set}"></form>`,
    `<style>body{background:url(${origin}/pwn-style-tag)}</style>`,
    `<div style="background:url(${origin}/pwn-style-attr)">styled</div>`,
    `<meta http-equiv="refresh" content="0;url=${origin}/pwn-meta"><base href="javascript:/"><link rel=stylesheet href="${origin}/pwn-link">`,
    `<img src="${origin}/pwn-img-same-origin">`,
    `![tracking pixel](${origin}/pwn-markdown-image)`,
    `![x](x" onerror="${set})`,
    `[markdown js link](javascript:${set})`,
    `[mixed case](JaVaScRiPt:${set})`,
    `[entity](&#106;avascript:${set})`,
    `[escaped](java&#x09;script:${set})`,
    `[spaced]( javascript:${set})`,
    `<javascript:${set}>`,
    `[data html](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)`,
    `[data svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTEiLz4=)`,
    `[vbscript](vbscript:msgbox(1))`,
    `[file](file:///etc/passwd)`,
    `[title trick](https://example.com "a\\" onmouseover=\\"${set}")`,
    `[reference][r]\n\n[r]: javascript:${set}`,
    '```html\n<script>' + set + '</script>\n```',
    `<details open ontoggle="${set}"><summary>x</summary></details>`,
    `<a href="${origin}/pwn-target" target="_top">targeted</a>`,
    `<div class="cw-button cw-entry-error" data-x="1" aria-hidden="true">borrowed styling</div>`,
  ];
}

describe('chat webview: hostile output cannot run or load anything (Chromium)', function () {
  this.timeout(60_000);
  const env = chatEnvironment();
  let chat: ChatPage;
  beforeEach(async () => {
    chat = await openChatPage(env.browser, env.server);
    env.server.hits.length = 0;
  });
  afterEach(async () => {
    assert.deepEqual(chat.errors, [], 'no uncaught errors in the view');
    await chat.close();
  });

  /** Nothing ran, nothing loaded, nothing tried (a CSP violation would mean the sanitiser let something through). */
  async function assertInert(): Promise<void> {
    await chat.frames(3);
    assert.equal(await chat.pwned(), undefined, 'no payload ran');
    assert.deepEqual(env.server.hits, [], 'no payload made the page fetch anything');
    assert.deepEqual(await chat.violations(), [], 'no payload even reached the Content Security Policy');
    const found = await chat.page.evaluate(() => {
      const app = document.getElementById('app')!;
      const all = [...app.querySelectorAll('*')];
      return {
        scripts: document.querySelectorAll('script').length,
        handlers: all.filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).map((e) => e.outerHTML),
        styles: all.filter((e) => e.hasAttribute('style') && e.closest('.cw-md')).map((e) => e.outerHTML),
        embedded: [
          ...app.querySelectorAll(
            '.cw-md iframe, .cw-md object, .cw-md embed, .cw-md form, .cw-md input, .cw-md button:not(.cw-icon-button), .cw-md svg, .cw-md math, .cw-md img, .cw-md style, .cw-md meta, .cw-md link, .cw-md base',
          ),
        ].map((e) => e.outerHTML),
        links: [...app.querySelectorAll('.cw-md a[href]')].map((a) => a.getAttribute('href')!),
        borrowed: app.querySelectorAll('.cw-md .cw-button, .cw-md .cw-entry-error, .cw-md [data-x], .cw-md [target]').length,
        baseURI: document.baseURI,
      };
    });
    assert.equal(found.scripts, 2, 'only the bridge and the bundle are scripts');
    assert.deepEqual(found.handlers, [], 'no event handler attributes');
    assert.deepEqual(found.styles, [], 'no style attributes in model output');
    assert.deepEqual(found.embedded, [], 'no embedded content, forms or images from model output');
    for (const href of found.links) assert.match(href, /^(https?:|mailto:)/i, `only web and mail links survive (${href})`);
    assert.equal(found.borrowed, 0, "model output cannot borrow the view's classes or set targets");
    assert.match(found.baseURI, /\/page\/\d+$/, 'no <base> took effect');
  }

  it('keeps every payload inert in a streamed answer, in reasoning, and in a finished answer', async () => {
    const corpus = hostileCorpus(env.server.origin);
    const text = corpus.join('\n\n');
    await chat.sendAll(deltas('msg_stream', text, 7).map(event));
    await chat.sendAll([
      event({ type: 'reasoning_delta', itemId: 'rs_1', summaryIndex: 0, delta: text }),
      event({ type: 'text_done', itemId: 'msg_done', text }),
    ]);
    for (const payload of corpus) await chat.send(event({ type: 'text_done', itemId: `msg_${corpus.indexOf(payload)}`, text: payload }));
    await chat.page.locator('details.cw-entry-reasoning summary').click();
    await assertInert();
    assert.ok((await chat.page.locator('.cw-entry-assistant').count()) >= corpus.length);
    assert.match(
      (await chat.page.locator('.cw-entry-assistant').first().textContent())!,
      /<script>window\.__pwned=1<\/script>/,
      'raw HTML shows as text',
    );
  });

  it('keeps payloads inert in every other place text reaches the view', async () => {
    const payload = hostileCorpus(env.server.origin).join(' ');
    const entries: Entry[] = [
      {
        kind: 'user',
        id: 'u',
        text: payload,
        files: [payload.slice(0, 500)],
        selection: { path: payload.slice(0, 300), startLine: 1, endLine: 2 },
        images: [],
      },
      {
        kind: 'edit',
        id: 'e',
        change: 'update',
        path: payload.slice(0, 900),
        moveTo: payload.slice(0, 200),
        added: 1,
        removed: 1,
        status: payload,
        pending: true,
        summary: payload,
      },
      {
        kind: 'command',
        id: 'c',
        commands: [payload],
        why: payload,
        status: payload,
        pending: true,
        output: payload,
        runs: [{ command: payload, exitCode: 1, durationMs: 5 }],
      },
      { kind: 'function', id: 'f', name: payload, arguments: payload, status: 'completed', outcome: 'completed', summary: payload },
      { kind: 'error', id: 'x', message: payload, retryable: true, code: payload },
      { kind: 'notice', id: 'n', text: payload },
    ];
    const messages: HostMessage[] = [
      { type: 'provider', provider: { label: payload, model: payload, hasApiKey: false } },
      {
        type: 'config',
        models: [payload],
        model: payload,
        effort: 'low',
        efforts: ['low'],
        notice: payload,
        warning: payload,
        replacement: payload,
      },
      { type: 'transcript', replay: 1, session: { id: 's', title: payload, model: payload, updatedAt: 0 }, running: false, entries },
      { type: 'selection', selection: { path: payload.slice(0, 300), startLine: 1, endLine: 1 } },
    ];
    await chat.sendAll(messages);
    await chat.page.locator('.cw-textarea').click();
    await chat.page.keyboard.type('@x');
    const requestId = (await chat.posted()).filter((m) => m.type === 'mention_query').length;
    await chat.send({ type: 'mention_results', requestId, files: [payload.slice(0, 1000)] });
    await chat.sendAll([
      { type: 'show_history' },
      { type: 'history', sessions: [{ id: 's', title: payload, model: payload, updatedAt: 0 }], currentId: null },
    ]);
    await assertInert();
  });

  it('opens only web and mail links, through the host, and never navigates the view', async () => {
    await chat.send(
      event({
        type: 'text_done',
        itemId: 'm',
        text: [
          ...hostileCorpus(env.server.origin),
          '[docs](https://example.com/docs)',
          '<mailto:team@example.com>',
          'https://example.org/auto',
        ].join('\n\n'),
      }),
    );
    // A long answer renders a frame's worth of blocks at a time: wait for its last link.
    await chat.page.locator('.cw-entry-assistant a[href="https://example.org/auto"]').waitFor();
    const url = chat.page.url();
    const links = chat.page.locator('.cw-entry-assistant a');
    const count = await links.count();
    assert.ok(count >= 5, `${count} links rendered`);
    for (let i = 0; i < count; i++) {
      await links.nth(i).click({ modifiers: i % 2 ? ['Shift'] : [] });
      await links.nth(i).click({ button: 'middle' });
    }
    await chat.frames();
    assert.equal(chat.page.url(), url, 'the view never navigated');
    assert.equal(chat.page.context().pages().length, 1, 'no window was opened');
    const opened = (await chat.posted()).filter((m) => m.type === 'open_link').map((m) => (m as { href: string }).href);
    assert.ok(opened.includes('https://example.com/docs'));
    assert.ok(opened.includes('mailto:team@example.com'));
    assert.ok(opened.includes('https://example.org/auto'));
    for (const href of opened) assert.match(href, /^(https?:\/\/|mailto:)/);
    await assertInert();
  });

  it('records a Content Security Policy violation when script is injected past the sanitiser (the detector works)', async () => {
    await chat.page.evaluate(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__pwned=1" onload="window.__pwned=1">';
      document.body.append(probe);
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = 1';
      document.body.append(script);
    });
    await chat.frames(3);
    assert.equal(await chat.pwned(), undefined, 'the policy blocked what the sanitiser would have removed');
    const violations = await chat.violations();
    assert.ok(
      violations.some((v) => v.directive.startsWith('script-src')),
      JSON.stringify(violations),
    );
  });
});
