import { isTextSearch, type FieldRef, type FilterClause, type Literal, type Operator, type ParsedFilter, type TextSearch, type TraceField } from "./ast.js";
import { textWords } from "../text-words.js";
import { FilterSyntaxError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";

const TRACE_FIELDS: Record<string, TraceField> = {
  status: "status",
  state: "status",
  name: "name",
  trace_name: "name",
  timestamp: "timestamp_ms",
  timestamp_ms: "timestamp_ms",
  execution_time: "execution_time_ms",
  execution_time_ms: "execution_time_ms",
  execution_duration_ms: "execution_time_ms",
  trace_id: "trace_id",
  request_id: "trace_id",
  client_request_id: "client_request_id",
  request_preview: "request_preview",
  response_preview: "response_preview",
  input_tokens: "input_tokens",
  output_tokens: "output_tokens",
  total_tokens: "total_tokens",
};

const NUMERIC_FIELDS = new Set<TraceField>([
  "timestamp_ms",
  "execution_time_ms",
  "input_tokens",
  "output_tokens",
  "total_tokens",
]);

const TRACE_PREFIXES = new Set(["attributes", "attribute", "attr", "trace", "info"]);
const TAG_PREFIXES = new Set(["tags", "tag"]);
const METADATA_PREFIXES = new Set(["metadata", "request_metadata", "trace_metadata"]);

/** Field names that search the free-text index (with LIKE / ILIKE '%words%'). */
const TEXT_FIELDS = new Set(["trace.text", "span.content", "spans.content"]);

/**
 * Parses an MLflow-style trace filter, e.g.
 * `status = 'OK' AND tags.env = "prod" AND execution_time_ms > 100 AND span.type = 'LLM' AND name LIKE 'agent%'`.
 * Free text is a clause too: a bare word (`Paris`), a quoted phrase (`"golden gate"`) or
 * `trace.text LIKE '%golden gate%'`; words next to each other need no AND (`golden bridge` = both words).
 * An empty or blank filter matches everything. Throws {@link FilterSyntaxError} naming the position of the problem.
 */
export function parseFilter(filter: string | undefined): ParsedFilter {
  if (filter === undefined || filter.trim() === "") return [];
  return new Parser(filter, tokenize(filter)).parse();
}

class Parser {
  private i = 0;

  constructor(
    private readonly filter: string,
    private readonly tokens: Token[],
  ) {}

  parse(): ParsedFilter {
    const clauses: FilterClause[] = [this.clause()];
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof") return clauses;
      if (this.isKeyword(t, "AND")) {
        this.i++;
        clauses.push(this.clause());
        continue;
      }
      if (this.isKeyword(t, "OR")) this.fail(t, "OR is not supported; join conditions with AND");
      if (isTextSearch(clauses[clauses.length - 1]) && this.startsText()) {
        clauses.push(this.clause());
        continue;
      }
      this.fail(t, `expected AND or the end of the filter, found ${describe(t)}`);
    }
  }

  /** A comparison, or free text: a string, a number, or a name not followed by an operator. */
  private clause(): FilterClause {
    const t = this.peek();
    if (!this.startsText()) return this.comparison();
    this.i++;
    return this.text(t.kind === "string" ? String(unescapeLiteral(t.text)) : t.text, t);
  }

  private startsText(): boolean {
    const t = this.peek();
    if (t.kind === "string" || t.kind === "number") return true;
    if (t.kind !== "ident" || this.isKeyword(t, "AND") || this.isKeyword(t, "OR")) return false;
    const after = this.tokens[this.i + 1];
    return !(after.kind === "op" || ["LIKE", "ILIKE", "IN", "NOT"].some((k) => this.isKeyword(after, k)));
  }

  private text(value: string, tok: Token): TextSearch {
    const words = textWords(value);
    if (words.length === 0) this.fail(tok, `no words to search for in ${describe(tok)} (free text matches letters and digits)`);
    return { kind: "text", words, position: tok.position };
  }

  /** `trace.text LIKE '%golden gate%'`: the words between the wildcards, as free text. */
  private textComparison(fieldTok: Token): TextSearch {
    const op = this.operator();
    const value = this.literal();
    if ((op !== "LIKE" && op !== "ILIKE") || typeof value !== "string") {
      this.fail(fieldTok, `"${fieldTok.text}" searches words: use ${fieldTok.text} LIKE '%words%' (or ILIKE)`);
    }
    const inner = /^%(.*)%$/s.exec(value)?.[1];
    if (inner === undefined || /(^|[^\\])%/.test(inner)) {
      this.fail(fieldTok, `"${fieldTok.text}" matches whole words: the pattern must be '%words%' with no % inside`);
    }
    return this.text(String(unescapeLiteral(inner)), fieldTok);
  }

  private comparison(): FilterClause {
    const fieldTok = this.next();
    if (fieldTok.kind !== "ident") this.fail(fieldTok, `expected a field name, found ${describe(fieldTok)}`);
    if (TEXT_FIELDS.has((fieldTok.segments ?? [fieldTok.text]).join(".").toLowerCase())) return this.textComparison(fieldTok);
    const ref = this.fieldRef(fieldTok);
    const op = this.operator();
    const raw = op === "IN" || op === "NOT IN" ? this.list() : this.literal();
    const isLike = op === "LIKE" || op === "ILIKE" || op === "NOT LIKE";
    const value = isLike ? raw : Array.isArray(raw) ? raw.map(unescapeLiteral) : unescapeLiteral(raw);
    this.checkTypes(ref, op, value, fieldTok);
    return { ref, op, value, position: fieldTok.position };
  }

  private fieldRef(tok: Token): FieldRef {
    const seg = tok.segments ?? [tok.text];
    const head = seg[0].toLowerCase();
    if (seg.length === 1) {
      const field = TRACE_FIELDS[head];
      if (field) return { kind: "trace", field };
      this.fail(tok, `unknown field "${tok.text}" (try status, name, timestamp_ms, execution_time_ms, tags.<key>, metadata.<key>, span.name, span.type)`);
    }
    const rest = seg.slice(1).join(".");
    if (TRACE_PREFIXES.has(head)) {
      const field = TRACE_FIELDS[rest.toLowerCase()];
      if (field) return { kind: "trace", field };
      this.fail(tok, `unknown attribute "${rest}"`);
    }
    if (TAG_PREFIXES.has(head)) return { kind: "tag", key: rest };
    if (METADATA_PREFIXES.has(head)) return { kind: "metadata", key: rest };
    if (head === "span" || head === "spans") {
      const f = rest.toLowerCase();
      if (f === "name" || f === "type" || f === "status") return { kind: "span", field: f };
      if (f === "span_type") return { kind: "span", field: "type" };
      this.fail(tok, `unknown span field "${rest}" (span.name, span.type or span.status)`);
    }
    return this.fail(tok, `unknown field "${tok.text}"`);
  }

  private operator(): Operator {
    const t = this.next();
    if (t.kind === "op") return t.text as Operator;
    if (this.isKeyword(t, "LIKE")) return "LIKE";
    if (this.isKeyword(t, "ILIKE")) return "ILIKE";
    if (this.isKeyword(t, "IN")) return "IN";
    if (this.isKeyword(t, "NOT")) {
      const after = this.next();
      if (this.isKeyword(after, "LIKE")) return "NOT LIKE";
      if (this.isKeyword(after, "IN")) return "NOT IN";
      this.fail(after, `expected LIKE or IN after NOT, found ${describe(after)}`);
    }
    return this.fail(t, `expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN), found ${describe(t)}`);
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === "string") return t.text;
    if (t.kind === "number") return Number(t.text);
    return this.fail(t, `expected a quoted string or a number, found ${describe(t)}`);
  }

  private list(): Literal[] {
    const open = this.next();
    if (open.kind !== "lparen") this.fail(open, `expected "(" to start a list, found ${describe(open)}`);
    const values: Literal[] = [this.literal()];
    for (;;) {
      const t = this.next();
      if (t.kind === "rparen") return values;
      if (t.kind !== "comma") this.fail(t, `expected "," or ")" in a list, found ${describe(t)}`);
      values.push(this.literal());
    }
  }

  private checkTypes(ref: FieldRef, op: Operator, value: Literal | Literal[], tok: Token): void {
    const numeric = ref.kind === "trace" && NUMERIC_FIELDS.has(ref.field);
    const values = Array.isArray(value) ? value : [value];
    const isLike = op === "LIKE" || op === "ILIKE" || op === "NOT LIKE";
    if (numeric) {
      if (isLike) this.fail(tok, `LIKE cannot be used with the numeric field "${tok.text}"`);
      if (values.some((v) => typeof v !== "number")) this.fail(tok, `"${tok.text}" is numeric: compare it with a number`);
      return;
    }
    if (values.some((v) => typeof v !== "string")) this.fail(tok, `"${tok.text}" is text: quote the value`);
    if (!isLike && op !== "=" && op !== "!=" && op !== "IN" && op !== "NOT IN" && ref.kind !== "trace") {
      this.fail(tok, `"${op}" is not supported for "${tok.text}"; use =, !=, LIKE, ILIKE or IN`);
    }
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== "eof") this.i++;
    return t;
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === "ident" && t.text.toUpperCase() === word && (t.segments?.length ?? 1) === 1;
  }

  private fail(t: Token, reason: string): never {
    throw new FilterSyntaxError(this.filter, t.position, reason);
  }
}

/** Outside LIKE patterns, `\%`, `\_` and `\\` in a string mean the character itself. */
function unescapeLiteral(v: Literal): Literal {
  return typeof v === "string" ? v.replace(/\\([%_\\])/g, "$1") : v;
}

function describe(t: Token): string {
  if (t.kind === "eof") return "the end of the filter";
  if (t.kind === "string") return `the string '${t.text}'`;
  return `"${t.text}"`;
}
