// Builds every bundle Gearshift ships: the extension (CommonJS, 'vscode' external), the CLI, the webview scripts,
// and the vendor files. `node esbuild.js --watch` rebuilds on change; `--production` minifies.
//
// Vendor files: the provider SDKs, the tokenizer and the price catalog are most of the code but are needed only on
// first use, so each group is bundled on its own into dist/vendor/<file>.js, and the extension and CLI bundles
// reach them through a lazily evaluated `require('./vendor/<file>.js')` (src/core requires them inside functions or
// inside modules that are themselves required on first use). What loads at activation stays small.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** dist/vendor/<file>.js → the npm packages it holds. Each file exports `{ [package]: that package's exports }`. */
const VENDOR = {
  openai: ['openai'],
  anthropic: ['@anthropic-ai/sdk'],
  bedrock: ['@aws-sdk/client-bedrock-runtime', '@smithy/node-http-handler'],
  'gpt-tokenizer': ['gpt-tokenizer'],
  'genai-prices': ['@pydantic/genai-prices'],
  ajv: ['ajv/dist/2020'],
};
const vendorFileOf = new Map(Object.entries(VENDOR).flatMap(([file, pkgs]) => pkgs.map((p) => [p, file])));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Rewrites the bundle's imports of vendored packages to a small stub, `module.exports = require('./vendor/<file>.js')[pkg]`,
 * whose require stays external: it runs where src/core first needs the package, not when the bundle loads.
 */
const vendorPlugin = {
  name: 'gearshift-vendor',
  setup(build) {
    const filter = new RegExp(`^(${[...vendorFileOf.keys()].map(escape).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'gearshift-vendor' }));
    build.onLoad({ filter: /.*/, namespace: 'gearshift-vendor' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`./vendor/${vendorFileOf.get(args.path)}.js`)})[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/vendor\//, namespace: 'gearshift-vendor' }, (args) => ({ path: args.path, external: true }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [vendorPlugin],
    // Marks when the bundle starts evaluating, so the logged activation time includes loading our code, and when it
    // is done (the bench splits load → active into evaluating the bundle, VS Code's own steps, and activate()).
    banner: { js: 'globalThis.__gearshiftLoadStart = performance.now();' },
    footer: { js: 'globalThis.__gearshiftLoadEnd = performance.now();' },
  },
  {
    // The codebase index's worker thread (src/vscode/codebase starts it from the extension's dist folder).
    entryPoints: ['src/core/codebase/worker.ts'],
    outfile: 'dist/codebaseWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vendorPlugin],
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vendorPlugin],
    // jsonc-parser's "main" is a UMD build whose inner require()s esbuild cannot follow: bundle its ESM build.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    banner: { js: '#!/usr/bin/env node' },
  },
];
for (const [file, pkgs] of Object.entries(VENDOR)) {
  // Required the way the bundles' stubs require them, so each package resolves to the same (CommonJS) build.
  const contents = `module.exports = {\n${pkgs.map((p) => `  ${JSON.stringify(p)}: require(${JSON.stringify(p)}),`).join('\n')}\n};\n`;
  builds.push({
    stdin: { contents, resolveDir: __dirname, sourcefile: `vendor/${file}.js`, loader: 'js' },
    outfile: `dist/vendor/${file}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  });
}
const WEBVIEWS = ['chat', 'spend'];
for (const entry of WEBVIEWS) {
  builds.push({ entryPoints: [`src/webview/${entry}/main.ts`], outfile: `dist/webview/${entry}.js`, platform: 'browser', format: 'iife', target: 'es2022' });
}

async function main() {
  const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', metafile: true };
  // A clean dist/: nothing stale (a dev build's source maps, a vendor file no longer built) reaches the VSIX.
  fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  for (const result of results) {
    for (const [out, info] of Object.entries(result.metafile.outputs)) {
      if (!out.endsWith('.map')) console.log(`${out.padEnd(28)} ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
  await Promise.all(contexts.map((c) => c.dispose()));
  fs.chmodSync(path.join(__dirname, 'dist/cli.js'), 0o755);
  // Webview CSS shipped alongside the scripts.
  // style.css first, then every other .css file of the webview in name order (one file per feature).
  for (const entry of WEBVIEWS) {
    const dir = `src/webview/${entry}`;
    const extra = fs.readdirSync(dir).filter((f) => f.endsWith('.css') && f !== 'style.css').sort();
    let css = ['style.css', ...extra].map((f) => `/* ${f} */\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
    // The chat's icons: VS Code's own codicon font, its CSS first (the font loads from dist/webview, CSP font-src).
    if (entry === 'chat') css = `/* @vscode/codicons */\n${fs.readFileSync(path.join(CODICONS, 'codicon.css'), 'utf8')}\n${css}`;
    fs.writeFileSync(`dist/webview/${entry}.css`, css);
  }
  fs.copyFileSync(path.join(CODICONS, 'codicon.ttf'), 'dist/webview/codicon.ttf');
}

/** Where @vscode/codicons keeps codicon.css and codicon.ttf. */
const CODICONS = path.join(path.dirname(require.resolve('@vscode/codicons/package.json')), 'dist');

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
