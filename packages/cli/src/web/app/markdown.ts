import { h, type Child } from "./dom.js";

/** Longest text rendered as markdown; longer text is shown as plain text (the parser is linear, the DOM is not). */
const MAX_MARKDOWN_CHARS = 200_000;

const INLINE =
  /(`+)([\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=[^\s*])([\s\S]*?[^\s*])\*|(?<![\w])_(?=[^\s_])([\s\S]*?[^\s_])_(?![\w])|~~(?=\S)([\s\S]*?\S)~~|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

/** Inline markdown (code, bold, italic, strikethrough, links) as DOM nodes; text stays text. */
function inline(text: string, depth = 0): Child[] {
  if (depth > 4) return [text];
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    last = at + m[0].length;
    if (m[2] !== undefined) out.push(h("code", { text: m[2] }));
    else if (m[3] !== undefined || m[4] !== undefined) out.push(h("strong", {}, ...inline(m[3] ?? m[4], depth + 1)));
    else if (m[5] !== undefined || m[6] !== undefined) out.push(h("em", {}, ...inline(m[5] ?? m[6], depth + 1)));
    else if (m[7] !== undefined) out.push(h("del", {}, ...inline(m[7], depth + 1)));
    else {
      // Links are shown, never followed: the viewer only links inside itself, and a model's URL is untrusted.
      out.push(h("span", { class: "md-link", title: m[9] }, ...inline(m[8], depth + 1)));
      if (m[8] !== m[9]) out.push(h("span", { class: "md-url", text: ` (${m[9]})` }));
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const FENCE = /^\s{0,3}(```|~~~)\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

const cells = (line: string) => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
const startsBlock = (line: string) => [FENCE, HEADING, BULLET, NUMBERED, QUOTE, RULE].some((re) => re.test(line));

/** Block markdown (paragraphs, headings, lists, quotes, fenced code, tables, rules) as DOM nodes. */
function blocks(lines: string[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let m: RegExpMatchArray | null;
    if (line.trim() === "") {
      i++;
    } else if ((m = line.match(FENCE))) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(m[1]); i++) body.push(lines[i]);
      i++;
      out.push(h("pre", { class: "md-code", attrs: m[2] ? { "data-lang": m[2] } : {} }, h("code", { text: body.join("\n") })));
    } else if ((m = line.match(HEADING))) {
      const tag = m[1].length <= 1 ? "h4" : m[1].length === 2 ? "h5" : "h6";
      out.push(h(tag, { class: "md-heading" }, ...inline(m[2])));
      i++;
    } else if (RULE.test(line)) {
      out.push(h("hr"));
      i++;
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = NUMBERED.test(line);
      const item = ordered ? NUMBERED : BULLET;
      const items: HTMLElement[] = [];
      const start = ordered ? Number(line.match(NUMBERED)?.[1]) : 1;
      for (; i < lines.length && (m = lines[i].match(item)); i++) items.push(h("li", {}, ...inline(m[ordered ? 2 : 1])));
      out.push(ordered ? h("ol", { attrs: start !== 1 ? { start: String(start) } : {} }, ...items) : h("ul", {}, ...items));
    } else if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && (m = lines[i].match(QUOTE)); i++) quoted.push(m[1]);
      out.push(h("blockquote", {}, ...blocks(quoted)));
    } else if (line.includes("|") && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1])) {
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i].includes("|") && lines[i].trim() !== ""; i++) rows.push(cells(lines[i]));
      out.push(
        h(
          "table",
          { class: "md-table" },
          h("thead", {}, h("tr", {}, ...head.map((c) => h("th", {}, ...inline(c))))),
          h("tbody", {}, ...rows.map((r) => h("tr", {}, ...head.map((_, k) => h("td", {}, ...inline(r[k] ?? "")))))),
        ),
      );
    } else {
      const para: string[] = [];
      for (; i < lines.length && lines[i].trim() !== "" && (para.length === 0 || !startsBlock(lines[i])); i++) para.push(lines[i]);
      out.push(h("p", {}, ...inline(para.join("\n"))));
    }
  }
  return out;
}

/**
 * Text rendered as markdown, the way chat UIs show a model's answer. Everything is built with text nodes, so HTML in
 * the text shows literally; links are shown with their URL and are not clickable. Very long text stays plain.
 */
export function markdownView(text: string, className = "markdown"): HTMLElement {
  if (text.length > MAX_MARKDOWN_CHARS) return h("div", { class: `${className} md-plain`, text });
  return h("div", { class: `${className} markdown` }, ...blocks(text.split(/\r?\n/)));
}
