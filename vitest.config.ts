import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait on sockets, child processes and simulated jobs rather than compute: three forks on
    // a 2-core machine (vitest's default would be one) took the suite from ~265 s to ~135 s, all passing.
    maxWorkers: 3,
    minWorkers: 1,
  },
});
