import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@addrnn/source'] },
  ssr: { resolve: { conditions: ['@addrnn/source'] } },
  test: { name: 'trainer', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
