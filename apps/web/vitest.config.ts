import { defineProject } from 'vitest/config';

// The browser tests drive the production build (apps/web/dist) in Chromium through playwright-core.
export default defineProject({
  resolve: { conditions: ['@addrnn/source'] },
  ssr: { resolve: { conditions: ['@addrnn/source'] } },
  test: {
    name: 'web',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
