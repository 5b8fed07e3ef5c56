// Starts `ea lsp` for the YAML files of a repository holding ea.yaml. Install: `npm install` in this folder,
// then `code --install-extension` of a package made with `npx @vscode/vsce package` (or open the folder and F5).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("ea").get("command", ["ea", "lsp"]);
  client = new LanguageClient(
    "ea",
    "ea model",
    { command, args, options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath } },
    { documentSelector: [{ scheme: "file", language: "yaml" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
