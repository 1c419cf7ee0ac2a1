import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';
import { applyDiff, parsePatch } from '../../../../src/core/patch';
import { createDemoResponder, demoResponder } from '../../../fake-openai/demo/responder';
import { useFakeServer, type Harness } from '../harness';

const MODEL = 'gpt-5.1-codex';
const SAMPLE = path.resolve(__dirname, '../../../../../sample-workspace');
const BUILTIN_TOOLS = [{ type: 'apply_patch' }, { type: 'shell' }] as const;
const FUNCTION_TOOLS = [
  { type: 'function', name: 'apply_patch', parameters: { type: 'object', properties: { input: { type: 'string' } } }, strict: false },
  { type: 'function', name: 'shell', parameters: { type: 'object', properties: { command: { type: 'string' } } }, strict: false },
] as const;

function kinds(response: Response): string[] {
  return response.output.map((item) => item.type);
}

/** The prompt the Refactor Selection command sends, with the whole file attached as the chat attaches files. */
function attached(file: string, content: string): string {
  return `Attached file ${file}:\n\`\`\`\n${content}\n\`\`\``;
}

function userInput(...texts: string[]): ResponseInputItem[] {
  return [{ role: 'user', content: texts.map((text) => ({ type: 'input_text' as const, text })) }];
}

function nodeTest(dir: string): number {
  return spawnSync(process.execPath, ['--test'], { cwd: dir, encoding: 'utf8' }).status ?? -1;
}

