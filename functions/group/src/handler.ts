import { DEDUPED_COLUMNS, GROUPED_COLUMNS, LANDING_COLUMNS } from "@casemix/claims";
import type { ConfigStore } from "@casemix/config";
import { createEvent, EventTypes, type CasemixEvent, type ClaimsChunkDeduplicatedData, type ClaimsChunkGroupedData } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { invalid, readCheckedChunk, transient, type FunctionDefinition, type HandlerResult, type RefusedRows } from "@casemix/runtime";
import type { ObjectStore } from "@casemix/storage";
import { groupChunk } from "./group-chunk.ts";
import { allRows, groupingOfRows, withoutRefusedRows } from "./refused-rows.ts";
import { groupingsWriter } from "./write-groupings.ts";

export type GroupDeps = { store: ObjectStore; config: ConfigStore };

/**
 * The group step: takes `claims.chunk.deduplicated`, groups each claim with the definition in force
 * on its discharge date, writes the `group/...` chunk (grouped rows only) before the transaction,
 * stores every grouping with its trace and marks ungroupable claims in it, and replies
 * `claims.chunk.grouped`. `config.published` (definition) only refreshes the versions in force.
 * An appeal's regrouping reaches group as any other claim: a new version in a chunk of its own (functions/appeals).
 */
export function createGroupHandler(deps: GroupDeps): FunctionDefinition {
  return {
    name: "group",
    handle: async (event, ctx) => {
      if (deps.config.handleEvent(event)) return {};
      if (event.type !== EventTypes.claimsChunkDeduplicated) throw invalid("E_EVENT_TYPE", `group does not take ${event.type}`, "type");
      return groupEvent(deps, event as CasemixEvent<ClaimsChunkDeduplicatedData>, ctx.refused);
    },
  };
}

/**
 * A claim whose grouping the database refuses to store (`refused`, found by the runtime on an earlier
 * try) stops as ungroupable with E_VALUE_REFUSED; the rest of the chunk goes on. The grouped chunk of
 * such a try has other rows, so it goes to its own key: no committed event names the first try's object.
 */
async function groupEvent(deps: GroupDeps, event: CasemixEvent<ClaimsChunkDeduplicatedData>, refused: RefusedRows = new Map()): Promise<HandlerResult> {
  const data = event.data;
  const [deduped, landing] = await Promise.all([
    readCheckedChunk(deps.store, { objectKey: data.objectKey, sha256: data.sha256, rowCount: data.rowCount }, "data.objectKey", DEDUPED_COLUMNS),
    readCheckedChunk(deps.store, data.landing, "data.landing", LANDING_COLUMNS),
  ]);
  const all = await groupChunk(deduped, landing, deps.config.definitionFor);
  const result = withoutRefusedRows(all, refused);
  const chunk = writeChunk(GROUPED_COLUMNS, result.grouped, { metadata: { batchId: data.batchId, chunkId: data.chunkId, inputEventId: event.id } });
  const objectKey = `group/${data.batchId}/${data.chunkId}/${event.id}${refused.size > 0 ? "-isolated" : ""}.parquet`;
  try {
    await deps.store.putOnce(objectKey, chunk.bytes);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "E_OBJECT_CONFLICT") throw error; // same key, other bytes: not a transient fault
    throw transient("E_OBJECT_WRITE", `cannot write ${objectKey}: ${(error as Error).message}`);
  }
  const versions = { ...(data.versions ?? {}) };
  // One definition version for the whole chunk is the normal case; a chunk spanning a version change
  // names none here, and every grouped row carries its own definitionVersionId.
  if (result.definitionVersions.length === 1) versions.definition = result.definitionVersions[0];
  else delete versions.definition;
  const reply: ClaimsChunkGroupedData = {
    batchId: data.batchId,
    chunkId: data.chunkId,
    chunkIndex: data.chunkIndex,
    ...(data.chunkCount === undefined ? {} : { chunkCount: data.chunkCount }),
    hospitalCode: data.hospitalCode,
    objectKey,
    sha256: chunk.sha256,
    rowCount: chunk.rowCount,
    landing: data.landing,
    ...(Object.keys(versions).length > 0 ? { versions } : {}),
    counts: { grouped: result.grouped.length, ungroupable: result.ungroupable.length },
  };
  return {
    reply: createEvent({ type: EventTypes.claimsChunkGrouped, from: "group", causeId: event.id, traceparent: event.traceparent, time: event.time, data: reply }),
    write: groupingsWriter(data.batchId, result),
    isolate: { rows: allRows(result), write: (tx, rows) => groupingsWriter(data.batchId, groupingOfRows(result, new Set(rows)))(tx) },
  };
}
