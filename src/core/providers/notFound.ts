import type { EndpointKind } from '../types';

/**
 * Whether a provider's refusal says the model id itself is unknown (retired, misspelt, not served there), as opposed
 * to a wrong base URL or a malformed request:
 *   OpenAI        404 / code model_not_found ("The model `x` does not exist…"); OpenAI-compatible servers: Ollama
 *                 "model \"x\" not found, try pulling it first", vLLM "The model `x` does not exist.", LiteLLM
 *                 "Invalid model name passed in model=x"
 *   Anthropic     404 not_found_error "model: x"
 *   AWS Bedrock   ResourceNotFoundException (unknown or end-of-life model), ValidationException about the model
 *                 identifier (invalid id, or a model that needs an inference-profile id)
 */
export function modelNotFoundFacts(
  kind: EndpointKind,
  status: number | undefined,
  code: string | undefined,
  detail: string | undefined,
): boolean {
  const text = detail ?? '';
  const c = code ?? '';
  switch (kind) {
    case 'openai':
      if (c === 'model_not_found') return true;
      if (/invalid model name/i.test(text)) return true;
      return status === 404 && /\bmodel\b/i.test(text) && /does not exist|not found|no such model|unknown model/i.test(text);
    case 'anthropic':
      return (c === 'not_found_error' || status === 404) && /\bmodel\b/i.test(text);
    case 'bedrock':
      if (c === 'ResourceNotFoundException') return true;
      return (
        c === 'ValidationException' &&
        /model identifier|model id\b|end of its life|on-demand throughput isn.t supported|inference profile/i.test(text)
      );
  }
}
