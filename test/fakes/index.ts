/**
 * Fake provider servers for unit, integration and hardening tests. Each speaks its provider's real wire protocol on
 * 127.0.0.1 (port 0) and is scripted per request; see server.ts for the shared script shape.
 */
export { startFakeAnthropic } from './anthropic';
export { FAKE_AWS_CREDENTIALS, startFakeBedrock } from './bedrock';
export { startFakeOpenAI, type FakeOpenAI } from './openai';
export type { CapturedRequest, Fault, FakeScript, FakeServer, FakeToolCall, FakeUsage } from './server';
export { PromptCacheSim, TTL_MS, type SimulatedUsage } from './cacheSim';
