/**
 * How much of each completion prompt repeats the previous one byte for byte, with the REAL prompt builder: typing
 * replayed in this repository's own sources. In each of the 16 largest files of src/core, 12 lines in its second
 * half are removed and retyped, one request per line (the debounce lets about one through per pause), the other 15
 * files open beside it (snippets). The prompt is what the default cheap chat model gets (the hole prompt), and what
 * a qwen coder model gets (FIM, for the KV cache of a local server: latency, not dollars). OpenAI's automatic cache
 * reads the shared prefix of a prompt ≥ 1,024 tokens in 128-token steps (requests assumed < 5 minutes apart).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextBuilder } from '../../src/core/completion/context';
import { prepareCall } from '../../src/core/completion/request';
import type { DocumentSnapshot } from '../../src/core/completion/types';
import { countTokens } from '../../src/core/tokens';
import type { ModelConfig } from '../../src/core/types';
import { prng } from '../tools/prng';
import { openAiCached } from './costCache';

const FILES = 16;
const RETYPED = 12;
const chatModel: ModelConfig = { name: 'mini', endpoint: 'openai', model: 'gpt-5.6-luna' };
const fimModel: ModelConfig = { name: 'local-coder', endpoint: 'ollama', model: 'qwen2.5-coder:7b' };

function sources(): DocumentSnapshot[] {
  const root = path.resolve(__dirname, '../../../src/core');
  const files: DocumentSnapshot[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts'))
        files.push({ path: path.relative(root, p), languageId: 'typescript', text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return files.sort((a, b) => b.text.length - a.text.length || a.path.localeCompare(b.path)).slice(0, FILES);
}

function sharedChars(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export interface PrefixShare {
  requests: number;
  /** Chat hole prompts: tokens in all, and tokens OpenAI would read from cache. */
  chatTokens: number;
  chatCached: number;
  /** FIM prompts: characters in all, and characters shared with the previous prompt. */
  fimChars: number;
  fimShared: number;
}

export function measurePrefixShare(): PrefixShare {
  const docs = sources();
  const rand = prng(7);
  const out: PrefixShare = { requests: 0, chatTokens: 0, chatCached: 0, fimChars: 0, fimShared: 0 };
  for (const doc of docs) {
    const lines = doc.text.split('\n');
    const at = Math.floor(lines.length * (0.5 + rand() * 0.4));
    const retype = lines.slice(at, at + RETYPED);
    const before = lines.slice(0, at).join('\n');
    const after = lines.slice(at + RETYPED).join('\n');
    const others = docs.filter((d) => d !== doc);
    const builder = new ContextBuilder();
    let prev: { chat: string; fim: string } | undefined;
    for (let k = 1; k <= retype.length; k++) {
      const typed = `${before}\n${retype.slice(0, k).join('\n')}`;
      const ctx = builder.build({ ...doc, text: `${typed}\n${after}`, offset: typed.length }, others);
      if (!ctx) continue;
      const chat = prepareCall(chatModel, false, ctx).promptText;
      const fim = prepareCall(fimModel, true, ctx).promptText;
      const tokens = countTokens(chat);
      out.requests++;
      out.chatTokens += tokens;
      out.fimChars += fim.length;
      if (prev) {
        out.chatCached += openAiCached(tokens, countTokens(chat.slice(0, sharedChars(prev.chat, chat))));
        out.fimShared += sharedChars(prev.fim, fim);
      }
      prev = { chat, fim };
    }
  }
  return out;
}
