// Shared by the public-API pin tests of the packages (packages/*/src/public-api.test.ts).
import { readFileSync } from 'node:fs';

/**
 * Every name an entry file exports, values and types: its `export { ... }` lists (re-exports
 * included) and its exported declarations.
 */
export function exportedNames(entrySource: string): string[] {
  const names: string[] = [];
  for (const [, list] of entrySource.matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    names.push(...list!.split(',').map((name) => name.trim().replace(/^type /, '').replace(/^.* as /, '')).filter(Boolean));
  }
  for (const [, name] of entrySource.matchAll(/^export (?:declare )?(?:const|let|async function|function|abstract class|class|interface|type|enum) (\w+)/gm)) {
    names.push(name!);
  }
  return names.sort();
}

/** The code of a README: its inline `code` spans and its fenced code blocks. */
export function readmeCode(readme: string): string {
  const fenced = [...readme.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map(([, block]) => block!);
  const inline = [...readme.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map(([, span]) => span!);
  return [...fenced, ...inline].join('\n');
}

/** The names of `names` that the README's code never mentions as a whole word. */
export function undocumented(names: readonly string[], readme: string): string[] {
  const code = readmeCode(readme);
  return names.filter((name) => !new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code));
}

/** Reads a file next to the calling test (`new URL(path, import.meta.url)`). */
export function readText(url: URL): string {
  return readFileSync(url, 'utf8');
}
