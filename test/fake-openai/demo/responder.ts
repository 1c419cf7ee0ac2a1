// The offline demo model behind `npm start` without an API key: a deterministic, scripted stand-in that says plainly what
// it is, yet reads the request and the workspace so the product shows its real behaviour: the editor commands get a specific
// change of the selected code, "edit a file" edits a file that exists, "run a command" proposes one that fits the
// workspace, and a task gets a reasoning summary, an edit, a command and a summary of what came back, in one turn.
import * as z from 'zod';
import type { Responder, ScriptItem, ScriptTurn } from '../script';
import { DEMO_LABEL, explain, explanation, fileText, fixProblem, refactor, review, writeTests, type TaskContext } from './editorTasks';
import { fixRoundingBug, hasRoundingBug } from './jsSource';
import { callFor, readRequest, type Item, type RequestView } from './requestView';
import { commandCall, createDiff, editCall, updateDiff } from './toolCalls';
import { workspaceFiles } from './workspaceFiles';

export interface DemoOptions {
  /** The folder the demo reads (never writes) to make its edits fit the files as they are. */
  workspace?: string;
}

const COMMAND_TIMEOUT_MS = 60_000;
const NEW_FILE = 'hello.md';

export function createDemoResponder(options: DemoOptions = {}): Responder {
  const files = workspaceFiles(options.workspace);
  return (request) => {
    const view = readRequest(request);
    if (view.results.length > 0) return summariseResults(view);
    return answer({ view, files });
  };
}

/** The demo without a workspace: it reads only what the request carries. */
export const demoResponder: Responder = createDemoResponder();

function answer(context: TaskContext): ScriptTurn {
  const prompt = context.view.prompt;
  const refactorAsk = /^Refactor lines (\d+)-(\d+) of (.+?): (.+)$/m.exec(prompt);
  if (refactorAsk) return refactor(context, refactorAsk[3], Number(refactorAsk[1]), Number(refactorAsk[2]), refactorAsk[4]);
  const explainAsk = /^Explain the selected code in (.+?) \(lines (\d+)-(\d+)\)/m.exec(prompt);
  if (explainAsk) return explain(context, explainAsk[1], Number(explainAsk[2]), Number(explainAsk[3]));
  const fixAsk = /^Fix this \w+ in (.+?) at line (\d+)[^\n]*\n([^\n]*)/m.exec(prompt);
  if (fixAsk) return fixProblem(context, fixAsk[1], Number(fixAsk[2]), fixAsk[3]);
  const testsAsk = /^Write tests for (.+?)\.$/m.exec(prompt);
  if (testsAsk) return writeTests(context, testsAsk[1]);
  if (/^Review the uncommitted changes/m.test(prompt)) return review(prompt);
  return chat(context);
}

