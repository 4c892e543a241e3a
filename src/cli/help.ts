import * as fs from 'node:fs';
import * as path from 'node:path';

const ROUTE_HELP = `gearshift route [--batch FILE.jsonl] [--settings FILE | --trust] [--available ENDPOINTS]

Routes requests locally (no network, no keys) and prints one JSON line per request:
  {"id", "tier", "model", "reason"}   or   {"id", "error"} for a bad record.
Input records: {"id", "messages": [{"role", "content"}], "attachments": [{"path", "text"}],
  "task"?, "language"?, "filePath"?, "conversationId"?, "override"?}.

  --batch FILE        a JSONL file, one record per line (without it: one JSON record on stdin)
  --settings FILE     settings (JSON with comments) over the defaults; default: .vscode/settings.json here
  --trust             apply .vscode/settings.json fully (prices, exclusions, budgets, models): see 'gearshift help'
  --available LIST    comma-separated endpoints that can be called (default: all), e.g. openai,anthropic

Exit code 1 when any record was bad (the other lines are still printed).`;

const REPLAY_HELP = `gearshift replay [--ledger PATH] [--settings FILE | --trust] [--available ENDPOINTS] [--json]

Prices the calls of a spend ledger four ways: as recorded, all-frontier, all-cheap, and under the current
settings (the first usable model of each tier; tasks with a fixed route use it, chat keeps its recorded tier).

  --ledger PATH       a ledger file (ledger-YYYY-MM.jsonl) or a folder of them; default: the shared ledger
                      (GEARSHIFT_LEDGER_DIR, else the extension's, as for chat)
  --settings FILE     settings (JSON with comments) over the defaults; default: .vscode/settings.json here
  --trust             apply .vscode/settings.json fully (prices, exclusions, budgets, models): see 'gearshift help'
  --available LIST    comma-separated endpoints to consider usable (default: all)
  --json              print the numbers as JSON instead of the table

Lines that are not ledger records are skipped and counted; a path holding no ledger is refused.`;

const DOCTOR_HELP = `gearshift doctor [--settings FILE | --trust] [--endpoint NAMES]

Sends one minimal request (a 1-token chat, or the model list) to each endpoint the tiers use and prints
a table: endpoint, status, latency, detail. Keys come from the environment: OPENAI_API_KEY,
ANTHROPIC_API_KEY, GEARSHIFT_<ENDPOINT>_API_KEY; Bedrock uses the AWS credential chain.

  --settings FILE     settings (JSON with comments) over the defaults; default: .vscode/settings.json here
  --trust             apply .vscode/settings.json fully (prices, exclusions, budgets, models): see 'gearshift help'
  --endpoint NAMES    comma-separated endpoints to check instead (any configured endpoint)

Exit code 1 when any endpoint fails.`;

const CHAT_HELP = `gearshift chat "QUESTION" [--attach FILE]... [--tier cheap|frontier | --model NAME]
                [--settings FILE | --trust] [--ledger-dir DIR] [--available ENDPOINTS]

Sends one routed chat request and streams the answer to stdout; the route, its reason and the cost go to
stderr, and the call is appended to the spend ledger the extension uses, so gearshift.budget holds here too
(warn, downgrade to cheap, or block). Keys come from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY,
GEARSHIFT_<ENDPOINT>_API_KEY). Excluded files are never sent; secrets are redacted.

  --attach FILE       attach a file (repeatable)
  --tier TIER         skip the classifier: cheap or frontier
  --model NAME        use this configured model
  --settings FILE     settings (JSON with comments) over the defaults; default: .vscode/settings.json here
  --trust             apply .vscode/settings.json fully (prices, exclusions, budgets, models): see 'gearshift help'
  --ledger-dir DIR    where the spend ledger is kept; default: GEARSHIFT_LEDGER_DIR, else the extension's
                      (Linux ~/.config/Code/User/globalStorage/gearshift-dev.gearshift/ledger; macOS
                      ~/Library/Application Support/Code/…; Windows %APPDATA%\\Code\\…)
  --available LIST    comma-separated endpoints to use (default: those with a key, or needing none)

Ctrl+C stops the answer (what arrived is kept and recorded).`;

export const COMMAND_HELP: Record<string, string> = { route: ROUTE_HELP, replay: REPLAY_HELP, doctor: DOCTOR_HELP, chat: CHAT_HELP };

export const MAIN_HELP = `gearshift — the Gearshift router, cost replay and endpoint checks from the terminal

Usage: gearshift <command> [options]

Commands:
  route     route requests locally (JSON in, JSON lines out; no network, no keys)
  replay    what a spend ledger cost, all-frontier, all-cheap and under the current settings
  doctor    check that each endpoint answers
  chat      ask one question through the router, streaming the answer
  help      show help for a command: gearshift help route

Options:
  -h, --help       show this help
  -v, --version    show the version

Settings: --settings FILE (JSON with comments, VS Code keys such as "gearshift.tiers") is laid over the
defaults as your user settings; without it, ./.vscode/settings.json is read as workspace settings. That file
comes with the repository, so as in VS Code's Restricted Mode it cannot set endpoints, and its prices,
exclusion removals, budget raises, model changes and completion limits are ignored unless you add --trust.
Set GEARSHIFT_DEBUG=1 to see stack traces of unexpected errors.`;

/** The package version, read next to the bundle (dist/cli.js → package.json). */
export function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'gearshift' && pkg.version) return pkg.version;
  } catch {
    // fall through
  }
  return 'unknown';
}
