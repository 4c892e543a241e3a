// Builds every bundle Gearshift ships: the extension (CommonJS, 'vscode' external), the CLI, and the
// webview scripts. `node esbuild.js --watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // Marks when the bundle starts evaluating, so the logged activation time includes loading our code.
    banner: { js: 'globalThis.__gearshiftLoadStart = performance.now();' },
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // jsonc-parser's "main" is a UMD build whose inner require()s esbuild cannot follow: bundle its ESM build.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    banner: { js: '#!/usr/bin/env node' },
  },
];
const WEBVIEWS = ['chat', 'spend'];
for (const entry of WEBVIEWS) {
  builds.push({ entryPoints: [`src/webview/${entry}/main.ts`], outfile: `dist/webview/${entry}.js`, platform: 'browser', format: 'iife', target: 'es2022' });
}

async function main() {
  const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', metafile: true };
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    for (const [out, info] of Object.entries(result.metafile.outputs)) {
      if (!out.endsWith('.map')) console.log(`${out.padEnd(28)} ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
    await ctx.dispose();
  }
  fs.chmodSync(path.join(__dirname, 'dist/cli.js'), 0o755);
  // Webview CSS shipped alongside the scripts.
  for (const entry of WEBVIEWS) fs.copyFileSync(`src/webview/${entry}/style.css`, `dist/webview/${entry}.css`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
