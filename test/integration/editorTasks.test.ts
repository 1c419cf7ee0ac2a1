// The editor commands in a real VS Code against the fake Responses API: each runs the agent loop end to end, its edits
// open as diffs that change the file when accepted; the light bulb on a real diagnostic; Review Changes on a real git
// repository; Check Connection against a server that answers (and calls the tool it is offered), one that ignores built-in
// tools, and one that refuses the key.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CodeReviewResult } from '../../src/extension/codeReview/reviewChanges';
import { keyValidator } from '../../src/extension/config/connectionCheck';
import type { TestApi } from '../../src/extension/extension';
import type { TaskReport } from '../../src/extension/editorTasks/taskProgress';
import type { HostMessage } from '../../src/shared/protocol';
import { PROPOSAL_SCHEME } from '../../src/extension/editReview/reviewDocuments';
import { startFakeServer, type FakeServer } from '../fake-openai/server';
import { activateExtension, manifest, waitFor } from './support';

const workspace = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
};
const abs = (rel: string) => path.join(workspace(), rel);
const read = (rel: string) => fs.readFileSync(abs(rel), 'utf8');
const put = (rel: string, content: string) => {
  fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
  fs.writeFileSync(abs(rel), content);
};

/** The text of the last request's user message (the prompt and its attachments). */
function lastPrompt(server: FakeServer): string {
  const request = server.requests.filter((r) => r.path.endsWith('/responses')).at(-1);
  const input =
    (request?.body as { input?: { type?: string; role?: string; content?: { type: string; text?: string }[] }[] } | undefined)?.input ?? [];
  const user = input.filter((i) => i.role === 'user').at(-1);
  return (user?.content ?? []).map((c) => c.text ?? '').join('\n');
}

function proposalOpen(file: string): boolean {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .some(
      (t) =>
        t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSAL_SCHEME && t.input.modified.path.endsWith(file),
    );
}

async function select(rel: string, startLine: number, endLine: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(abs(rel)), { preview: false });
  // Lines are 1-based here; the selection runs to the start of the line after the last.
  editor.selection = new vscode.Selection(startLine - 1, 0, endLine, 0);
  return editor;
}

