import type { TestProjectInlineConfiguration, UserWorkspaceConfig } from 'vitest/config';

type TestOptions = NonNullable<TestProjectInlineConfiguration['test']>;

/** The vitest project of one workspace package (see vitest.shared.mjs). */
export function packageProject(name: string, test?: Omit<TestOptions, 'name'>): UserWorkspaceConfig;
