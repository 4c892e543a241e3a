import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import scss from 'highlight.js/lib/languages/scss';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { Lexer, Marked, type Tokens } from 'marked';
import { capNestingForDisplay, emphasisTooDeep } from '../../core/chat/nesting';
import { blocksOf, type BlockToken } from '../../core/chat/streamBlocks';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, plaintext, python, ruby, rust, scss, shell, sql, swift, typescript, xml, yaml };
/** Fence language word (or alias) → the highlight.js language that highlights it. A Map: a word is never a prototype key. */
const HIGHLIGHT = new Map<string, string>();
for (const [name, def] of Object.entries(LANGUAGES)) {
  hljs.registerLanguage(name, def);
  HIGHLIGHT.set(name, name);
  for (const alias of hljs.getLanguage(name)?.aliases ?? []) if (!HIGHLIGHT.has(alias.toLowerCase())) HIGHLIGHT.set(alias.toLowerCase(), name);
}

/** The fence's language word, if it is a safe identifier (it lands in a class and data attribute). */
export function fenceLanguage(lang: string | undefined): string {
  const word = (lang ?? '').trim().split(/\s+/)[0] ?? '';
  return /^[\w+#.-]{1,40}$/.test(word) ? word.toLowerCase() : '';
}

/**
 * A code block of a reply as its markdown has it (the fence's content, as marked parsed it): what the
 * block shows, and what Copy / Insert / Apply / Save take. Never read back from the DOM.
 */
export interface CodeBlock {
  code: string;
  /** The fence's language word, or undefined. */
  language: string | undefined;
}

/** The code blocks rendered by renderMarkdown, by their <pre>. A <pre> from the reply's own HTML is not here. */
const codeBlocks = new WeakMap<Element, CodeBlock>();

export function codeBlockOf(pre: Element): CodeBlock | undefined {
  return codeBlocks.get(pre);
}

/**
 * While one markdown text is parsed: its code blocks, in order. The renderer leaves a placeholder for each,
 * marked with a random nonce the reply cannot know, and the block is built as DOM after sanitizing.
 */
let parsing: { nonce: string; blocks: CodeBlock[] } | undefined;
const PLACEHOLDER = 'data-gearshift-code';

const marked = new Marked({ gfm: true, async: false });
marked.use({
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      if (!parsing) return '';
      parsing.blocks.push({ code: text, language: fenceLanguage(lang) || undefined });
      return `<pre ${PLACEHOLDER}="${parsing.nonce}-${parsing.blocks.length - 1}"></pre>\n`;
    },
  },
});

/**
 * The block lexer StreamingBlocks uses: marked's own block rules (the ones the renderer parses with), but
 * without the inline pass, which a splitter does not need and which is where nested emphasis costs time.
 */
export function lexBlocks(markdown: string): readonly BlockToken[] {
  return new Lexer({ ...marked.defaults }).blockTokens(markdown);
}

/**
 * What reply HTML may keep: text structure, lists, tables, code, links and images. Nothing that plays,
 * submits, loads, navigates on its own (image maps) or hides content; and no class, id, role, style, data-
 * or aria- attribute, so a reply cannot borrow the panel's own styles (e.g. draw a fake Gearshift error).
 */
const REPLY_TAGS = ['a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details',
  'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark',
  'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr'];
const REPLY_ATTRS = ['href', 'src', 'alt', 'title', 'align', 'start', 'reversed', 'colspan', 'rowspan', 'open', 'lang', 'dir', 'datetime', PLACEHOLDER];
const PURIFY = {
  RETURN_DOM_FRAGMENT: true as const,
  ALLOWED_TAGS: REPLY_TAGS,
  ALLOWED_ATTR: REPLY_ATTRS,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};
/** highlight.js output (generated here from escaped code, never from the reply): spans with token classes. */
const PURIFY_HIGHLIGHT = { RETURN_DOM_FRAGMENT: true as const, ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false };

/** The code, highlighted when its language is known; exactly the code's text either way. */
function highlighted(code: string, language: string | undefined): { nodes: Node; highlightedAs?: string } {
  const as = language === undefined ? undefined : HIGHLIGHT.get(language);
  if (as !== undefined) {
    try {
      const nodes = DOMPurify.sanitize(hljs.highlight(code, { language: as, ignoreIllegals: true }).value, PURIFY_HIGHLIGHT);
      if (nodes.textContent === code) return { nodes, highlightedAs: as };
    } catch {
      // shown unhighlighted below
    }
  }
  return { nodes: document.createTextNode(code) };
}

function codeBlockElement(block: CodeBlock): HTMLElement {
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  const { nodes, highlightedAs } = highlighted(block.code, block.language);
  code.className = highlightedAs ? `hljs language-${highlightedAs}` : 'hljs';
  code.setAttribute('data-lang', block.language ?? '');
  code.append(nodes);
  pre.append(code);
  codeBlocks.set(pre, block);
  return pre;
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One markdown text → sanitized DOM. Every string goes through DOMPurify, which returns DOM nodes; code
 * blocks are built as DOM from their markdown text. Nothing in the webview assigns innerHTML / outerHTML /
 * insertAdjacentHTML. Throws when marked does.
 */
function renderParsed(markdown: string): DocumentFragment {
  const nonce = randomNonce();
  parsing = { nonce, blocks: [] };
  let html: string;
  let blocks: CodeBlock[];
  try {
    html = marked.parse(capNestingForDisplay(markdown)) as string;
    blocks = parsing.blocks;
  } finally {
    parsing = undefined;
  }
  const fragment = DOMPurify.sanitize(html, PURIFY);
  for (const pre of Array.from(fragment.querySelectorAll(`[${PLACEHOLDER}]`))) {
    const m = /^([0-9a-f]{32})-(\d{1,9})$/.exec(pre.getAttribute(PLACEHOLDER) ?? '');
    const block = m && m[1] === nonce ? blocks[Number(m[2])] : undefined;
    if (block && pre.tagName === 'PRE' && pre.childNodes.length === 0) pre.replaceWith(codeBlockElement(block));
    else pre.removeAttribute(PLACEHOLDER);
  }
  return fragment;
}

/** A block that could not be rendered: its markdown as plain text, with a note saying so. */
function unrendered(markdown: string, why: string): HTMLElement {
  const note = document.createElement('p');
  note.className = 'unrendered-note';
  note.textContent = `This part of the reply ${why}, so it is shown as plain text.`;
  const text = document.createElement('pre');
  text.className = 'unrendered-text';
  text.textContent = markdown;
  const el = document.createElement('div');
  el.className = 'unrendered';
  el.append(note, text);
  return el;
}

/** One block: rendered, or (nested too deeply, or marked failed) shown as text. */
function renderBlock(markdown: string): Node {
  if (emphasisTooDeep(markdown)) return unrendered(markdown, 'nests emphasis too deeply to format');
  try {
    return renderParsed(markdown);
  } catch {
    return unrendered(markdown, 'could not be formatted');
  }
}

/**
 * Markdown (untrusted: model output) → sanitized DOM, code blocks highlighted. A text that cannot be
 * rendered whole is rendered block by block: a block that fails shows as text, the others as usual.
 */
export function renderMarkdown(markdown: string): DocumentFragment {
  if (!emphasisTooDeep(markdown)) {
    try {
      return renderParsed(markdown);
    } catch {
      // rendered block by block below
    }
  }
  const fragment = document.createDocumentFragment();
  for (const block of blocksOf(markdown, lexBlocks)) fragment.append(renderBlock(block));
  return fragment;
}
