/** Creates an element with attributes and children: `element('p', { class: 'note' }, 'text')`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A message from anything thrown: the codec's errors already name the value and what is accepted. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "96.1 %" */
export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)} %`;
}
