import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The panel's page: CSP `default-src 'none'`, scripts only by nonce, `connect-src 'none'` (the host
 * does all network), images only from data: URIs the host made from a cord's reply.
 */
export function playgroundHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file));
  const csp = [
    "default-src 'none'",
    "connect-src 'none'",
    `img-src data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('playground.css')}">
<title>Chutes Playground</title>
</head>
<body>
<main id="app" aria-busy="true">Loading the playground…</main>
<script nonce="${nonce}" src="${asset('playground.js')}"></script>
</body>
</html>`;
}
