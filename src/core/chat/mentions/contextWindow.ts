import type { calcPrice as CalcPrice } from '@pydantic/genai-prices';

let calcFn: typeof CalcPrice | undefined;

/**
 * A model's context window as the price catalog (@pydantic/genai-prices) records it, or undefined. Bedrock's
 * decorations (a region prefix "us.", a vendor "anthropic.", a version "-v1:0") are tried without as well.
 */
export function catalogContextWindow(modelId: string): number | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  calcFn ??= (require('@pydantic/genai-prices') as { calcPrice: typeof CalcPrice }).calcPrice;
  const id = modelId.toLowerCase().trim();
  const bare = id.replace(/^(?:[a-z][a-z-]*\.)+/, '').replace(/-v\d+:\d+$/, '');
  for (const candidate of id === bare ? [id] : [id, bare]) {
    try {
      const found = calcFn({ input_tokens: 0, output_tokens: 0 }, candidate);
      if (found?.model.context_window) return found.model.context_window;
    } catch {
      // An id the catalog cannot parse has no known window.
    }
  }
  return undefined;
}
