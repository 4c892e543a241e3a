/** The provider layer's public surface: import from here. */
export type { ChatRequest, CompletionRequest, KeyLookup, Provider, ProviderLog, ProviderOptions, Timeouts } from './provider';
export { ERROR_KINDS, isModelNotFound, isProviderError, isRetryable, ProviderError, type ErrorKind, type TimeoutKind } from './errors';
export { redactUrl, scrubSecrets } from './scrub';
export { envKeyLookup, keyEnvVar } from './keys';
export { createProvider } from './registry';
export { doctorPassed, formatDoctor, runDoctor, type DoctorOptions, type DoctorRow } from './doctor';
export {
  ANTHROPIC_DEPRECATED_MODELS,
  deprecationAdvice,
  deprecationOf,
  notFoundAdvice,
  replacementFor,
  type Deprecation,
  type ModelAdvice,
} from './deprecations';
export { isLoopbackHost, plainHttpKeyWarning } from './plainHttp';
export { DEFAULT_CAPS, type BodyCaps } from './guards';
export { DEFAULT_TOTAL_MS } from './watch';
