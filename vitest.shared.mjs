import { defineProject } from 'vitest/config';

/**
 * The vitest project of one workspace package: its tests import the other packages' TypeScript
 * sources (the `@addrnn/source` export condition), so no build is needed between a change and
 * its test. `test` adds to or overrides the defaults (name, the tests under src/ and test/).
 * @param {string} name
 * @param {object} [test]
 */
export function packageProject(name, test = {}) {
  return defineProject({
    resolve: { conditions: ['@addrnn/source'] },
    ssr: { resolve: { conditions: ['@addrnn/source'] } },
    test: { name, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...test },
  });
}
