import { CliError, usageError } from './errors';
import { COMMAND_HELP, MAIN_HELP, version } from './help';
import { processIO, type CliIO } from './io';

type Command = (args: string[], io: CliIO) => Promise<number>;

/** Loaded on demand: `route` and `replay` never pay for evaluating the provider SDKs. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  route: async () => (await import('./commands/route.js')).route,
  replay: async () => (await import('./commands/replay.js')).replay,
  doctor: async () => (await import('./commands/doctor.js')).doctor,
  chat: async () => (await import('./commands/chat.js')).chat,
};

/** Runs one command line; resolves with the exit code. Errors become one plain message on stderr. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    io.err(`gearshift: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env.GEARSHIFT_DEBUG === '1' && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    else io.err('Set GEARSHIFT_DEBUG=1 for details.\n');
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    io.out(`${MAIN_HELP}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${version()}\n`);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) io.out(`${MAIN_HELP}\n`);
    else if (COMMAND_HELP[topic]) io.out(`${COMMAND_HELP[topic]}\n`);
    else throw usageError(`gearshift help: no command named '${topic}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return 0;
  }
  const load = COMMANDS[first];
  if (!load) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    throw usageError(`gearshift: ${what}. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(`${COMMAND_HELP[first]}\n`);
    return 0;
  }
  return (await load())(rest, io);
}

/** The AWS SDK warns on every run under Node 20 about its future support policy: noise for a CLI user. */
function quietSdkWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    const sdkNotice = `${w.name}: ${w.message}`.includes('NodeVersionSupportWarning');
    if (!sdkNotice || process.env.GEARSHIFT_DEBUG === '1') process.stderr.write(`gearshift: ${w.name}: ${w.message}\n`);
  });
}

if (require.main === module) {
  quietSdkWarnings();
  void run(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
