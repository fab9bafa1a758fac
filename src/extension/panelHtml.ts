/**
 * The panel's HTML, as VS Code's webview samples build it: a Content-Security-Policy of
 * default-src 'none', scripts allowed only with this page's nonce, styles and images only from
 * the extension's bundle folder, and initial data injected as escaped JSON.
 */
import type * as vscode from "vscode";
import { randomBase64 } from "./randomHex";

export function panelHtml(
  webview: vscode.Webview,
  bundleRoot: vscode.Uri,
  initialState: unknown,
  uriJoin: (base: vscode.Uri, ...parts: string[]) => vscode.Uri,
): string {
  const nonce = randomBase64(16);
  const script = webview.asWebviewUri(uriJoin(bundleRoot, "main.js"));
  const style = webview.asWebviewUri(uriJoin(bundleRoot, "main.css"));
  // JSON in a <script> must not be able to close the tag: escape <, > and & as unicode.
  const state = JSON.stringify(initialState).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>NNSpec training</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" id="nnspec-initial-state" type="application/json">${state}</script>
  <script nonce="${nonce}" type="module" src="${script}"></script>
</body>
</html>`;
}
