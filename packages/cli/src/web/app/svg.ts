const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Creates an SVG element with attributes (set with setAttribute) and children; text becomes text nodes. Like
 * `h`, no event-handler or style attributes: styling goes through classes (the Content-Security-Policy has no
 * inline styles).
 */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string | null)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name) || name === "style") throw new Error(`refusing SVG attribute ${name}`);
    el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== null) el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}
