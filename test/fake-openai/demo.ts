// The offline demo model behind `npm start` without an API key: a small, deterministic stand-in that says plainly
// what it is, and shows what Codewright does — a reasoning summary, Markdown with a code block, a proposed file
// edit when asked to edit, a proposed command when asked to run something, and a summary of the tool results.
import * as z from 'zod';
import type { ApplyPatchOperation } from '../../src/shared/events';
import type { Responder, ScriptItem, ScriptTurn } from './script';

export const DEMO_FILE = 'hello.md';

const DEMO_FILE_LINES = [
  '# Hello from Codewright',
  '',
  'The offline demo model proposed this file; Codewright wrote it after you accepted the diff.',
];

const DEMO_COMMAND = 'ls';

const ItemSchema = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.unknown().optional(),
  call_id: z.string().optional(),
  status: z.string().optional(),
  output: z.unknown().optional(),
  operation: z.looseObject({ type: z.string(), path: z.string() }).optional(),
});
type Item = z.infer<typeof ItemSchema>;

const RequestSchema = z.looseObject({ input: z.union([z.string(), z.array(z.unknown())]) });

const ShellOutputSchema = z.array(
  z.looseObject({
    stdout: z.string(),
    stderr: z.string(),
    outcome: z.looseObject({ type: z.string(), exit_code: z.number().optional() }),
  }),
);

export const demoResponder: Responder = (request) => {
  const parsed = RequestSchema.safeParse(request.body);
  const items = parsed.success ? normalise(parsed.data.input) : [];
  const lastUser = items.findLastIndex((item) => isMessage(item) && item.role === 'user');
  const results = items.slice(lastUser + 1).filter((item) => item.type?.endsWith('_call_output'));
  return results.length > 0 ? summariseResults(results) : answerPrompt(lastUser >= 0 ? messageText(items[lastUser]) : '', items);
};

function answerPrompt(prompt: string, items: readonly Item[]): ScriptTurn {
  const wantsEdit = /\b(edit|patch|file)/i.test(prompt);
  const wantsRun = /\b(run|command|shell|test)/i.test(prompt);
  const plan = [
    'The offline demo model answers from a fixed script: it explains what Codewright does',
    wantsEdit ? `, proposes an edit to ${DEMO_FILE}` : '',
    wantsRun ? `, proposes running \`${DEMO_COMMAND}\`` : '',
    '.',
  ].join('');
  const text = [
    '**This is the offline demo model.** No real model is behind this reply: Codewright was started without an API key, so a',
    'small scripted stand-in answers. Run **Codewright: Set API Key** to talk to GPT-5.1-Codex.',
    '',
    'With a real model, Codewright:',
    '- streams the answer, with a summary of the model\'s reasoning above it;',
    '- proposes file edits through `apply_patch`, each shown as a diff you accept or reject;',
    '- proposes terminal commands through `shell`, run only after you approve them.',
    '',
    'Code comes back highlighted:',
    '',
    '```ts',
    'export function greet(name: string): string {',
    '  return `Hello, ${name}!`;',
    '}',
    '```',
    '',
    ...(wantsEdit ? [`I propose an edit to \`${DEMO_FILE}\`: review the diff, then accept or reject it.`] : []),
    ...(wantsRun ? [`I propose to run \`${DEMO_COMMAND}\` in the workspace; it runs only if you approve it.`] : []),
    ...(!wantsEdit && !wantsRun ? ['Ask me to "edit a file" to see a proposed edit, or to "run a command" to see a proposed command.'] : []),
  ].join('\n');
  const turnItems: ScriptItem[] = [
    { type: 'reasoning', summary: [`**Reading the request**\n\n${plan}`] },
    { type: 'text', text },
  ];
  if (wantsEdit) turnItems.push({ type: 'apply_patch_call', operation: demoEdit(items) });
  if (wantsRun) turnItems.push({ type: 'shell_call', commands: [DEMO_COMMAND], timeoutMs: 10_000, maxOutputLength: 4_000 });
  return { items: turnItems };
}

/** Creates the demo file, or appends to it when this conversation already created it. */
function demoEdit(items: readonly Item[]): ApplyPatchOperation {
  const created = items.some(
    (item) =>
      item.type === 'apply_patch_call' &&
      item.operation?.path === DEMO_FILE &&
      items.some((o) => o.type === 'apply_patch_call_output' && o.call_id === item.call_id && o.status === 'completed'),
  );
  if (!created) return { type: 'create_file', path: DEMO_FILE, diff: DEMO_FILE_LINES.map((line) => `+${line}\n`).join('') };
  const last = DEMO_FILE_LINES[DEMO_FILE_LINES.length - 1];
  return { type: 'update_file', path: DEMO_FILE, diff: `@@\n ${last}\n+\n+The demo model updated this file too: edits to existing files arrive as diffs.\n` };
}

function summariseResults(results: readonly Item[]): ScriptTurn {
  const lines = ['**Offline demo model:** here is what came back.', ''];
  for (const result of results) lines.push(...describeResult(result), '');
  lines.push('That is the whole demo. Set an API key to work with a real model.');
  return {
    items: [
      { type: 'reasoning', summary: [`**Reading the tool results**\n\n${results.length} result(s) came back; summarising them.`] },
      { type: 'text', text: lines.join('\n') },
    ],
  };
}

function describeResult(result: Item): string[] {
  const call = `\`${result.call_id ?? 'unknown call'}\``;
  if (result.type === 'apply_patch_call_output') {
    // The tool output is a sentence of its own; quote it rather than run it into ours.
    const note = typeof result.output === 'string' && result.output !== '' ? ` (the tool said: "${result.output.trim()}")` : '';
    return [`- File edit ${call} ${result.status === 'completed' ? 'was applied' : 'was not applied'}${note}.`];
  }
  if (result.type === 'shell_call_output') {
    const outputs = ShellOutputSchema.safeParse(result.output);
    if (!outputs.success) return [`- Command ${call} returned output in a shape the demo does not read.`];
    return outputs.data.flatMap((entry) => {
      const ending = entry.outcome.type === 'timeout' ? 'timed out' : `exited with code ${entry.outcome.exit_code ?? '?'}`;
      const shown = [entry.stdout, entry.stderr].filter((s) => s !== '').join('\n').split('\n').slice(0, 20).join('\n');
      return [`- Command ${call} ${ending}${shown === '' ? ' and printed nothing.' : ':'}`, ...(shown === '' ? [] : ['', fenced(shown)])];
    });
  }
  return [`- Function call ${call} returned: ${typeof result.output === 'string' ? result.output : JSON.stringify(result.output)}`];
}

/** A code block whose fence is longer than any backtick run inside, so command output cannot close it early. */
function fenced(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function normalise(input: string | unknown[]): Item[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input.flatMap((raw) => {
    const item = ItemSchema.safeParse(raw);
    return item.success ? [item.data] : [];
  });
}

function isMessage(item: Item): boolean {
  return item.type === undefined || item.type === 'message';
}

function messageText(item: Item | undefined): string {
  const content = item?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}
