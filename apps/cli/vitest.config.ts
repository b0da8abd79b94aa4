import { packageProject } from '../../vitest.shared';

export default packageProject('cli', { testTimeout: 120_000 });
