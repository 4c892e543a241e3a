/**
 * Where the shared spend ledger lives, computed without VS Code: the extension keeps it in its global storage
 * (`<VS Code user data>/User/globalStorage/<publisher.name>/ledger`), and the CLI must find the same folder so
 * that both count the same spend against the same budget. GEARSHIFT_LEDGER_DIR names another folder.
 * Platform, environment and home folder are passed in, so each OS's answer can be tested on any OS.
 */
import * as path from 'node:path';

/** `publisher.name` from package.json, as VS Code names the extension's global storage folder. */
export const EXTENSION_ID = 'gearshift-dev.gearshift';

/** The environment variable that moves the ledger (for the CLI; a test keeps it in step with the help). */
export const LEDGER_DIR_ENV = 'GEARSHIFT_LEDGER_DIR';

export interface HostPaths {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** The user's home folder (os.homedir()). */
  home: string;
  /** Against which a relative GEARSHIFT_LEDGER_DIR is resolved (the CLI's working folder). */
  cwd?: string;
}

/** The product folder name of VS Code stable (Insiders: "Code - Insiders"; VSCodium: "VSCodium"). */
const PRODUCT = 'Code';

function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/**
 * VS Code's user data folder, computed as VS Code computes it: VSCODE_PORTABLE (portable mode), else
 * VSCODE_APPDATA/Code, else per OS — Windows %APPDATA%\Code, macOS ~/Library/Application Support/Code,
 * Linux (and other Unixes) $XDG_CONFIG_HOME/Code or ~/.config/Code.
 */
export function vscodeUserDataDir(host: HostPaths, product = PRODUCT): string {
  const p = pathsFor(host.platform);
  const portable = nonEmpty(host.env.VSCODE_PORTABLE);
  if (portable) return p.join(portable, 'user-data');
  const appData = nonEmpty(host.env.VSCODE_APPDATA);
  if (appData) return p.join(appData, product);
  switch (host.platform) {
    case 'win32':
      return p.join(nonEmpty(host.env.APPDATA) ?? p.join(nonEmpty(host.env.USERPROFILE) ?? host.home, 'AppData', 'Roaming'), product);
    case 'darwin':
      return p.join(host.home, 'Library', 'Application Support', product);
    default:
      return p.join(nonEmpty(host.env.XDG_CONFIG_HOME) ?? p.join(host.home, '.config'), product);
  }
}

/** The ledger folder of the installed extension: `<user data>/User/globalStorage/gearshift-dev.gearshift/ledger`. */
export function extensionLedgerDir(host: HostPaths): string {
  return pathsFor(host.platform).join(vscodeUserDataDir(host), 'User', 'globalStorage', EXTENSION_ID, 'ledger');
}

/** The ledger folder to use: GEARSHIFT_LEDGER_DIR when set, else the extension's; `from` says which. */
export function sharedLedgerDir(host: HostPaths): { dir: string; from: 'env' | 'extension' } {
  const fromEnv = nonEmpty(host.env[LEDGER_DIR_ENV]);
  if (fromEnv) {
    const p = pathsFor(host.platform);
    return { dir: p.isAbsolute(fromEnv) || host.cwd === undefined ? fromEnv : p.join(host.cwd, fromEnv), from: 'env' };
  }
  return { dir: extensionLedgerDir(host), from: 'extension' };
}
