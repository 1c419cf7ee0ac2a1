import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import { activateExtension, ACTIVE_AT_START, EXTENSION_ID, featuresLoaded, featuresLoadedByActivation, manifest, waitFor } from './support';

describe('extension', () => {
  let api: TestApi;

  before(async () => {
    api = await activateExtension();
  });

  it('is not active before it is needed, and activates on demand', () => {
    assert.deepEqual(manifest().activationEvents, [], 'no eager activation events: the view and commands activate it');
    assert.equal(ACTIVE_AT_START, false, 'a window that never opens Codewright does not load it');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('loads only its entry points on activation, and the features on first use', () => {
    assert.equal(featuresLoadedByActivation, false, 'activating loaded dist/extension.js alone');
    assert.ok(api.chat.view, 'the chat feature, on first use');
    assert.equal(featuresLoaded(), true, 'dist/features.js is loaded once a feature is used');
  });

  it('registers every contributed command, each under the Codewright category', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands;
    assert.ok(contributed.length > 0);
    for (const c of contributed) {
      assert.equal(c.category, 'Codewright', c.command);
      assert.ok(registered.has(c.command), `${c.command} has a handler`);
    }
  });

  it('contributes typed, described settings with the documented defaults', () => {
    const props = manifest().contributes.configuration.properties;
    for (const [key, p] of Object.entries(props)) {
      assert.ok(key.startsWith('codewright.'), key);
      assert.ok(p.type, `${key} has a type`);
      assert.ok(p.description || p.markdownDescription, `${key} is described`);
    }
    const config = vscode.workspace.getConfiguration('codewright');
    assert.equal(config.inspect('model')?.defaultValue, '', 'no model by default: the chat picks a served one');
    assert.equal(config.get('reasoningEffort'), 'medium');
    assert.equal(config.get('provider.kind'), 'openai');
  });

  it('declares limited support for untrusted workspaces', () => {
    assert.equal(manifest().capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('resolves the chat view with a strict, nonce-based Content Security Policy', async () => {
    await vscode.commands.executeCommand('codewright.openChat');
    const html = await waitFor(() => api.chat.view.html, 'the chat view to resolve');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&quot;/g, '"');
    assert.ok(csp, 'a CSP meta tag is present');
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'scripts are allowed by a nonce');
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|unsafe-hashes|wasm-unsafe|http:/);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name!, sources]),
    );
    for (const name of ['connect-src', 'frame-src', 'form-action', 'base-uri']) assert.deepEqual(directives.get(name), ["'none'"], name);
    // Styles, fonts and images only from the webview's own resource origin (VS Code's cspSource), images also from data:.
    const own = directives.get('style-src')!;
    assert.deepEqual(directives.get('font-src'), own);
    assert.deepEqual(directives.get('img-src'), [...own, 'data:']);
    for (const source of own)
      assert.ok(source === "'self'" || /^https:\/\/\*\.vscode-cdn\.net$/.test(source) || /^vscode-/.test(source), source);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    assert.ok(scripts.length > 0);
    for (const attrs of scripts) assert.ok(attrs.includes(`nonce="${nonce}"`), 'every script carries the nonce');
  });

  it('keeps the API key in secret storage, never in settings', async () => {
    await api.config.keys.set('sk-test-integration');
    assert.equal(await api.config.keys.get(), 'sk-test-integration');
    const inspected = JSON.stringify(vscode.workspace.getConfiguration('codewright'));
    assert.doesNotMatch(inspected, /sk-test-integration/);
    await vscode.commands.executeCommand('codewright.clearApiKey');
    assert.notEqual(await api.config.keys.get(), 'sk-test-integration');
  });
});
