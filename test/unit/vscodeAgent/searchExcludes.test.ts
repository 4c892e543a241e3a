import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineExcludes, enabledPatterns, excludeMatcher } from '../../../src/vscode/agent/searchExcludes';

test('enabledPatterns takes the patterns switched on in both settings, once each', () => {
  const files = { '**/.git': true, '**/.DS_Store': true, '**/off': false, '**/*.js': { when: '$(basename).ts' } };
  const search = { '**/node_modules': true, '**/.git': true };
  assert.deepEqual(enabledPatterns(files, search, undefined), ['**/.git', '**/.DS_Store', '**/node_modules']);
});

const COMBINE: [string, string[], { glob?: string; separate: string[] }][] = [
  ['none', [], { separate: [] }],
  ['one', ['**/node_modules'], { glob: '**/node_modules', separate: [] }],
  ['several in one brace group', ['**/node_modules', '**/.git'], { glob: '{**/node_modules,**/.git}', separate: [] }],
  ['braces kept apart', ['**/dist', '**/*.{log,tmp}'], { glob: '**/dist', separate: ['**/*.{log,tmp}'] }],
];
for (const [name, patterns, expected] of COMBINE) {
  test(`combineExcludes: ${name}`, () => assert.deepEqual(combineExcludes(patterns), expected));
}

test('excludeMatcher excludes what is inside an excluded folder, as VS Code does', () => {
  const excluded = excludeMatcher(['**/build', '**/*.{log,tmp}'], false);
  assert.equal(excluded('build/out.js'), true);
  assert.equal(excluded('pkg/build/x/y.js'), true);
  assert.equal(excluded('logs/app.log'), true);
  assert.equal(excluded('src/builder.ts'), false);
});
