// Tiny DOM helpers: elements are built with textContent and attributes, never from HTML strings
// (the one exception is markdown-it's output, see markdown.ts).

type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'value') (el as HTMLInputElement).value = String(value);
    else if (name === 'checked') (el as HTMLInputElement).checked = Boolean(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== false) el.append(child);
  return el;
}

export function clear(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== undefined && c !== false));
}

let counter = 0;
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

/** A labelled control: the label points at the control for screen readers and clicks. */
export function labelled(text: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id ||= uid('field');
  const label = h('label', { for: control.id }, text);
  if (hint) {
    const hintId = uid('hint');
    control.setAttribute('aria-describedby', hintId);
    return h('div', { class: 'field' }, label, control, h('div', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, label, control);
}
