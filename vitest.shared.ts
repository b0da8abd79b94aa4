import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config';

type TestOptions = NonNullable<TestProjectInlineConfiguration['test']>;

/**
 * The vitest project of one workspace package: its tests import the other packages' TypeScript
 * sources (the `@addrnn/source` export condition), so no build is needed between a change and
 * its test. `test` adds to or overrides the defaults (name, the tests under src/ and test/).
 */
export function packageProject(name: string, test: Omit<TestOptions, 'name'> = {}) {
  return defineProject({
    resolve: { conditions: ['@addrnn/source'] },
    ssr: { resolve: { conditions: ['@addrnn/source'] } },
    test: { name, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...test },
  });
}
