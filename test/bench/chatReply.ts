/**
 * A long, realistic assistant reply for the chat render benchmark: headings, prose paragraphs with inline
 * code, bold and links, bullet and numbered lists, fenced code in several languages (TypeScript, Python, Go,
 * Rust, SQL, Bash, JSON, YAML) and a GFM table, cycled with varying names until the reply reaches the
 * wanted size. Deterministic: every run renders the same text.
 */

const LANGS = ['ts', 'python', 'go', 'rust', 'sql', 'bash', 'json', 'yaml'] as const;

function code(lang: (typeof LANGS)[number], i: number): string {
  switch (lang) {
    case 'ts':
      return [
        `export async function loadOrders${i}(db: Db, customerId: string, opts: { limit?: number } = {}): Promise<Order[]> {`,
        `  const limit = Math.min(opts.limit ?? 50, 500);`,
        `  const rows = await db.query<OrderRow>(` +
        `'select * from orders where customer_id = $1 order by created_at desc limit $2', [customerId, limit]);`,
        `  return rows.map((r) => ({ id: r.id, total: Number(r.total_cents) / 100, placedAt: new Date(r.created_at) }));`,
        `}`,
      ].join('\n');
    case 'python':
      return [
        `def retry_${i}(fn, attempts: int = 3, backoff: float = 0.2):`,
        `    """Call fn, retrying on TimeoutError with exponential backoff."""`,
        `    for n in range(attempts):`,
        `        try:`,
        `            return fn()`,
        `        except TimeoutError as exc:  # the upstream is flaky under load`,
        `            if n == attempts - 1:`,
        `                raise RuntimeError(f"gave up after {attempts} attempts") from exc`,
        `            time.sleep(backoff * 2 ** n)`,
      ].join('\n');
    case 'go':
      return [
        `func (c *Cache) Get${i}(key string) ([]byte, bool) {`,
        `\tc.mu.RLock()`,
        `\te, ok := c.items[key]`,
        `\tc.mu.RUnlock()`,
        `\tif !ok || time.Now().After(e.expires) {`,
        `\t\tc.misses.Add(1)`,
        `\t\treturn nil, false`,
        `\t}`,
        `\tc.hits.Add(1)`,
        `\treturn e.val, true`,
        `}`,
      ].join('\n');
    case 'rust':
      return [
        `pub fn parse_header_${i}(buf: &[u8]) -> Result<Header, ParseError> {`,
        `    let (name, rest) = buf.split_at(buf.iter().position(|&b| b == b':').ok_or(ParseError::NoColon)?);`,
        `    let value = std::str::from_utf8(&rest[1..]).map_err(|_| ParseError::NotUtf8)?.trim();`,
        `    Ok(Header { name: String::from_utf8_lossy(name).to_lowercase(), value: value.to_owned() })`,
        `}`,
      ].join('\n');
    case 'sql':
      return [
        `-- step ${i}: backfill in batches so the table is never locked for long`,
        `UPDATE orders SET status_v2 = status`,
        `WHERE id IN (SELECT id FROM orders WHERE status_v2 IS NULL ORDER BY id LIMIT 5000);`,
        `CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_v2_idx ON orders (status_v2, created_at);`,
      ].join('\n');
    case 'bash':
      return [
        `#!/usr/bin/env bash`,
        `set -euo pipefail`,
        `for f in logs/run-${i}-*.log; do`,
        `  grep -E 'ERROR|WARN' "$f" | awk '{print $1, $2, $NF}' | sort | uniq -c | sort -rn | head -20`,
        `done`,
      ].join('\n');
    case 'json':
      return [
        `{`,
        `  "name": "worker-${i}",`,
        `  "replicas": 3,`,
        `  "env": { "QUEUE_URL": "amqp://queue:5672", "PREFETCH": 16 },`,
        `  "resources": { "cpu": "500m", "memory": "512Mi" }`,
        `}`,
      ].join('\n');
    case 'yaml':
      return [
        `jobs:`,
        `  test-${i}:`,
        `    runs-on: ubuntu-latest`,
        `    steps:`,
        `      - uses: actions/checkout@v4`,
        `      - run: npm ci && npm test -- --reporter dot`,
      ].join('\n');
  }
}

function paragraph(i: number): string {
  return (
    `The handler in \`worker${i}.ts\` runs **twice** when the retry timer fires before the first attempt settles, ` +
    `so the second call sees a half-written row. ` +
    `Guard it with an idempotency key (see [the design note](https://example.com/notes/${i})) ` +
    `and make the write conditional: \`UPDATE … WHERE version = $old\`. With that in place the duplicate becomes a no-op ` +
    `instead of a lost update, and the p99 latency stays where it was because the extra check hits the primary-key index.`
  );
}

function list(i: number): string {
  return [
    `- Keep \`maxRetries\` at **${(i % 5) + 2}**; more only hides the real failure.`,
    `- Log the request id on every attempt, so one failing call can be followed across services.`,
    `- Move the timeout into configuration (\`WORKER_TIMEOUT_MS\`), defaulting to ${(i % 4) + 1}0 s.`,
    `- Add a test that fires two overlapping calls and asserts exactly one write.`,
  ].join('\n');
}

function steps(i: number): string {
  return [
    `1. Deploy the new column as nullable (migration \`${1000 + i}_add_status_v2\`).`,
    `2. Dual-write from the application for one release.`,
    `3. Backfill in batches (below), watching replication lag.`,
    `4. Switch reads, then drop the old column in a later release.`,
  ].join('\n');
}

function table(i: number): string {
  const rows = ['p50', 'p90', 'p99', 'max'].map((p, k) => `| ${p} | ${(k + 1) * 12 + (i % 7)} ms | ${(k + 1) * 9 + (i % 5)} ms | ${k === 3 ? 'watch' : 'ok'} |`);
  return ['| Percentile | Before | After | Note |', '|---|---:|---:|---|', ...rows].join('\n');
}

/** A markdown reply of at least `chars` characters. */
export function longReply(chars: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const lang = LANGS[i % LANGS.length];
    const section = [
      `## ${i + 1}. ${['Cause', 'Fix', 'Migration', 'Measurements', 'Tests', 'Rollout'][i % 6]} (part ${i + 1})`,
      paragraph(i),
      i % 2 === 0 ? list(i) : steps(i),
      `\`\`\`${lang}\n${code(lang, i)}\n\`\`\``,
      i % 3 === 0 ? table(i) : paragraph(i + 1000),
    ].join('\n\n');
    parts.push(section + '\n\n');
    n += section.length + 2;
  }
  return parts.join('');
}
