/** Inside the extension host: commands registered, diagnostics produced, the panel created. */
import assert from "node:assert/strict";
import * as vscode from "vscode";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v) || Date.now() > deadline) return v;
    await wait(100);
  }
}

export function registerExtensionTests(): void {
  describe("NNSpec extension", () => {
    const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri as vscode.Uri;

    it("registers every command of the design", async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), "xor.nnspec.json"));
      await vscode.window.showTextDocument(doc);
      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        "train",
        "pause",
        "resume",
        "step",
        "stop",
        "reset",
        "switchLoss",
        "compareLosses",
        "openPreview",
        "newSpec",
        "exportWeights",
        "exportMetrics",
      ]) {
        assert.ok(commands.includes(`nnspec.${id}`), `nnspec.${id}`);
      }
    });

    it("reports a wrong activation as a diagnostic on its range", async () => {
      const uri = vscode.Uri.joinPath(folder(), "bad-integration.nnspec.json").with({ scheme: "untitled" });
      const bad = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), '{ "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }');
      await vscode.workspace.applyEdit(edit);
      await vscode.window.showTextDocument(bad);
      const diagnostics = await until(
        () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "nnspec"),
        (d) => d.length > 0,
      );
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0].message, /not a valid activation/);
      assert.equal(bad.getText(diagnostics[0].range), '"relux"');
    });

    it("creates the training panel for Train Network", async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), "xor.nnspec.json"));
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand("nnspec.train");
      const tab = await until(
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("nnspec.training")),
        (t) => t !== undefined,
      );
      assert.ok(tab, "a training panel tab is open");
    });
  });
}
