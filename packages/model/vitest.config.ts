import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@addrnn/source'] },
  ssr: { resolve: { conditions: ['@addrnn/source'] } },
  test: { name: 'model', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, globalSetup: ['./scripts/vitest-global-setup.mjs'] },
});
