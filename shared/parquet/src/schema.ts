import type { SchemaElement } from "hyparquet";
import { ParquetError } from "./errors.ts";

/**
 * A declared column of a chunk. Values, as written and as read:
 * - `string`: string
 * - `int32`: number (a safe integer within int32)
 * - `int64`: written from bigint, safe-integer number or digit string; read as bigint
 * - `decimal` (precision <= 18): written from an unscaled integer (bigint or safe-integer number: sen
 *   for scale 2) or a decimal string (`"1234.50"`); read as a decimal string with `scale` places
 * - `date`: `YYYY-MM-DD` string, stored as days since 1970-01-01 (parquet DATE)
 * - `boolean`: boolean
 * - `list<string>`: string[] (diagnosis and procedure code lists), a parquet LIST so DuckDB and
 *   other readers see `VARCHAR[]` and can `unnest` or `list_contains` it; no delimiter to escape.
 * `nullable` columns take null (or undefined); others reject it with E_PARQUET_NULL.
 */
export type Column =
  | { name: string; type: "string" | "int32" | "int64" | "date" | "boolean" | "list<string>"; nullable?: boolean }
  | { name: string; type: "decimal"; precision: number; scale: number; nullable?: boolean };

export type ChunkSchema = readonly Column[];

const requiredness = (c: Column): "OPTIONAL" | "REQUIRED" => (c.nullable ? "OPTIONAL" : "REQUIRED");

function leaf(c: Column): SchemaElement[] {
  const repetition_type = requiredness(c);
  switch (c.type) {
    case "string":
      return [{ name: c.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type }];
    case "int32":
      return [{ name: c.name, type: "INT32", repetition_type }];
    case "int64":
      return [{ name: c.name, type: "INT64", repetition_type }];
    case "date":
      return [{ name: c.name, type: "INT32", converted_type: "DATE", repetition_type }];
    case "boolean":
      return [{ name: c.name, type: "BOOLEAN", repetition_type }];
    case "decimal":
      return [
        {
          name: c.name,
          // The parquet spec allows INT32 up to 9 digits and INT64 up to 18.
          type: c.precision <= 9 ? "INT32" : "INT64",
          converted_type: "DECIMAL",
          precision: c.precision,
          scale: c.scale,
          repetition_type,
        },
      ];
    case "list<string>":
      // The standard three-level LIST layout (parquet-format LogicalTypes.md, "Lists").
      return [
        { name: c.name, repetition_type, converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      ];
  }
}

/** Checks a declared schema: distinct names, decimal precision 1..18 and 0 <= scale <= precision. */
export function validateSchema(schema: ChunkSchema): void {
  if (schema.length === 0) throw new ParquetError("E_PARQUET_SCHEMA", "a chunk schema needs at least one column");
  const seen = new Set<string>();
  for (const c of schema) {
    if (!c.name || seen.has(c.name)) throw new ParquetError("E_PARQUET_SCHEMA", `column name '${c.name}' is empty or repeated`, { column: c.name });
    seen.add(c.name);
    if (c.type === "decimal") {
      const ok = Number.isInteger(c.precision) && c.precision >= 1 && c.precision <= 18 && Number.isInteger(c.scale) && c.scale >= 0 && c.scale <= c.precision;
      if (!ok) throw new ParquetError("E_PARQUET_SCHEMA", `decimal column '${c.name}' needs 1 <= precision <= 18 and 0 <= scale <= precision`, { column: c.name });
    }
  }
}

/** The parquet schema elements (root first) of a declared schema. */
export function toParquetSchema(schema: ChunkSchema): SchemaElement[] {
  validateSchema(schema);
  return [{ name: "root", num_children: schema.length }, ...schema.flatMap(leaf)];
}

/** A short fingerprint stored in the file's key-value metadata, compared when a schema is expected. */
export function schemaSignature(schema: ChunkSchema): string {
  return schema
    .map((c) => `${c.name}:${c.type === "decimal" ? `decimal(${c.precision},${c.scale})` : c.type}${c.nullable ? "?" : ""}`)
    .join(",");
}
