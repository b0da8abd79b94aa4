import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    main: 'src/main.ts',
    // The flag-to-option table and its inverse, for scripts/recipe-table.mjs (no tfjs, no CLI run).
    'train-option-flags': 'src/commands/train-option-flags.ts',
  },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  external: [/^@tensorflow\//, /^@addrnn\//],
});
