/** Parquet chunk errors are values with a code, and name the column and row when one is at fault. */
export type ParquetErrorCode =
  | "E_PARQUET_SCHEMA"
  | "E_PARQUET_VALUE"
  | "E_PARQUET_NULL"
  | "E_PARQUET_CORRUPT"
  | "E_CHUNK_SHA256"
  | "E_CHUNK_ROW_COUNT";

export class ParquetError extends Error {
  readonly code: ParquetErrorCode;
  readonly column?: string;
  readonly row?: number;

  constructor(code: ParquetErrorCode, message: string, where: { column?: string; row?: number; cause?: unknown } = {}) {
    super(message, { cause: where.cause });
    this.name = "ParquetError";
    this.code = code;
    this.column = where.column;
    this.row = where.row;
  }
}
