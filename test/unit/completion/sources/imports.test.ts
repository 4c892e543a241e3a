import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importCandidates, outlineOf, parseImports } from '../../../../src/core/completion/sources/imports';

const parsed: [string, string, string, { specifier: string; names: string[] }[]][] = [
  [
    'TypeScript named, default, namespace and type imports',
    'typescript',
    "import { a, b as c } from './x';\nimport D from \"../d\";\nimport * as ns from './ns';\nimport type { T } from './t';",
    [
      { specifier: './x', names: ['a', 'c'] },
      { specifier: '../d', names: ['D'] },
      { specifier: './ns', names: ['ns'] },
      { specifier: './t', names: ['T'] },
    ],
  ],
  [
    'multi-line imports, re-exports and require',
    'javascript',
    "import {\n  one,\n  two,\n} from './multi';\nexport { three } from './re';\nconst { four } = require('./req');\nimport './side';",
    [
      { specifier: './multi', names: ['one', 'two'] },
      { specifier: './re', names: ['three'] },
      { specifier: './side', names: [] },
      { specifier: './req', names: ['four'] },
    ],
  ],
  [
    'Python from-imports (relative too) and plain imports',
    'python',
    'from .models import User, Group as G\nfrom pkg.util import (helper)\nimport os, app.config',
    [
      { specifier: '.models', names: ['User', 'G'] },
      { specifier: 'pkg.util', names: ['helper'] },
      { specifier: 'os', names: [] },
      { specifier: 'app.config', names: [] },
    ],
  ],
  [
    'Rust modules and crate paths',
    'rust',
    'mod parser;\npub mod lexer;\nuse crate::ast::{Expr, Stmt};\nuse crate::util::helper;\nuse std::fmt;',
    [
      { specifier: 'mod:parser', names: [] },
      { specifier: 'mod:lexer', names: [] },
      { specifier: 'crate::ast', names: ['Expr', 'Stmt'] },
      { specifier: 'crate::util::helper', names: ['helper'] },
    ],
  ],
  ['Go: none (packages are directories)', 'go', 'import "fmt"', []],
];
for (const [name, lang, text, expected] of parsed)
  test(`imports: ${name}`, () => {
    assert.deepEqual(parseImports(text, lang), expected);
  });

const resolved: [string, string, { specifier: string; names: string[] }, string, string[]][] = [
  [
    'a relative TS import tries .ts first',
    'src/app/main.ts',
    { specifier: '../lib/x', names: [] },
    'typescript',
    ['src/lib/x.ts', 'src/lib/x/index.ts'],
  ],
  ['an ESM .js specifier maps to its .ts source', 'src/main.ts', { specifier: './x.js', names: [] }, 'typescript', ['src/x.ts']],
  ['a package import resolves to nothing here', 'src/main.ts', { specifier: 'react', names: [] }, 'typescript', []],
  ['Python relative module', 'pkg/views.py', { specifier: '.models', names: [] }, 'python', ['pkg/models.py', 'pkg/models/__init__.py']],
  ['Python absolute module from the root', 'pkg/views.py', { specifier: 'app.config', names: [] }, 'python', ['app/config.py']],
  ['Rust mod beside the file', 'src/main.rs', { specifier: 'mod:parser', names: [] }, 'rust', ['src/parser.rs', 'src/parser/mod.rs']],
  ['Rust crate path', 'src/main.rs', { specifier: 'crate::ast', names: [] }, 'rust', ['src/ast.rs', 'src/ast/mod.rs']],
];
for (const [name, from, ref, lang, mustStart] of resolved)
  test(`import candidates: ${name}`, () => {
    const got = importCandidates(from, ref, lang);
    assert.deepEqual(
      mustStart.filter((p) => got.includes(p)),
      mustStart,
      got.join(', '),
    );
    if (mustStart.length) assert.equal(got[0], mustStart[0]);
    else assert.deepEqual(got, []);
  });

test('an outline without language features: top-level declaration lines, the imported names first', () => {
  const text = 'export function a() {\n  return 1;\n}\nconst hidden = 2;\nexport class B {\n  m() {}\n}\n';
  assert.equal(outlineOf(text, [], ['B'], 500), 'export class B {\nexport function a() {\nconst hidden = 2;');
});
