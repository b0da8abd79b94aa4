import { packageProject } from '../../vitest.shared.mjs';

// The global setup builds the WebAssembly kernel module the sources import.
export default packageProject('model', { testTimeout: 60_000, globalSetup: ['./scripts/vitest-global-setup.mjs'] });