function chat(context: TaskContext): ScriptTurn {
  const { prompt, attachments, dialect } = context.view;
  if (/\bexplain\b/i.test(prompt) && attachments.size > 0) {
    const [label, code] = [...attachments][0];
    return {
      items: [
        { type: 'reasoning', summary: [`**Reading ${label}**\n\nExplaining the attached code.`] },
        { type: 'text', text: explanation(label, code) },
      ],
    };
  }
  const wantsFix = /\b(fix|bug|task)\b/i.test(prompt);
  const wantsEdit = !wantsFix && /\b(edit|change|update|patch|file)/i.test(prompt);
  const wantsRun = /\b(run|command|shell|tests?)\b/i.test(prompt) || wantsFix;
  if (dialect === 'none' && (wantsFix || wantsEdit || wantsRun)) {
    return { items: [{ type: 'text', text: `${DEMO_LABEL} Tools are off for this request, so I can only answer in words.` }] };
  }
  const plan: string[] = [];
  const calls: ScriptItem[] = [];
  const edit = wantsFix ? bugFix(context) : wantsEdit ? fileEdit(context) : undefined;
  if (edit) {
    plan.push(edit.plan);
    calls.push(...editCall(dialect, edit.operation));
  } else if (wantsFix) {
    plan.push('I found no bug I recognise in this workspace, so I propose no edit');
  }
  if (wantsRun) {
    const command = commandFor(context);
    plan.push(`run \`${command.line}\` (${command.why})`);
    calls.push(...commandCall(dialect, command.line, COMMAND_TIMEOUT_MS));
  }
  if (calls.length === 0 && plan.length === 0) return introduction();
  const text = [
    `${DEMO_LABEL} I will ${plan.join(', then ')}.`,
    calls.length > 0 ? 'Each step waits for your approval: review the diff, and approve the command before it runs.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { items: [{ type: 'reasoning', summary: [`**Planning the task**\n\n${plan.join('; ')}.`] }, { type: 'text', text }, ...calls] };
}

interface Edit {
  plan: string;
  operation: { type: 'update_file'; path: string; diff: string } | { type: 'create_file'; path: string; diff: string };
}

/** The sample workspace's rounding bug, wherever it is. */
function bugFix(context: TaskContext): Edit | undefined {
  for (const path of candidates(context)) {
    const source = fileText(context, path);
    if (source === undefined || !hasRoundingBug(source)) continue;
    return {
      plan: `fix the rounding bug in \`${path}\` (it rounds before converting, losing the fraction)`,
      operation: { type: 'update_file', path, diff: updateDiff(source, fixRoundingBug(source)) },
    };
  }
  return undefined;
}

/** An edit to a file that exists: the attached file, else the workspace README, else a new file. */
function fileEdit(context: TaskContext): Edit {
  const path = [...context.view.attachments.keys()].find((label) => context.files.read(label) !== undefined) ?? readme(context);
  const source = path === undefined ? undefined : fileText(context, path);
  if (path === undefined || source === undefined) {
    return {
      plan: `create \`${NEW_FILE}\``,
      operation: {
        type: 'create_file',
        path: NEW_FILE,
        diff: createDiff('# Hello from Codewright\n\nThe offline demo model proposed this file.\n'),
      },
    };
  }
  const note = /\.md$/i.test(path) ? 'Edited by the offline demo model: edits arrive as diffs you accept or reject.' : undefined;
  const comment = note ?? `${commentMarker(path)} Reviewed by the offline demo model: edits arrive as diffs you accept or reject.`;
  const after = `${source.replace(/\n*$/, '')}\n\n${comment}\n`;
  return { plan: `add a line to \`${path}\``, operation: { type: 'update_file', path, diff: updateDiff(source, after) } };
}

function commentMarker(path: string): string {
  return /\.(py|sh|rb|ya?ml|toml)$/i.test(path) ? '#' : '//';
}

function readme(context: TaskContext): string | undefined {
  return context.files.list().find((path) => /^readme\.md$/i.test(path));
}

function candidates(context: TaskContext): string[] {
  const attached = [...context.view.attachments.keys()];
  return [...attached, ...context.files.list().filter((path) => /\.[cm]?[jt]sx?$/.test(path) && !/\.test\./.test(path))];
}

const PackageSchema = z.looseObject({ scripts: z.record(z.string(), z.string()).optional() });

/** The workspace's own test command when it has one; otherwise a harmless look around. */
function commandFor(context: TaskContext): { line: string; why: string } {
  const manifest = context.files.read('package.json');
  if (manifest !== undefined) {
    try {
      const scripts = PackageSchema.parse(JSON.parse(manifest)).scripts ?? {};
      if (scripts['test'] !== undefined) return { line: 'npm test', why: `the project's test script: ${scripts['test']}` };
    } catch {
      // A manifest that does not parse names no test command; fall through.
    }
  }
  if (context.files.list().includes('Makefile')) return { line: 'make -n', why: 'shows what the Makefile would do, without doing it' };
  return { line: 'ls -la', why: 'lists the workspace' };
}

function introduction(): ScriptTurn {
  const text = [
    '**This is the offline demo model.** No real model is behind this reply: Codewright was started without an API key, so a',
    'small scripted stand-in answers. Run **Codewright: Set API Key** to talk to a real model.',
    '',
    'With a real model, Codewright:',
    "- streams the answer, with a summary of the model's reasoning above it;",
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
    'Try: "fix the bug and run the tests", "edit a file", "run a command", or select code and run **Codewright: Refactor Selection**.',
  ].join('\n');
  return {
    items: [
      { type: 'reasoning', summary: ['**Reading the request**\n\nNo task in it, so the demo introduces itself.'] },
      { type: 'text', text },
    ],
  };
}

const ShellOutputSchema = z.array(
  z.looseObject({
    stdout: z.string(),
    stderr: z.string(),
    outcome: z.looseObject({ type: z.string(), exit_code: z.number().optional() }),
  }),
);
const FunctionArgsSchema = z.looseObject({ command: z.unknown().optional(), input: z.string().optional() });

function summariseResults(view: RequestView): ScriptTurn {
  const lines = [`${DEMO_LABEL} Here is what came back.`, ''];
  for (const result of view.results) lines.push(...describeResult(result, callFor(view, result)), '');
  lines.push('That is the whole demo turn. Set an API key to work with a real model.');
  const count = view.results.length;
  return {
    items: [
      { type: 'reasoning', summary: [`**Reading the tool results**\n\n${count} result${count === 1 ? '' : 's'} came back; summarising.`] },
      { type: 'text', text: lines.join('\n') },
    ],
  };
}

function describeResult(result: Item, call: Item | undefined): string[] {
  if (result.type === 'apply_patch_call_output') {
    const file = call?.operation?.path === undefined ? 'The file edit' : `The edit to \`${call.operation.path}\``;
    const note = typeof result.output === 'string' && result.output !== '' ? ` (the tool said: "${result.output.trim()}")` : '';
    return [`- ${file} ${result.status === 'completed' ? 'was applied' : 'was not applied'}${note}.`];
  }
  if (result.type === 'shell_call_output') {
    const command = call?.action?.commands?.join(' && ');
    const outputs = ShellOutputSchema.safeParse(result.output);
    if (!outputs.success) return [`- ${named(command)} returned output in a shape the demo does not read.`];
    return outputs.data.flatMap((entry) => {
      const ending = entry.outcome.type === 'timeout' ? 'timed out' : `exited with code ${entry.outcome.exit_code ?? '?'}`;
      return shown(`${named(command)} ${ending}`, [entry.stdout, entry.stderr].filter((s) => s !== '').join('\n'));
    });
  }
  const args = FunctionArgsSchema.safeParse(parseJson(call?.arguments));
  const output = typeof result.output === 'string' ? result.output : JSON.stringify(result.output);
  if (call?.name === 'shell') {
    const command = args.success ? commandText(args.data.command) : undefined;
    return shown(`${named(command)} finished`, output);
  }
  if (call?.name === 'apply_patch') {
    const path = args.success ? /^\*\*\* (?:Add|Update|Delete) File: (.+)$/m.exec(args.data.input ?? '')?.[1] : undefined;
    return [`- ${path === undefined ? 'The file edit' : `The edit to \`${path}\``}: "${output.trim().split('\n')[0]}"`];
  }
  return [`- A tool returned: ${output.slice(0, 500)}`];
}

function named(command: string | undefined): string {
  return command === undefined ? 'The command' : `\`${command}\``;
}

function commandText(command: unknown): string | undefined {
  if (typeof command === 'string') return command;
  if (Array.isArray(command) && command.every((part) => typeof part === 'string')) return command.join(' ');
  return undefined;
}

function shown(head: string, text: string): string[] {
  const cut = text.split('\n').slice(0, 20).join('\n').trim();
  return cut === '' ? [`- ${head} and printed nothing.`] : [`- ${head}:`, '', fenced(cut)];
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A code block whose fence is longer than any backtick run inside, so command output cannot close it early. */
function fenced(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}
