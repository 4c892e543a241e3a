import { isProviderError, ProviderError } from '../providers/errors';
import type { Provider, Timeouts } from '../providers/provider';
import { countTokens } from '../tokens';
import { emptyUsage, type CallResult, type Usage } from '../types';
import { answerComplete } from './postprocess';
import type { PreparedCall } from './request';
import type { CompletionContext } from './types';

/**
 * One completion request to one model. Generation is cut short (and its text kept, as an answer) once a
 * single-line answer has its line, an answer after code on the cursor line has finished that statement, or a
 * block answer runs past its bound; maxTokens and the timeouts cap the
 * rest. A failure rejects with a ProviderError that carries the text received and the usage: the provider's,
 * an estimate of what was sent and received, or zero when the call was refused before the reply began.
 */
export async function callForCompletion(
  provider: Provider,
  call: PreparedCall,
  ctx: CompletionContext,
  opts: { signal: AbortSignal; timeouts: Timeouts; now: () => number },
): Promise<CallResult> {
  const started = opts.now();
  const own = new AbortController();
  const onOuter = (): void => own.abort();
  opts.signal.addEventListener('abort', onOuter, { once: true });
  let received = '';
  let enough = false;
  const lineLimit = ctx.mode === 'single' ? 1 : ctx.maxLines + 1;
  const onDelta = (d: string): void => {
    received += d;
    if (!enough && call.kind === 'complete' && (runaway(received, lineLimit) || answerComplete(received, ctx))) {
      enough = true;
      own.abort();
    }
  };
  const common = { signal: own.signal, timeouts: opts.timeouts, onDelta };
  try {
    return call.kind === 'complete'
      ? await provider.complete({ ...call.request, ...common })
      : await provider.chat({ ...call.request, ...common });
  } catch (e) {
    const totalMs = opts.now() - started;
    const partial = isProviderError(e) ? (e.partialText ?? received) : received;
    const usage =
      isProviderError(e) && e.usage
        ? { usage: e.usage, estimated: e.estimated ?? true }
        : isProviderError(e) && !partial
          ? { usage: emptyUsage(), estimated: false }
          : estimate(call.promptText, partial);
    if (enough && !opts.signal.aborted) return { text: partial, ...usage, totalMs };
    const failure = opts.signal.aborted
      ? new ProviderError({ kind: 'cancelled', message: 'superseded or cancelled by the editor' })
      : isProviderError(e)
        ? e
        : new ProviderError({ kind: 'network', message: e instanceof Error ? e.message : String(e) });
    failure.partialText = partial;
    failure.usage = usage.usage;
    failure.estimated = usage.estimated;
    throw failure;
  } finally {
    opts.signal.removeEventListener('abort', onOuter);
  }
}

/** True once streamed text holds more lines than wanted (a finished single line counts once it has content). */
export function runaway(text: string, lineLimit: number): boolean {
  let lines = 0;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (content || lineLimit > 1) lines++;
      if (lines >= lineLimit && content) return true;
    } else if (c !== 32 && c !== 9) content = true;
  }
  return false;
}

function estimate(promptText: string, output: string): { usage: Usage; estimated: boolean } {
  return { usage: { ...emptyUsage(), input: countTokens(promptText), output: countTokens(output) }, estimated: true };
}