describe('offline demo model', () => {
  const start = useFakeServer();
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'codewright-demo-'));
    fs.cpSync(SAMPLE, workspace, { recursive: true });
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  const startDemo = (): Promise<Harness> => start({ responder: createDemoResponder({ workspace }) });
  const read = (file: string): string => fs.readFileSync(path.join(workspace, file), 'utf8');
  const apply = (file: string, diff: string): void => fs.writeFileSync(path.join(workspace, file), applyDiff(read(file), diff));

  it('introduces itself plainly, with a reasoning summary and a code block, when the prompt holds no task', async () => {
    const { client } = await start({ responder: demoResponder });
    const final = await client.responses.stream({ model: MODEL, input: 'Hello there', reasoning: { summary: 'auto' } }).finalResponse();
    assert.deepEqual(kinds(final), ['reasoning', 'message']);
    assert.match(final.output_text, /\*\*This is the offline demo model\.\*\* No real model is behind this reply/);
    assert.match(final.output_text, /Codewright: Set API Key/);
    assert.match(final.output_text, /```ts\nexport function greet/);
  });

  it('Refactor Selection on the sample fixes its rounding bug with a diff of the selected code, and the tests then pass', async () => {
    assert.notEqual(nodeTest(workspace), 0, 'the sample ships with a failing test');
    const { client } = await startDemo();
    const source = read('src/temperature.js');
    const prompt = 'Refactor lines 7-10 of src/temperature.js: round after converting, not before';
    const response = await client.responses.create({
      model: MODEL,
      tools: [...BUILTIN_TOOLS],
      input: userInput(prompt, attached('src/temperature.js', source)),
    });
    assert.deepEqual(kinds(response), ['reasoning', 'message', 'apply_patch_call']);
    const call = response.output[2];
    assert.ok(call.type === 'apply_patch_call' && call.operation.type === 'update_file');
    assert.equal(call.operation.path, 'src/temperature.js');
    assert.match(call.operation.diff, /^-\s+return \(\(Math\.round\(fahrenheit\) - 32\) \* 5\) \/ 9;$/m);
    assert.match(call.operation.diff, /^\+\s+return \(\(fahrenheit - 32\) \* 5\) \/ 9;$/m);
    apply('src/temperature.js', call.operation.diff);
    assert.equal(nodeTest(workspace), 0);
    assert.doesNotMatch(response.output_text, /call_/);
  });

  it('Refactor Selection follows the instruction it recognises and leaves the rest of the file alone', async () => {
    const { client } = await startDemo();
    const response = await client.responses.create({
      model: MODEL,
      tools: [...BUILTIN_TOOLS],
      input: userInput('Refactor lines 3-5 of src/temperature.js: use an arrow function'),
    });
    const call = response.output.find((item) => item.type === 'apply_patch_call');
    assert.ok(call && call.operation.type === 'update_file');
    apply('src/temperature.js', call.operation.diff);
    const after = read('src/temperature.js');
    assert.match(after, /^const celsiusToFahrenheit = \(celsius\) => \{$/m);
    assert.match(after, /^function fahrenheitToCelsius\(fahrenheit\) \{$/m, 'outside the selection nothing changes');
    assert.equal(spawnSync(process.execPath, ['--check', path.join(workspace, 'src/temperature.js')]).status, 0);
  });

  it('Explain Selection explains the code, names the risky rounding and proposes no change', async () => {
    const { client } = await startDemo();
    const prompt =
      'Explain the selected code in src/temperature.js (lines 1-12): what it does, how it does it,\nand anything surprising or risky in it.';
    const response = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: userInput(prompt) });
    assert.deepEqual(kinds(response), ['reasoning', 'message']);
    assert.match(response.output_text, /`celsiusToFahrenheit` takes `celsius` and is exported/);
    assert.match(response.output_text, /`fahrenheitToCelsius` takes `fahrenheit` and is exported: Bug on purpose/);
    assert.match(response.output_text, /\*\*Risky:\*\* it calls `Math\.round` on the input \*before\* the arithmetic/);
  });

  it('Fix Problem fixes the bug behind the problem as a diff', async () => {
    const { client } = await startDemo();
    const prompt = "Fix this error in src/temperature.js at line 9, column 3 (eslint):\nDon't round before converting";
    const response = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: userInput(prompt) });
    const call = response.output.find((item) => item.type === 'apply_patch_call');
    assert.ok(call && call.operation.type === 'update_file');
    apply('src/temperature.js', call.operation.diff);
    assert.equal(nodeTest(workspace), 0);
  });

  it('Generate Tests extends the existing test file with cases that hold for correct code', async () => {
    const { client } = await startDemo();
    const response = await client.responses.create({
      model: MODEL,
      tools: [...BUILTIN_TOOLS],
      input: userInput('Write tests for src/temperature.js.'),
    });
    const call = response.output.find((item) => item.type === 'apply_patch_call');
    assert.ok(call && call.operation.type === 'update_file');
    assert.equal(call.operation.path, 'src/temperature.test.js');
    apply('src/temperature.test.js', call.operation.diff);
    assert.match(read('src/temperature.test.js'), /assert\.equal\(fahrenheitToCelsius\(212\), 100\);/);
    fs.writeFileSync(
      path.join(workspace, 'src/temperature.js'),
      read('src/temperature.js').replace('Math.round(fahrenheit)', 'fahrenheit'),
    );
    assert.equal(nodeTest(workspace), 0);
  });

  it('Generate Tests creates a test file in the module style of the source when there is none', async () => {
    fs.writeFileSync(path.join(workspace, 'src/shout.mjs'), 'export function shout(text) {\n  return text.toUpperCase();\n}\n');
    const { client } = await startDemo();
    const response = await client.responses.create({
      model: MODEL,
      tools: [...BUILTIN_TOOLS],
      input: userInput('Write tests for src/shout.mjs.'),
    });
    const call = response.output.find((item) => item.type === 'apply_patch_call');
    assert.ok(call && call.operation.type === 'create_file');
    assert.equal(call.operation.path, 'src/shout.test.mjs');
    assert.match(call.operation.diff, /^\+import \{ shout \} from '\.\/shout';$/m);
  });

  it('"edit a file" updates a file that exists, again and again, each edit applying to the file as it is now', async () => {
    const { client } = await startDemo();
    for (let round = 0; round < 2; round++) {
      const response = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: 'edit a file' });
      const call = response.output.find((item) => item.type === 'apply_patch_call');
      assert.ok(call && call.operation.type === 'update_file', `round ${round}`);
      assert.equal(call.operation.path, 'README.md');
      apply('README.md', call.operation.diff);
    }
    assert.equal(read('README.md').match(/Edited by the offline demo model/g)?.length, 2);
  });

  it('"run a command" proposes the workspace\'s own test command', async () => {
    const { client } = await startDemo();
    const response = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: 'run a command' });
    const call = response.output.find((item) => item.type === 'shell_call');
    assert.ok(call);
    assert.deepEqual(call.action.commands, ['npm test']);
    assert.match(response.output_text, /the project's test script: node --test/);
  });

  it('a task gets a reasoning summary, an edit, a command, and then a summary that names files and commands, not call ids', async () => {
    const { client } = await startDemo();
    const history: ResponseInputItem[] = [{ role: 'user', content: 'fix the bug and run the tests' }];
    const first = await client.responses.create({
      model: MODEL,
      tools: [...BUILTIN_TOOLS],
      input: history,
      store: false,
      include: ['reasoning.encrypted_content'],
    });
    assert.deepEqual(kinds(first), ['reasoning', 'message', 'apply_patch_call', 'shell_call']);
    const patch = first.output.find((item) => item.type === 'apply_patch_call');
    const shell = first.output.find((item) => item.type === 'shell_call');
    assert.ok(patch && shell);
    const results: ResponseInputItem[] = [
      { type: 'apply_patch_call_output', call_id: patch.call_id, status: 'completed', output: 'Updated src/temperature.js' },
      {
        type: 'shell_call_output',
        call_id: shell.call_id,
        max_output_length: null,
        output: [{ stdout: '# pass 2\nweird ``` name', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
      },
    ];
    // Under store:false output items go back without their ids (the server kept none); reasoning keeps its id.
    const replayed = (first.output as unknown as Record<string, unknown>[]).map(({ id, ...rest }) =>
      rest['type'] === 'reasoning' ? { id, ...rest } : rest,
    );
    const second = await client.responses.create({
      model: MODEL,
      store: false,
      input: [...history, ...(replayed as unknown as ResponseInputItem[]), ...results],
    });
    const text = second.output_text;
    assert.ok(text.includes('- The edit to `src/temperature.js` was applied (the tool said: "Updated src/temperature.js").'));
    assert.ok(text.includes('- `npm test` exited with code 0:'));
    assert.ok(text.includes('````text\n# pass 2\nweird ``` name\n````'), 'output with a fence inside gets a longer fence');
    assert.doesNotMatch(text, /call_/);
  });

  it('results sent on top of a stored response are still summarised, without the calls to name them by', async () => {
    const { client } = await startDemo();
    const first = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: 'edit a file and run a command' });
    const patch = first.output.find((item) => item.type === 'apply_patch_call');
    const shell = first.output.find((item) => item.type === 'shell_call');
    assert.ok(patch && shell);
    const second = await client.responses.create({
      model: MODEL,
      previous_response_id: first.id,
      input: [
        { type: 'apply_patch_call_output', call_id: patch.call_id, status: 'failed', output: 'Rejected by the user' },
        { type: 'shell_call_output', call_id: shell.call_id, output: [{ stdout: '', stderr: '', outcome: { type: 'timeout' } }] },
      ],
    });
    assert.ok(second.output_text.includes('- The file edit was not applied (the tool said: "Rejected by the user").'));
    assert.ok(second.output_text.includes('- The command timed out and printed nothing.'));
  });

  it('speaks the function dialect when the request offers apply_patch and shell as function tools', async () => {
    const { client } = await startDemo();
    const response = await client.responses.create({ model: MODEL, tools: [...FUNCTION_TOOLS], input: 'fix the bug and run the tests' });
    const calls = response.output.filter((item) => item.type === 'function_call');
    assert.deepEqual(
      calls.map((c) => c.name),
      ['apply_patch', 'shell'],
    );
    const [operation] = parsePatch((JSON.parse(calls[0].arguments) as { input: string }).input);
    assert.ok(operation.type === 'update_file');
    apply(operation.path, operation.diff);
    assert.equal(nodeTest(workspace), 0);
    assert.deepEqual(JSON.parse(calls[1].arguments), { command: 'npm test', timeout_ms: 60_000 });
  });

  it('answers in words only when the request offers no tools', async () => {
    const { client } = await startDemo();
    const response = await client.responses.create({ model: MODEL, input: 'fix the bug' });
    assert.deepEqual(kinds(response), ['message']);
    assert.match(response.output_text, /Tools are off for this request/);
  });

  it('Review Changes reports the rounding bug on its line of the numbered diff', async () => {
    const { client } = await startDemo();
    const diff = [
      '=== src/temperature.js (modified)',
      '@@ -8,2 +8,2 @@',
      ' 8   function f(fahrenheit) {',
      ' 9 +   return ((Math.round(fahrenheit) - 32) * 5) / 9;',
    ];
    const prompt = ['Review the uncommitted changes in the git repository /w. The diff is below.', '', ...diff].join('\n');
    const response = await client.responses.create({ model: MODEL, input: prompt });
    const json = /```json\n(.*)\n```/.exec(response.output_text);
    assert.ok(json);
    const parsed = JSON.parse(json[1]) as { findings: Array<{ path: string; line: number }> };
    assert.deepEqual(
      parsed.findings.map((f) => [f.path, f.line]),
      [['src/temperature.js', 9]],
    );
  });

  it('answers the same prompt the same way every time', async () => {
    const { client } = await startDemo();
    const a = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: 'edit a file' });
    const b = await client.responses.create({ model: MODEL, tools: [...BUILTIN_TOOLS], input: 'edit a file' });
    const strip = (r: Response): unknown => r.output.map(({ id: _id, ...rest }) => ('call_id' in rest ? { ...rest, call_id: '' } : rest));
    assert.deepEqual(strip(a), strip(b));
  });
});
