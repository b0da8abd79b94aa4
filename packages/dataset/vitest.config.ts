import { packageProject } from '../../vitest.shared.mjs';

export default packageProject('dataset');
