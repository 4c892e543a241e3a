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
import { Marked, type Tokens } from 'marked';
import type { BlockToken } from '../../core/chat/streamBlocks';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, plaintext, python, ruby, rust, scss, shell, sql, swift, typescript, xml, yaml };
for (const [name, def] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, def);

/** The fence's language word, if it is a safe identifier (it lands in a class and data attribute). */
export function fenceLanguage(lang: string | undefined): string {
  const word = (lang ?? '').trim().split(/\s+/)[0] ?? '';
  return /^[\w+#.-]{1,40}$/.test(word) ? word.toLowerCase() : '';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const marked = new Marked({ gfm: true, async: false });
marked.use({
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const language = fenceLanguage(lang);
      const known = language !== '' && hljs.getLanguage(language) !== undefined;
      const body = known ? hljs.highlight(text, { language, ignoreIllegals: true }).value : escapeHtml(text);
      return `<pre><code class="hljs${known ? ` language-${language}` : ''}" data-lang="${language}">${body}</code></pre>\n`;
    },
  },
});

/** The block lexer StreamingBlocks uses: the same one the renderer parses with. */
export function lexBlocks(markdown: string): readonly BlockToken[] {
  return marked.lexer(markdown);
}

const PURIFY = {
  RETURN_DOM_FRAGMENT: true as const,
  // A chat answer needs text, code, lists, tables, links and images; nothing that plays, submits, loads or hides content.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'object', 'embed', 'base', 'meta', 'link',
    'video', 'audio', 'source', 'track', 'picture', 'template', 'marquee', 'noscript', 'dialog', 'math', 'svg'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction'],
};

/**
 * The only way HTML reaches the page: every string goes through DOMPurify, which returns DOM nodes.
 * Nothing in the webview assigns innerHTML / outerHTML / insertAdjacentHTML.
 */
function sanitize(html: string): DocumentFragment {
  return DOMPurify.sanitize(html, PURIFY);
}

/** Markdown (untrusted: model output) → sanitized DOM, code fences highlighted. */
export function renderMarkdown(markdown: string): DocumentFragment {
  return sanitize(marked.parse(markdown) as string);
}
