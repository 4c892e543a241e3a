import fc from 'fast-check';

/**
 * Property tests draw new cases on every run where they are explored (a developer's machine), but CI draws the same
 * ones: a failure there is then a reproducible regression, not a new draw. FC_SEED picks a seed anywhere (a failing
 * run prints the seed to replay).
 */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261201 : undefined;
if (seed !== undefined && Number.isFinite(seed)) fc.configureGlobal({ seed });
