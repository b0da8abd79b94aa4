import { packageProject } from '../../vitest.shared.mjs';

// The browser tests drive the production build (apps/web/dist) in Chromium through playwright-core.
export default packageProject('web', { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000 });
