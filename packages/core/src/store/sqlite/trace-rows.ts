import type { SpanJSON } from "../../entities/span.js";
import type { TraceJSON } from "../../entities/trace.js";
import type { TraceInfoJSON } from "../../entities/trace-info.js";
import { encodeTrace, type EncodedTrace } from "../writer/encoded-trace.js";
import type { SqliteConnection, SqliteStatement } from "./connection.js";
import { packJson, packList, packText, unpackJson } from "./payload-codec.js";
import { traceTerms } from "./terms.js";
import { spanFacts, type SpanFact } from "../trace-facts.js";
import { traceWords } from "../text-words.js";
import { SpanValues } from "../span-values.js";

/**
 * Reads and writes whole traces in the store's tables: the searchable row, the compressed payload, the terms, the
 * span rows and the free-text words. Callers hold the transaction.
 */
export class TraceRows {
  private readonly fieldIds = new Map<string, number>();
  private readonly s: {
    pkOf: SqliteStatement<{ id: number }>;
    insertTrace: SqliteStatement;
    insertPayload: SqliteStatement;
    getPayload: SqliteStatement<{ info: Uint8Array; spans: Uint8Array }>;
    getInfo: SqliteStatement<{ info: Uint8Array }>;
    updateInfo: SqliteStatement;
    insertField: SqliteStatement;
    fieldId: SqliteStatement<{ id: number }>;
    insertTerm: SqliteStatement;
    deleteTerm: SqliteStatement;
    deleteTrace: SqliteStatement;
    deletePayload: SqliteStatement;
    insertSpan: SqliteStatement;
    deleteSpans: SqliteStatement;
    insertWords: SqliteStatement;
    deleteWords: SqliteStatement;
  };

