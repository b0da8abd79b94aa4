import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/cli',
      'apps/web',
      {
        test: { name: 'structure', include: ['test/structure/**/*.test.ts'] },
      },
      {
        // The API reference validates (TypeDoc) and the READMEs' examples run; after a build.
        test: { name: 'docs', include: ['test/docs/**/*.test.ts'] },
      },
      {
        test: {
          name: 'packaging',
          include: ['test/packaging/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
