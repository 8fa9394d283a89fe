export * from "./errors.ts";
export * from "./schema.ts";
export { writeChunk, type ChunkRow, type WrittenChunk, type WriteChunkOptions } from "./write.ts";
export { readChunk, readChunkBatches, chunkInfo, verifyChunk, fileSource, type ChunkSource, type ReadChunkOptions } from "./read.ts";
export { formatDecimal, toUnscaled, daysFromIsoDate, isoDateFromDays } from "./values.ts";