  constructor(db: SqliteConnection) {
    this.s = {
      pkOf: db.prepare("SELECT id FROM traces WHERE trace_id = ?"),
      insertTrace: db.prepare(
        `INSERT INTO traces (trace_id, experiment_id, client_request_id, timestamp_ms, execution_time_ms, state, name,
           request_preview, response_preview, input_tokens, output_tokens, total_tokens)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertPayload: db.prepare("INSERT INTO payloads (trace_pk, info, spans) VALUES (?, ?, ?)"),
      getPayload: db.prepare("SELECT info, spans FROM payloads WHERE trace_pk = ?"),
      getInfo: db.prepare("SELECT info FROM payloads WHERE trace_pk = ?"),
      updateInfo: db.prepare("UPDATE payloads SET info = ? WHERE trace_pk = ?"),
      insertField: db.prepare("INSERT OR IGNORE INTO fields (name) VALUES (?)"),
      fieldId: db.prepare("SELECT id FROM fields WHERE name = ?"),
      insertTerm: db.prepare("INSERT OR IGNORE INTO terms (field, value, trace_pk) VALUES (?, ?, ?)"),
      deleteTerm: db.prepare("DELETE FROM terms WHERE field = ? AND value = ? AND trace_pk = ?"),
      deleteTrace: db.prepare("DELETE FROM traces WHERE id = ?"),
      deletePayload: db.prepare("DELETE FROM payloads WHERE trace_pk = ?"),
      insertSpan: db.prepare(
        `INSERT INTO spans (trace_pk, seq, name, type, status, duration_us, model, input_tokens, output_tokens, total_tokens)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteSpans: db.prepare("DELETE FROM spans WHERE trace_pk = ?"),
      insertWords: db.prepare("INSERT INTO trace_text (rowid, words) VALUES (?, ?)"),
      deleteWords: db.prepare("DELETE FROM trace_text WHERE rowid = ?"),
    };
  }

  /** The row key of a trace ID, if stored. */
  pkOf(traceId: string): number | undefined {
    return this.s.pkOf.get(traceId)?.id;
  }

  /** A stored trace's JSON; only its info (spans empty) unless `includeSpans`. */
  read(pk: number, includeSpans = true): TraceJSON | undefined {
    if (!includeSpans) {
      const row = this.s.getInfo.get(pk);
      return row ? { info: unpackJson<TraceInfoJSON>(row.info), data: { spans: [] } } : undefined;
    }
    const row = this.s.getPayload.get(pk);
    return row ? { info: unpackJson<TraceInfoJSON>(row.info), data: { spans: unpackJson<SpanJSON[]>(row.spans) } } : undefined;
  }

  /** Inserts a trace that is not stored yet; returns its row key. */
  insert(trace: TraceJSON): number {
    return this.insertEncoded(encodeTrace(trace));
  }

  /** Inserts a trace, already encoded, that is not stored yet; returns its row key. */
  insertEncoded(trace: EncodedTrace): number {
    const f = trace.fields;
    const pk = Number(
      this.s.insertTrace.run(
        f.trace_id,
        trace.experimentId,
        f.client_request_id,
        f.timestamp_ms,
        f.execution_time_ms,
        f.status,
        f.name,
        f.request_preview,
        f.response_preview,
        f.input_tokens,
        f.output_tokens,
        f.total_tokens,
      ).lastInsertRowid,
    );
    this.s.insertPayload.run(pk, packText(trace.infoJson), packList(trace.spanJsons));
    for (const [field, value] of trace.terms) this.s.insertTerm.run(this.fieldId(field, true) as number, value, pk);
    this.insertSpansAndWords(pk, trace.spanFacts, trace.words);
    return pk;
  }

  /** Adds the span rows and words of a trace whose row and payload are stored already (the schema 2 → 3 migration). */
  insertDerived(pk: number, trace: TraceJSON): void {
    const values = new SpanValues();
    this.insertSpansAndWords(pk, spanFacts(trace, values), traceWords(trace, values).join(" "));
  }

  private insertSpansAndWords(pk: number, facts: SpanFact[], words: string): void {
    facts.forEach((f, seq) => {
      this.s.insertSpan.run(pk, seq, f.name, f.type, f.status, f.durationUs, f.model, f.inputTokens, f.outputTokens, f.totalTokens);
    });
    if (words !== "") this.s.insertWords.run(pk, words);
  }

  /** Removes a stored trace; `json` is what {@link read} returned for it (its terms are derived from it). */
  remove(pk: number, json: TraceJSON): void {
    for (const [field, value] of traceTerms(json)) {
      const id = this.fieldId(field, false);
      if (id !== undefined) this.s.deleteTerm.run(id, value, pk);
    }
    this.s.deleteSpans.run(pk);
    this.s.deleteWords.run(pk);
    this.s.deletePayload.run(pk);
    this.s.deleteTrace.run(pk);
  }

  /** Replaces a stored trace's info (tags changed): payload and tag terms. */
  replaceInfo(pk: number, before: TraceJSON, info: TraceInfoJSON): void {
    const keyed = (t: TraceJSON) => new Map(traceTerms(t).map((term) => [`${term[0]}\u0000${term[1]}`, term]));
    const old = keyed(before);
    const now = keyed({ info, data: before.data });
    for (const [key, [field, value]] of old) {
      const id = this.fieldId(field, false);
      if (!now.has(key) && id !== undefined) this.s.deleteTerm.run(id, value, pk);
    }
    for (const [key, [field, value]] of now) {
      if (!old.has(key)) this.s.insertTerm.run(this.fieldId(field, true) as number, value, pk);
    }
    this.s.updateInfo.run(packJson(info), pk);
  }

  /** The ID of an interned field name; created when `create` (inside a write transaction). */
  fieldId(name: string, create: boolean): number | undefined {
    const cached = this.fieldIds.get(name);
    if (cached !== undefined) return cached;
    let row = this.s.fieldId.get(name);
    if (!row && create) {
      this.s.insertField.run(name);
      row = this.s.fieldId.get(name);
    }
    if (row) this.fieldIds.set(name, row.id);
    return row?.id;
  }
}
