import { createHash } from "node:crypto";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData, type SchemaElement } from "hyparquet";
import { ParquetError } from "./errors.ts";
import { type ChunkSchema, schemaSignature } from "./schema.ts";
import { formatDecimal, isoDateFromDays } from "./values.ts";
import type { ChunkRow } from "./write.ts";

/** Parquet bytes in memory, or a file read on demand (`fileSource`) for chunks too large to hold. */
export type ChunkSource = Uint8Array | AsyncBuffer;

/** A parquet file on disk as a source; only the parts being read are loaded. */
export const fileSource = (path: string): Promise<AsyncBuffer> => asyncBufferFromFile(path);

function asAsyncBuffer(source: ChunkSource): AsyncBuffer {
  if (!(source instanceof Uint8Array)) return source;
  const { buffer, byteOffset, byteLength } = source;
  return { byteLength, slice: (start, end) => buffer.slice(byteOffset + start, byteOffset + (end ?? byteLength)) as ArrayBuffer };
}

/** What a reader needs about a file: hyparquet's metadata with DECIMAL left raw, and those scales. */
type Prepared = { file: AsyncBuffer; metadata: FileMetaData; decimals: [string, number][]; kv: Record<string, string> };

const isDecimal = (e: SchemaElement) => e.converted_type === "DECIMAL" || e.logical_type?.type === "DECIMAL";

/** Two's-complement big-endian bytes (FIXED_LEN_BYTE_ARRAY decimals from other writers) -> bigint. */
function bigintFromBytes(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return bytes.length && bytes[0] & 0x80 ? v - (1n << BigInt(bytes.length * 8)) : v;
}

async function prepare(source: ChunkSource, expected?: ChunkSchema): Promise<Prepared> {
  const file = asAsyncBuffer(source);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new ParquetError("E_PARQUET_CORRUPT", `not a readable parquet file: ${(error as Error).message}`, { cause: error });
  }
  const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value ?? ""]));
  // hyparquet turns DECIMAL into a float; read the unscaled integer instead and format it exactly.
  const decimals: [string, number][] = [];
  const schema = [...metadata.schema];
  for (const i of topLevelIndexes(schema)) {
    const e = schema[i];
    if (e.num_children || !isDecimal(e)) continue;
    const logical = e.logical_type as { scale?: number } | undefined;
    decimals.push([e.name, e.scale ?? logical?.scale ?? 0]);
    const { converted_type: _c, logical_type: _l, ...raw } = e;
    schema[i] = raw;
  }
  if (expected) checkSchema(expected, kv, metadata.schema);
  return { file, metadata: { ...metadata, schema }, decimals, kv };
}

/** Indexes of the root's direct children in the flattened schema (skipping nested subtrees). */
function topLevelIndexes(schema: SchemaElement[]): number[] {
  const indexes: number[] = [];
  let i = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let c = 0; c < (schema[at].num_children ?? 0); c++) next = skip(next);
    return next;
  };
  while (i < schema.length) {
    indexes.push(i);
    i = skip(i);
  }
  return indexes;
}

function checkSchema(expected: ChunkSchema, kv: Record<string, string>, schema: SchemaElement[]): void {
  const stored = kv["casemix.schema"];
  if (stored !== undefined && stored !== schemaSignature(expected)) {
    throw new ParquetError("E_PARQUET_SCHEMA", `the chunk's schema '${stored}' is not the expected '${schemaSignature(expected)}'`);
  }
  const names = new Set(schema.map((e) => e.name));
  const missing = expected.find((c) => !names.has(c.name));
  if (missing) throw new ParquetError("E_PARQUET_SCHEMA", `the chunk has no column '${missing.name}'`, { column: missing.name });
}

const parsers = { dateFromDays: isoDateFromDays };

function finish(rows: Record<string, unknown>[], decimals: [string, number][]): ChunkRow[] {
  for (const row of rows) {
    for (const key in row) if (row[key] === undefined) row[key] = null;
    for (const [name, scale] of decimals) {
      const v = row[name];
      if (v != null) row[name] = formatDecimal(v instanceof Uint8Array ? bigintFromBytes(v) : (v as bigint | number), scale);
    }
  }
  return rows;
}

export type ReadChunkOptions = {
  /** When given, the chunk must have been written with this schema (else E_PARQUET_SCHEMA). */
  schema?: ChunkSchema;
  /** Only these columns. */
  columns?: string[];
};

/**
 * Reads every row of a chunk. Types as written (see `Column`): int64 as bigint, decimal as exact
 * text, date as `YYYY-MM-DD`, nulls as null.
 */
export async function readChunk(source: ChunkSource, options: ReadChunkOptions = {}): Promise<ChunkRow[]> {
  const p = await prepare(source, options.schema);
  const rows = await parquetReadObjects({ file: p.file, metadata: p.metadata, columns: options.columns, parsers });
  return finish(rows, p.decimals);
}

/**
 * Reads a chunk one row group at a time (10,000 rows with the writer's default), so only one batch
 * of row objects is alive at once; with `fileSource` only that row group's bytes are loaded.
 */
export async function* readChunkBatches(source: ChunkSource, options: ReadChunkOptions = {}): AsyncGenerator<ChunkRow[]> {
  const p = await prepare(source, options.schema);
  let rowStart = 0;
  for (const group of p.metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: p.file, metadata: p.metadata, columns: options.columns, parsers, rowStart, rowEnd });
    yield finish(rows, p.decimals);
    rowStart = rowEnd;
  }
}

/** Row count and key-value metadata of a chunk, from its footer only. */
export async function chunkInfo(source: ChunkSource): Promise<{ rowCount: number; rowGroups: number; metadata: Record<string, string> }> {
  const p = await prepare(source);
  return { rowCount: Number(p.metadata.num_rows), rowGroups: p.metadata.row_groups.length, metadata: p.kv };
}

/**
 * Checks a chunk against what its event or row says (DESIGN.md: "the consumer checks them"):
 * the sha256 of the bytes, then the row count in the footer.
 */
export async function verifyChunk(bytes: Uint8Array, expected: { sha256: string; rowCount: number }): Promise<void> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== expected.sha256) throw new ParquetError("E_CHUNK_SHA256", `chunk sha256 ${sha256} is not the expected ${expected.sha256}`);
  const { rowCount } = await chunkInfo(bytes);
  if (rowCount !== expected.rowCount) throw new ParquetError("E_CHUNK_ROW_COUNT", `chunk has ${rowCount} rows, expected ${expected.rowCount}`);
}
