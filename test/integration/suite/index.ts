/** Mocha's entry inside the extension host (loaded by @vscode/test-electron). */
import Mocha from "mocha";
import { registerExtensionTests } from "./extension.test";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: true });
  mocha.suite.emit("pre-require", globalThis, "extension.test", mocha);
  registerExtensionTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}