describe('editor commands', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('codewright');

  /** Waits for the edit to `file` to be pending, checks its diff is open, and accepts it. */
  async function acceptEditTo(file: string): Promise<void> {
    const edit = await waitFor(() => api.review.manager.pending().find((e) => e.path === file), `the edit to ${file} to wait for review`);
    await waitFor(() => proposalOpen(file), `the diff of ${file} to open`);
    assert.equal(api.agent.status.state, 'waiting', 'the status bar says the agent waits for the user');
    assert.match(api.agent.status.item.text, /waiting for you/);
    const decision = await api.review.manager.accept(edit.callId);
    assert.equal(decision?.status, 'accepted', `the edit to ${file} was written: ${JSON.stringify(decision)}`);
  }

  before(async () => {
    api = await activateExtension();
    server = await startFakeServer();
    await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    await api.review.manager.rejectAll('test cleanup');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const key of ['provider.kind', 'provider.baseUrl', 'model'])
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('Refactor Selection runs the agent on the selection with the file attached; the result is a diff that writes the file when accepted', async () => {
    put('editor/refactor.ts', 'export function total(xs: number[]) {\n  let t = 0;\n  for (const x of xs) t += x;\n  return t;\n}\n');
    await select('editor/refactor.ts', 2, 4);
    server.enqueue(
      {
        items: [
          {
            type: 'apply_patch_call',
            operation: {
              type: 'update_file',
              path: 'editor/refactor.ts',
              diff: '@@\n export function total(xs: number[]) {\n-  let t = 0;\n-  for (const x of xs) t += x;\n-  return t;\n+  return xs.reduce((t, x) => t + x, 0);\n }',
            },
          },
        ],
      },
      { items: [{ type: 'text', text: 'Replaced the loop with reduce.' }] },
    );
    assert.equal(api.agent.status.state, 'idle');
    const run = vscode.commands.executeCommand<TaskReport>('codewright.refactorSelection', 'use reduce instead of the loop');
    await acceptEditTo('editor/refactor.ts');
    const report = await run;
    assert.equal(report.outcome.reason, 'completed');
    assert.deepEqual(
      report.edits.map((e) => [e.path, e.outcome]),
      [['editor/refactor.ts', 'completed']],
    );
    assert.equal(report.text, 'Replaced the loop with reduce.');
    assert.equal(read('editor/refactor.ts'), 'export function total(xs: number[]) {\n  return xs.reduce((t, x) => t + x, 0);\n}\n');
    assert.equal(api.agent.status.state, 'idle');

    const prompt = lastPrompt(server);
    assert.match(prompt, /^Refactor lines 2-4 of editor\/refactor\.ts: use reduce instead of the loop\n/);
    assert.ok(prompt.includes('```typescript\n  let t = 0;\n  for (const x of xs) t += x;\n  return t;\n```'), 'the selection is quoted');
    assert.ok(prompt.includes('Attached file editor/refactor.ts:'), 'the whole file is attached');
    assert.equal(api.editorTasks.recent.list()[0], 'use reduce instead of the loop', 'the instruction is offered next time');

    // The output channel: request ids and timings, the task's turn, its edit; never the code.
    const logFile = path.join(api.logFolder.fsPath, 'Codewright.log');
    const host = new URL(server.url).host.replace(/[.]/g, '\\.');
    const log = await waitFor(() => {
      const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      return /\[Refactor editor\/refactor\.ts:2-4 #\d+\] turn \S+ finished: completed/.test(text) && text;
    }, 'the task to be logged');
    assert.match(log, new RegExp(`POST ${host}/v1/responses → 200 in \\d+ ms \\(request id req_\\w+\\)`));
    assert.match(log, /\[Refactor editor\/refactor\.ts:2-4 #\d+\] turn \S+ started with gpt-5\.1-codex/);
    assert.match(log, /\[Refactor editor\/refactor\.ts:2-4 #\d+\] call_\w+: apply_patch update_file editor\/refactor\.ts/);
    assert.doesNotMatch(log, /xs\.reduce|let t = 0/, 'no code in the log');
  });

  it('keeps two runs of the same task apart: the status bar shows work until both are done', async () => {
    const sources = new Set<string>();
    const watching = api.agent.events.onDidEmit(({ source }) => sources.add(source));
    try {
      server.enqueue(
        { items: [{ type: 'text', text: 'Quick.' }] },
        { delayMs: 150, items: [{ type: 'text', text: 'Slower, word by word, so it is still streaming.' }] },
      );
      const task = { title: 'Explain editor/same.ts:1-2', input: { text: 'Explain these lines' }, readOnly: true };
      const runs = [
        api.agent.tasks.runTask(task, new AbortController().signal, () => undefined),
        api.agent.tasks.runTask(task, new AbortController().signal, () => undefined),
      ];
      await Promise.race(runs);
      assert.equal(api.agent.status.state, 'thinking', 'one run finished, the other still works');
      const outcomes = await Promise.all(runs);
      assert.deepEqual(
        outcomes.map((o) => o.reason),
        ['completed', 'completed'],
      );
      assert.equal(api.agent.status.state, 'idle');
      assert.equal(sources.size, 2, [...sources].join(', '));
    } finally {
      watching.dispose();
    }
  });

  it('a rejected refactor leaves the file alone and tells the model why', async () => {
    put('editor/keep.py', 'def f():\n    return 1\n');
    await select('editor/keep.py', 1, 2);
    server.enqueue(
      {
        items: [
          {
            type: 'apply_patch_call',
            operation: { type: 'update_file', path: 'editor/keep.py', diff: '@@\n def f():\n-    return 1\n+    return 2' },
          },
        ],
      },
      { items: [{ type: 'text', text: 'Left it.' }] },
    );
    const run = vscode.commands.executeCommand<TaskReport>('codewright.refactorSelection', 'return two');
    const edit = await waitFor(() => api.review.manager.pending().find((e) => e.path === 'editor/keep.py'), 'the edit to wait for review');
    await api.review.manager.reject(edit.callId, 'one is right');
    const report = await run;
    assert.deepEqual(
      report.edits.map((e) => e.outcome),
      ['rejected'],
    );
    assert.equal(read('editor/keep.py'), 'def f():\n    return 1\n');
    assert.match(JSON.stringify(server.requests.at(-1)?.body), /one is right/);
  });

  it('Refactor Selection without a selection says what to do and asks the model nothing', async () => {
    put('editor/empty.txt', 'x\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(abs('editor/empty.txt')));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const before = server.requests.length;
    assert.equal(await vscode.commands.executeCommand('codewright.refactorSelection', 'anything'), undefined);
    assert.equal(server.requests.length, before);
  });

  it('Explain Selection asks in the chat with the selection attached, and the answer streams there', async () => {
    put('editor/explain.js', 'const a = 1;\nconst b = a << 3;\nconsole.log(b);\n');
    await select('editor/explain.js', 2, 2);
    server.enqueue({ items: [{ type: 'text', text: 'It shifts a left by three bits: b is 8.' }] });
    await vscode.commands.executeCommand('codewright.explainSelection');
    await waitFor(() => !api.chat.session.running, 'the explanation to finish');
    const user = api.chat.session.entries.filter((e) => e.kind === 'user').at(-1);
    assert.ok(user && user.kind === 'user');
    assert.deepEqual(user.selection, { path: 'editor/explain.js', startLine: 2, endLine: 2 });
    assert.match(user.text, /^Explain the selected code in editor\/explain\.js \(lines 2-2\)/);
    const answer = api.chat.session.entries.filter((e) => e.kind === 'assistant').at(-1);
    assert.equal(answer?.kind === 'assistant' && answer.text, 'It shifts a left by three bits: b is 8.');
    assert.ok(lastPrompt(server).includes('const b = a << 3;'), 'the selected lines went to the model');
    await waitFor(() => api.chat.view.visible, 'the chat to be open');
  });

  it('Add Selection to Chat opens the chat with the selection as its context chip, asking the model nothing', async () => {
    put('editor/attach.md', '# One\n\nTwo\nThree\n');
    await select('editor/attach.md', 3, 4);
    const posted: HostMessage[] = [];
    const original = api.chat.view.postWhenReady;
    api.chat.view.postWhenReady = (message) => {
      posted.push(message);
      original.call(api.chat.view, message);
    };
    const before = server.requests.length;
    try {
      await vscode.commands.executeCommand('codewright.addSelectionToChat');
    } finally {
      api.chat.view.postWhenReady = original;
    }
    assert.deepEqual(posted, [{ type: 'selection', selection: { path: 'editor/attach.md', startLine: 3, endLine: 4 } }]);
    await waitFor(() => api.chat.view.visible, 'the chat to be open');
    assert.equal(server.requests.length, before);
  });

  it('Fix Problem from the palette fixes the problem at the cursor', async () => {
    put('editor/cursor.py', 'def half(x):\n    return x / 0\n');
    const uri = vscode.Uri.file(abs('editor/cursor.py'));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(1, 15, 1, 15);
    const diagnostics = vscode.languages.createDiagnosticCollection('codewright-test-cursor');
    try {
      diagnostics.set(uri, [
        new vscode.Diagnostic(new vscode.Range(0, 0, 0, 3), 'Missing docstring', vscode.DiagnosticSeverity.Information),
        new vscode.Diagnostic(new vscode.Range(1, 11, 1, 16), 'Division by zero', vscode.DiagnosticSeverity.Warning),
      ]);
      server.enqueue(
        {
          items: [
            {
              type: 'apply_patch_call',
              operation: { type: 'update_file', path: 'editor/cursor.py', diff: '@@\n def half(x):\n-    return x / 0\n+    return x / 2' },
            },
          ],
        },
        { items: [{ type: 'text', text: 'Halved by two.' }] },
      );
      const run = vscode.commands.executeCommand<TaskReport>('codewright.fixProblem');
      await acceptEditTo('editor/cursor.py');
      assert.equal((await run).outcome.reason, 'completed');
      assert.match(
        lastPrompt(server),
        /^Fix this warning in editor\/cursor\.py at line 2, column 12:\nDivision by zero\n/,
        'the problem on the cursor line, not the other one',
      );
      assert.equal(read('editor/cursor.py'), 'def half(x):\n    return x / 2\n');
    } finally {
      diagnostics.dispose();
    }
  });

  it('offers Fix with Codewright on a diagnostic and Refactor with Codewright on a selection; the fix arrives as a diff', async () => {
    put('editor/fix.ts', 'const greeting: string = 42;\nexport default greeting;\n');
    const uri = vscode.Uri.file(abs('editor/fix.ts'));
    await vscode.window.showTextDocument(uri);
    const diagnostics = vscode.languages.createDiagnosticCollection('codewright-test');
    try {
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(0, 6, 0, 14),
        "Type 'number' is not assignable to type 'string'.",
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = 'ts';
      diagnostic.code = 2322;
      diagnostics.set(uri, [diagnostic]);

      const atProblem = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(0, 8, 0, 8),
      );
      const fix = atProblem.find((a) => a.title.startsWith('Fix with Codewright'));
      assert.ok(fix, `offered: ${atProblem.map((a) => a.title).join(', ')}`);
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(!atProblem.some((a) => a.title.startsWith('Refactor with Codewright')), 'no refactor without a selection');

      const onSelection = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(0, 0, 1, 0),
      );
      const refactor = onSelection.find((a) => a.title.startsWith('Refactor with Codewright'));
      assert.equal(refactor?.kind?.value, vscode.CodeActionKind.RefactorRewrite.value);

      server.enqueue(
        {
          items: [
            {
              type: 'apply_patch_call',
              operation: {
                type: 'update_file',
                path: 'editor/fix.ts',
                diff: '@@\n-const greeting: string = 42;\n+const greeting: string = "42";\n export default greeting;',
              },
            },
          ],
        },
        { items: [{ type: 'text', text: 'A number was assigned to a string.' }] },
      );
      const run = vscode.commands.executeCommand<TaskReport>(fix.command!.command, ...(fix.command!.arguments ?? []));
      await acceptEditTo('editor/fix.ts');
      assert.equal((await run).outcome.reason, 'completed');
      assert.equal(read('editor/fix.ts'), 'const greeting: string = "42";\nexport default greeting;\n');
      const prompt = lastPrompt(server);
      assert.match(
        prompt,
        /^Fix this error in editor\/fix\.ts at line 1, column 7 \(ts 2322\):\nType 'number' is not assignable to type 'string'\.\n/,
      );
      assert.ok(prompt.includes('The code around it (lines 1-2; the problem is on line 1)'));
    } finally {
      diagnostics.dispose();
    }
  });

  it('Generate Tests proposes a new test file for the active file', async () => {
    put('editor/slug.js', 'module.exports = (s) => s.toLowerCase().replace(/\\s+/g, "-");\n');
    await vscode.window.showTextDocument(vscode.Uri.file(abs('editor/slug.js')));
    server.enqueue(
      {
        items: [
          {
            type: 'apply_patch_call',
            operation: {
              type: 'create_file',
              path: 'editor/slug.test.js',
              diff: '+const slug = require("./slug");\n+test("slugs", () => expect(slug("A b")).toBe("a-b"));\n',
            },
          },
        ],
      },
      { items: [{ type: 'text', text: 'Added one test.' }] },
    );
    const run = vscode.commands.executeCommand<TaskReport>('codewright.generateTests');
    await acceptEditTo('editor/slug.test.js');
    assert.equal((await run).outcome.reason, 'completed');
    assert.match(read('editor/slug.test.js'), /expect\(slug\("A b"\)\)\.toBe\("a-b"\)/);
    assert.match(lastPrompt(server), /^Write tests for editor\/slug\.js\./);
  });

  describe('Review Changes', () => {
    const repo = `editor/repo-${Date.now()}`;
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: abs(repo), encoding: 'utf8' });

    before(() => {
      put(`${repo}/src/cart.ts`, 'export function total(prices: number[]) {\n  return prices.reduce((a, b) => a + b, 0);\n}\n');
      put(`${repo}/README.md`, '# Cart\n');
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'first');
      put(
        `${repo}/src/cart.ts`,
        'export function total(prices: number[]) {\n  return prices.reduce((a, b) => a + b, 0);\n}\n\nexport function average(prices: number[]) {\n  return total(prices) / prices.length;\n}\n',
      );
    });

    it('reviews the uncommitted diff read-only and places each finding as a comment on its line', async () => {
      const answer = {
        findings: [
          {
            path: 'src/cart.ts',
            line: 6,
            severity: 'warning',
            title: 'Division by zero',
            detail: 'An empty list gives `NaN`; return 0 for it.',
          },
          { path: 'src/other.ts', line: 1, severity: 'info', title: 'Not in the diff', detail: '' },
        ],
      };
      server.enqueue({ items: [{ type: 'text', text: `\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`` }] });
      const headBefore = git('rev-parse', 'HEAD');
      const statusBefore = git('status', '--porcelain');
      const result = await vscode.commands.executeCommand<CodeReviewResult>('codewright.reviewChanges', vscode.Uri.file(abs(repo)));
      assert.equal(result.root, fs.realpathSync(abs(repo)));
      assert.equal(result.placed.length, 1);
      assert.equal(result.dropped, 1, 'the finding outside the diff is left out');
      const [placed] = result.placed;
      assert.equal(placed!.uri.fsPath, fs.realpathSync(abs(`${repo}/src/cart.ts`)));
      assert.equal(placed!.thread.range?.start.line, 5, 'on line 6');
      assert.equal(placed!.thread.contextValue, 'codewright.finding');
      assert.equal(placed!.thread.label, 'warning: Division by zero');
      assert.equal(placed!.thread.canReply, false);

      const prompt = lastPrompt(server);
      assert.match(prompt, /^Review the uncommitted changes in the git repository /);
      assert.ok(prompt.includes('=== src/cart.ts (modified)'));
      assert.ok(
        prompt.includes('5 + export function average(prices: number[]) {\n6 +   return total(prices) / prices.length;'),
        'the model sees the new line numbers',
      );
      assert.equal(git('rev-parse', 'HEAD'), headBefore, 'no commit was made');
      assert.equal(git('status', '--porcelain'), statusBefore, 'nothing was staged or reverted');
    });

    it('Fix on a finding starts a task for it; the accepted fix resolves the comment, and Dismiss removes one', async () => {
      const [placed] = api.codeReview.comments.findings;
      assert.ok(placed, 'the previous test left a finding');
      const rel = `${repo}/src/cart.ts`;
      server.enqueue(
        {
          items: [
            {
              type: 'apply_patch_call',
              operation: {
                type: 'update_file',
                path: rel,
                diff: '@@ export function average(prices: number[]) {\n-  return total(prices) / prices.length;\n+  return prices.length === 0 ? 0 : total(prices) / prices.length;\n }',
              },
            },
          ],
        },
        { items: [{ type: 'text', text: 'Guarded the empty list.' }] },
      );
      const run = vscode.commands.executeCommand<TaskReport>('codewright.fixFinding', placed.thread);
      await acceptEditTo(rel);
      assert.equal((await run).outcome.reason, 'completed');
      assert.match(read(rel), /prices\.length === 0 \? 0 :/);
      assert.equal(placed.thread.state, vscode.CommentThreadState.Resolved);
      assert.match(
        lastPrompt(server),
        new RegExp(`^Fix this review finding in ${rel.replace(/[.-]/g, '\\$&')} at line 6 \\(warning\\): Division by zero\\n`),
      );

      await vscode.commands.executeCommand('codewright.dismissFinding', placed.thread);
      assert.equal(api.codeReview.comments.findings.length, 0);
    });

    it('says so when there is nothing to review (no changes, or only a binary file), without asking the model', async () => {
      git('stash', '-q');
      try {
        const before = server.requests.length;
        const clean = await vscode.commands.executeCommand<CodeReviewResult>('codewright.reviewChanges', vscode.Uri.file(abs(repo)));
        assert.deepEqual(clean.placed, []);
        fs.writeFileSync(abs(`${repo}/README.md`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
        const binary = await vscode.commands.executeCommand<CodeReviewResult>('codewright.reviewChanges', vscode.Uri.file(abs(repo)));
        assert.deepEqual(binary.placed, []);
        assert.equal(server.requests.length, before);
      } finally {
        git('checkout', '-q', '--', 'README.md');
        git('stash', 'pop', '-q');
      }
    });
  });

  describe('Check Connection', () => {
    type Report = {
      ok: boolean;
      provider: string;
      latencyMs: number;
      modelAvailable: boolean | null;
      message?: string;
      tools?: { kind: string; dialect: string; fellBack: boolean };
      summary: string;
    };
    const posts = (at: FakeServer) => at.requests.filter((r) => r.method === 'POST');
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

    it('reports the provider, the model, the latency and the tool dialect, proven with a test call', async () => {
      const before = posts(server).length;
      const result = await vscode.commands.executeCommand<Report>('codewright.checkConnection');
      assert.equal(result.ok, true);
      assert.equal(result.provider, new URL(server.url).host);
      assert.equal(result.modelAvailable, true);
      assert.ok(result.latencyMs >= 0);
      // A custom endpoint under `auto` gets function tools on /responses: the test call offers one and forces it.
      assert.deepEqual(result.tools, { kind: 'called', dialect: 'function', fellBack: false });
      // The model is whatever an earlier test of this host left selected; the sentence names it.
      const model = escaped(config().get<string>('model') ?? '');
      assert.match(
        result.summary,
        new RegExp(
          `^127\\.0\\.0\\.1:\\d+ \\(http://127\\.0\\.0\\.1:\\d+/v1\\) answered in \\d+ ms; model ${model} is available; ` +
            'tools: function tools \\(Responses API\\), checked with a test call\\.$',
        ),
      );
      const probe = posts(server).slice(before);
      assert.deepEqual(
        probe.map((r) => r.path),
        ['/v1/responses'],
      );
      assert.deepEqual((probe[0]?.body as { tool_choice: unknown }).tool_choice, { type: 'function', name: 'apply_patch' });
    });

    it('says in one sentence when the provider ignores the tools, and which setting to change', async () => {
      const vllm = await startFakeServer({ persona: 'vllm' });
      try {
        await config().update('provider.baseUrl', vllm.url, vscode.ConfigurationTarget.Global);
        await config().update('provider.dialect', 'builtin', vscode.ConfigurationTarget.Global);
        const result = await vscode.commands.executeCommand<Report>('codewright.checkConnection');
        assert.deepEqual([result.ok, result.modelAvailable], [true, true]);
        assert.deepEqual(result.tools, { kind: 'ignored', answer: 'text', dialect: 'builtin', fellBack: false });
        const model = escaped(config().get<string>('model') ?? '');
        assert.match(
          result.summary,
          new RegExp(
            `; model ${model} is available; tools: built-in tools \\(Responses API\\), but 127\\.0\\.0\\.1:\\d+ answered the test call ` +
              'with text instead of calling the tool, so tools are ignored: set codewright\\.provider\\.dialect to "function"\\.$',
          ),
        );
        assert.deepEqual((posts(vllm)[0]?.body as { tools: unknown }).tools, [{ type: 'apply_patch' }]);
      } finally {
        await config().update('provider.dialect', undefined, vscode.ConfigurationTarget.Global);
        await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
        await vllm.close();
      }
    });

    it('says when the provider does not list the model, and makes no test call then', async () => {
      // The test workspace names its model itself, so the unlisted one goes in at the same level, and back afterwards.
      const before = config().inspect('model')?.workspaceValue;
      const posted = posts(server).length;
      await config().update('model', 'gpt-4-nonexistent', vscode.ConfigurationTarget.Workspace);
      try {
        const result = await vscode.commands.executeCommand<Report>('codewright.checkConnection');
        assert.deepEqual([result.ok, result.modelAvailable, result.tools], [true, false, undefined]);
        assert.equal(posts(server).length, posted);
      } finally {
        await config().update('model', before, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('gives the exact sentence for a key the provider refuses, and the key check before saving tells good keys from bad', async () => {
      const refusing = await startFakeServer({ apiKey: 'sk-right' });
      const storedBefore = await api.config.keys.get();
      try {
        await config().update('provider.kind', 'openai', vscode.ConfigurationTarget.Global);
        await config().update('provider.baseUrl', refusing.url, vscode.ConfigurationTarget.Global);
        await api.config.keys.set('sk-wrong');
        const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('codewright.checkConnection');
        assert.equal(result.ok, false);
        assert.equal(result.message, "OpenAI rejected the API key (HTTP 401). Check the key, then run 'Codewright: Set API Key'.");
        await waitFor(() => api.agent.status.item.text.includes('gpt-5.1-codex'), 'the status bar to show the model');

        const validate = keyValidator(api.config.connection);
        assert.equal(await validate('sk-right'), undefined);
        assert.equal(await validate('sk-other'), 'OpenAI rejected the API key (HTTP 401). Check the key, then paste a valid key.');
        // Checking a key costs nothing: GET /models only, never a test call.
        assert.deepEqual(new Set(refusing.requests.map((r) => `${r.method} ${r.path}`)), new Set(['GET /v1/models']));
      } finally {
        if (storedBefore) await api.config.keys.set(storedBefore);
        else await api.config.keys.clear();
        await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
        await config().update('provider.baseUrl', server.url, vscode.ConfigurationTarget.Global);
        await refusing.close();
      }
    });
  });

  it('the status bar shows the model and offers Set API Key when a hosted provider has no key', async () => {
    await waitFor(() => api.agent.status.item.text === '$(sparkle) gpt-5.1-codex', 'the idle status with the model');
    assert.equal(api.agent.status.item.command, 'codewright.openChat');
    const storedBefore = await api.config.keys.get();
    const envKey = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await api.config.keys.clear();
      await config().update('provider.kind', 'openai', vscode.ConfigurationTarget.Global);
      await waitFor(() => api.agent.status.item.text === '$(key) Codewright: set API key', 'the status bar to ask for a key');
      assert.equal(api.agent.status.item.command, 'codewright.setApiKey');
    } finally {
      if (envKey !== undefined) process.env.OPENAI_API_KEY = envKey;
      if (storedBefore) await api.config.keys.set(storedBefore);
      await config().update('provider.kind', 'custom', vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => api.agent.status.item.text === '$(sparkle) gpt-5.1-codex', 'the status to come back');
  });

  it('Select Model writes the setting the agent uses', async () => {
    assert.equal(await vscode.commands.executeCommand('codewright.selectModel', 'gpt-5.1-codex-mini'), 'gpt-5.1-codex-mini');
    try {
      assert.equal(config().get('model'), 'gpt-5.1-codex-mini');
      await waitFor(() => api.agent.status.item.text.endsWith('gpt-5.1-codex-mini'), 'the status bar to show the new model');
    } finally {
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('contributes the editor menus, a walkthrough whose media exist, and a refactor keybinding that clashes with no VS Code default', async () => {
    const m = manifest() as ReturnType<typeof manifest> & {
      contributes: {
        menus: Record<string, { command?: string; submenu?: string; when?: string; group?: string }[]>;
        submenus: { id: string; label: string }[];
        keybindings: { command: string; key: string; mac?: string; when?: string }[];
        walkthroughs: {
          id: string;
          steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[];
        }[];
      };
    };
    const ext = vscode.extensions.getExtension('codewright.codewright')!;
    const commands = new Set(m.contributes.commands.map((c) => c.command));
    const submenu = m.contributes.menus['codewright.editor'] ?? [];
    assert.deepEqual(
      submenu.map((e) => e.command),
      [
        'codewright.refactorSelection',
        'codewright.explainSelection',
        'codewright.addSelectionToChat',
        'codewright.fixProblem',
        'codewright.generateTests',
      ],
    );
    assert.ok(m.contributes.menus['editor/context']?.some((e) => e.submenu === 'codewright.editor'));
    const threadActions = m.contributes.menus['comments/commentThread/title'] ?? [];
    assert.deepEqual(
      threadActions.map((e) => e.command),
      ['codewright.fixFinding', 'codewright.dismissFinding'],
    );
    for (const e of threadActions)
      assert.match(e.when ?? '', /commentController == codewright\.review && commentThread == codewright\.finding/);

    const [walkthrough] = m.contributes.walkthroughs;
    assert.ok(walkthrough);
    for (const step of walkthrough.steps) {
      assert.ok(step.media.markdown && fs.existsSync(path.join(ext.extensionPath, step.media.markdown)), `${step.id} has its media`);
      for (const link of step.description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.has(link[1]!), `${step.id} links to ${link[1]}`);
      assert.ok(step.completionEvents?.length, `${step.id} can complete`);
    }

    const refactor = m.contributes.keybindings.find((k) => k.command === 'codewright.refactorSelection');
    assert.deepEqual([refactor?.key, refactor?.mac], ['ctrl+shift+alt+r', 'cmd+shift+alt+r']);
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const defaults = await waitFor(() => vscode.window.activeTextEditor?.document.getText(), 'the default keybindings');
    const taken = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter((x) => !x[2]!.startsWith('codewright.'));
    assert.ok(taken.length > 100, 'the default keybindings were read');
    assert.deepEqual(
      taken.filter((x) => x[1] === refactor!.key).map((x) => x[2]),
      [],
      `${refactor!.key} is free in VS Code ${vscode.version}`,
    );
  });
});
