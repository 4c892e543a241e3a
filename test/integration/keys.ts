/** The fake API keys the integration run stores; the leak scan after the run looks for them everywhere. */
export const TEST_KEY = 'sk-test-gearshift-0123456789abcdefghij';
export const ALL_TEST_KEYS: readonly string[] = [TEST_KEY];
