/** What a command may touch of its process: streams, environment and working folder (tests pass their own). */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input, as text ('' when stdin is a terminal: nothing was piped in). */
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIO(): CliIO {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const parts: Buffer[] = [];
      for await (const chunk of process.stdin) parts.push(chunk as Buffer);
      return Buffer.concat(parts).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
