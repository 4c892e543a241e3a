async function main(argv: string[]): Promise<number> {
  process.stdout.write(`gearshift: ${argv.join(' ')}\n`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
