import tseslint from 'typescript-eslint';

const noVscode = {
  paths: [{ name: 'vscode', message: 'The core runs in plain Node: import nothing from vscode here. Put editor code in src/vscode/.' }],
  patterns: [{ group: ['**/vscode/**', '../vscode/*', '../../vscode/*'], message: 'The core must not depend on the VS Code adapters.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', 'test/fixtures/rxjs/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier formats to 140 columns; what it cannot break (long strings, regexes) must be split by hand.
      'max-len': ['error', { code: 140, tabWidth: 2 }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscode] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Webview scripts run in the browser.' }] }] },
  },
);
