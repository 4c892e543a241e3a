/** The provider layer's public surface: import from here. */
export type { ChatRequest, CompletionRequest, KeyLookup, Provider, ProviderLog, ProviderOptions, Timeouts } from './provider';
export { ERROR_KINDS, isProviderError, isRetryable, ProviderError, scrubSecrets, type ErrorKind, type TimeoutKind } from './errors';
export { envKeyLookup, keyEnvVar } from './keys';
export { createProvider } from './registry';
export { formatDoctor, runDoctor, type DoctorRow } from './doctor';
