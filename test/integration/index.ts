/**
 * Entry point that VS Code's extension host loads (extensionTestsPath): runs every
 * out/test/integration/**\/*.test.js with mocha and resolves only when all pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.GEARSHIFT_GREP) mocha.grep(process.env.GEARSHIFT_GREP);
  for (const file of findTests(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`integration: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
