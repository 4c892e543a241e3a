/** A throw-away git repository in a temp folder, driven by Debian's git (the tests read the real `git diff`). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempRepo {
  root: string;
  git(...args: string[]): string;
  write(file: string, text: string | Buffer): void;
  remove(): void;
}

export function tempRepo(): TempRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-commit-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'core.quotepath=true', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  git('config', 'commit.gpgsign', 'false');
  return {
    root,
    git,
    write: (file, text) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
