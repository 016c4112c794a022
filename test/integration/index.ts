// Test module loaded by the extension host (extensionTestsPath). Same contract as
// @vscode/test-electron: run() settles when the suites finish.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.CHUTES_TEST_GREP;
  if (grep) mocha.grep(grep);
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of readdirSync(suiteDir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // Read by the harness to add this layer to the closing count.
      console.log(`CHUTES_INTEGRATION_RESULT passed=${runner.stats?.passes ?? 0} failed=${failures} skipped=${runner.stats?.pending ?? 0}`);
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    // A skipped test names its reason in its title, "(skipped: …)"; the harness counts them per reason.
    runner.on('pending', (test) => {
      console.log(`CHUTES_INTEGRATION_SKIP ${/\(skipped: (.*)\)/.exec(test.fullTitle())?.[1] ?? 'no reason given'}`);
    });
  });
}
