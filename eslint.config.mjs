// `npm run lint` (part of `npm test`): the layer rules of the design and the correctness rules that catch real bugs in
// this code. Style is Prettier's job, so nothing here is stylistic.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const ts = ['**/*.ts', '**/*.mts'];
const js = ['**/*.js', '**/*.mjs'];

// A relative import that climbs into a sibling layer, e.g. '../extension/chat' or '../../core/session'.
const layer = (...names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

const VSCODE = { name: 'vscode', message: 'Only src/extension imports vscode: this layer must run in plain Node (the CLI, the tests).' };

/** One layer's import restrictions; type-only imports count too, a type still ties the layer to the other. */
function restrict(files, paths, patterns) {
  return { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] } };
}

const TEST_ONLY = ['describe', 'it', 'context', 'suite', 'test', 'specify'].flatMap((object) => [
  { object, property: 'only', message: 'A focused test silences every other test of the run.' },
  { object, property: 'skip', message: 'A skipped test is a hole in the run; delete it or make it pass.' },
]);

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'media/',
      'test/host/**/node_modules/',
      'bench/results/',
      'test-results/',
      // Workspaces the tests and the demo open; the sample's bug is deliberate.
      'sample-workspace/',
      'test/fixtures/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-async-promise-executor': 'error',
      'no-compare-neg-zero': 'error',
      'no-cond-assign': 'error',
      'no-constant-binary-expression': 'error',
      'no-debugger': 'error',
      'no-dupe-else-if': 'error',
      'no-duplicate-case': 'error',
      'no-self-assign': 'error',
      'no-self-compare': 'error',
      'no-sparse-arrays': 'error',
      'no-unreachable': 'error',
      'no-unsafe-finally': 'error',
      'no-unsafe-optional-chaining': 'error',
      'use-isnan': 'error',
    },
  },
  { files: ['test/**', 'bench/**'], rules: { 'no-restricted-properties': ['error', ...TEST_ONLY] } },
  {
    // The bundle turns each `import * as vscode` into a copy of the whole API object, made again in every module that
    // says it: 47 copies were a third of the extension's load time. `import vscode = require('vscode')` is the object.
    files: ['src/extension/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='vscode'][importKind!='type'] > ImportNamespaceSpecifier",
          message: "Write `import vscode = require('vscode')`: a namespace import copies the API object in every module.",
        },
      ],
    },
  },
  {
    files: js,
    languageOptions: { sourceType: 'module', ecmaVersion: 'latest' },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }] },
  },
  {
    files: ts,
    languageOptions: {
      parser: tseslint.parser,
      // Each file is checked against the nearest tsconfig.json (the webview and its tests have their own).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      // A `default` is a decision someone wrote down; a switch that silently misses a new case is the bug.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  // The layers (design.md): core and shared run in plain Node and the browser alike; the webview sees only shared.
  restrict(
    ['src/core/**'],
    [VSCODE],
    [{ regex: layer('extension', 'webview', 'cli'), message: 'src/core never imports src/extension, src/webview or src/cli.' }],
  ),
  restrict(
    ['src/shared/**'],
    [VSCODE],
    [
      {
        regex: layer('core', 'extension', 'webview', 'cli'),
        message: 'src/shared imports nothing from src/core, src/extension, src/webview or src/cli.',
      },
    ],
  ),
  restrict(
    ['src/webview/**'],
    [VSCODE],
    [
      {
        regex: layer('core', 'extension', 'cli'),
        message: 'src/webview imports only src/shared (and packages): it talks to the extension by messages.',
      },
    ],
  ),
  restrict(
    ['src/cli/**'],
    [VSCODE],
    [
      {
        regex: layer('extension', 'webview'),
        message: 'src/cli never imports src/extension or src/webview: it is a host of its own over the core.',
      },
    ],
  ),
  // The core and the openai SDK load lazily (dist/agent.js, through agent/agentModule.ts) so activation stays cheap.
  restrict(
    ['src/extension/**'],
    [],
    [
      {
        regex: layer('core'),
        allowTypeImports: true,
        message: 'src/extension reaches the core at run time only through agent/agentModule.ts (dist/agent.js); import types only.',
      },
      {
        regex: layer('webview', 'cli'),
        message: 'src/extension never imports src/webview or src/cli: the webview is a bundle of its own.',
      },
    ],
  ),
);
