/**
 * The shapes of the CouchDB answers the sync reads, checked before they are used: a server (or a
 * proxy in front of it) that answers with JSON of another shape gets a status in words,
 * `… did not answer like a CouchDB server`, instead of a JavaScript error message such as
 * "Cannot read properties of null" (found by a probe, 2026-12-07). Loose objects: CouchDB
 * versions add fields, and only the ones read here are required.
 */
import * as v from 'valibot';

const seq = v.union([v.string(), v.number()]);
const doc = v.looseObject({ _id: v.string() });

export const DB_INFO = v.looseObject({ update_seq: seq });

export const LOCAL_DOC = v.looseObject({ _id: v.string() });

export const CHANGES = v.looseObject({
  results: v.array(v.looseObject({ id: v.string(), doc: v.optional(v.nullable(doc)) })),
  last_seq: seq,
});

/** `_bulk_docs` answers one row per document sent, each naming its document. */
export const BULK_ROWS = v.array(v.looseObject({ id: v.string() }));

/** `_all_docs` with `keys`: one row per key; a missing document is a row with an `error`. */
export const ALL_DOCS = v.looseObject({
  rows: v.array(v.looseObject({ key: v.string(), doc: v.optional(v.nullable(doc)) })),
});

export type ReplyShape = v.GenericSchema<unknown>;
