import { getJson } from "./api-client.js";
import { h, replaceChildren } from "./dom.js";

/** A rendered page: refreshed by the live timer, disposed when the route changes. */
export interface Page {
  /** Re-reads the data and redraws what changed (called while "Live" is on). */
  refresh(): Promise<void>;
}

/** What {@link jsonPage} shows. */
export interface JsonPageSpec<T> {
  /** The API URL to read. */
  url: string;
  /** Draws the page from the data; called again only when the data changed. */
  draw(data: T): void;
  /** The link shown above an error ("← Traces"). */
  back?: { text: string; href: string };
}

/** A page drawn from one API read, redrawn on refresh only when the answer changed; a failure shows its message. */
export function jsonPage<T>(root: HTMLElement, spec: JsonPageSpec<T>): Page {
  let shown = "";
  async function load(): Promise<void> {
    try {
      const data = await getJson<T>(spec.url);
      const signature = JSON.stringify(data);
      if (signature === shown) return;
      shown = signature;
      spec.draw(data);
    } catch (err) {
      shown = "";
      const back = spec.back ? h("a", { class: "back", text: spec.back.text, attrs: { href: spec.back.href } }) : null;
      replaceChildren(root, h("div", { class: "page-error", attrs: { role: "alert" } }, back, h("p", { text: err instanceof Error ? err.message : String(err) })));
    }
  }
  void load();
  return { refresh: load };
}
