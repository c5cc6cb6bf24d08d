/** Something that can be appended: a node, or text (always inserted as a text node, never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false;

/** Properties of {@link h}. Attribute names starting with "on" are refused: handlers go through `on`. */
export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  /** Inline styles, set through the CSSOM (which the Content-Security-Policy allows, unlike style attributes). */
  style?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const SAFE_URL = /^(#|\/(?!\/))/;

/**
 * Creates an element. Text is set with text nodes only and attributes with setAttribute, so trace content (which
 * may contain HTML or script from an LLM) is never interpreted as markup. Links may only point inside the viewer.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title !== undefined) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`refusing event-handler attribute ${name}`);
    if (name === "style") throw new Error("use the style property, not a style attribute");
    if ((name === "href" || name === "src") && !SAFE_URL.test(value)) throw new Error(`refusing external URL in ${name}`);
    el.setAttribute(name, value);
  }
  for (const [prop, value] of Object.entries(props.style ?? {})) el.style.setProperty(prop, value);
  for (const [event, handler] of Object.entries(props.on ?? {})) el.addEventListener(event, handler as EventListener);
  append(el, ...children);
  return el;
}

/** Appends children (text as text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}
