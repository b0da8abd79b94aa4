import { packageProject } from '../../vitest.shared.mjs';

export default packageProject('cli', { testTimeout: 120_000 });
