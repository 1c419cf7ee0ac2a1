// The chat webview's HTML shell. Kept free of `vscode` so its Content Security Policy is unit-tested as a string.
import { randomBytes } from 'node:crypto';

export interface ShellResources {
  /** `webview.cspSource`: the origin the webview's own resources are served from. */
  cspSource: string;
  scriptUri: string;
  styleUris: string[];
  nonce?: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * Nothing but our own bundle may run (by nonce), nothing loads from anywhere but the extension's media folder,
 * images also from data: URLs (pasted screenshots), and no eval of any kind.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function chatHtml(resources: ShellResources): string {
  const nonce = resources.nonce ?? createNonce();
  const csp = contentSecurityPolicy(resources.cspSource, nonce);
  const styles = resources.styleUris.map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Codewright</title>
  </head>
  <body>
    <main id="app" aria-label="Codewright chat"></main>
    <script nonce="${nonce}" src="${escapeAttr(resources.scriptUri)}"></script>
  </body>
</html>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
