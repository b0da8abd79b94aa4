import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@addrnn/source'] },
  ssr: { resolve: { conditions: ['@addrnn/source'] } },
  test: { name: 'cli', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 120_000 },
});
