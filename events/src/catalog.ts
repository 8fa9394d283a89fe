import { EventTypes, type EventType } from "./event-types.ts";
import type { FunctionName } from "./routes.ts";

/** Who sends a type and what it means: for docs, Knative EventTypes (discovery) and tests. */
export type EventTypeInfo = { producers: readonly (FunctionName | "knative-pingsource")[]; description: string };

const T = EventTypes;

/** Every event type's producers and meaning. */
export const eventCatalog: Readonly<Record<EventType, EventTypeInfo>> = {
  [T.claimsChunkReceived]: { producers: ["intake", "appeals"], description: "A landing chunk of pseudonymised claim rows is in S3" },
  [T.claimsChunkValidated]: { producers: ["validate"], description: "A chunk passed the edits; valid claims and per-claim results" },
  [T.claimsChunkDeduplicated]: { producers: ["dedupe"], description: "Duplicates dropped and corrections applied for a chunk" },
  [T.claimsChunkGrouped]: { producers: ["group"], description: "DRGs assigned to a chunk's claims, ungroupable ones counted" },
  [T.claimsChunkPriced]: { producers: ["price"], description: "A chunk's grouped claims priced, total in sen" },
  [T.claimsChunkFlagged]: { producers: ["flag-outlier"], description: "A chunk's claims checked for outliers and final" },
  [T.claimsChunkRejected]: { producers: ["intake", "validate", "group"], description: "Rejected claims of one chunk with their reasons" },
  [T.batchCompleted]: { producers: ["flag-outlier"], description: "Every chunk of a batch is final; counts and total" },
  [T.periodClosed]: { producers: ["scheduler", "admin-config"], description: "A period (YYYY-MM, Kuala Lumpur) is closed and must be priced as a run" },
  [T.periodChunkScheduled]: { producers: ["price"], description: "One slice (about 10k claims) of a period run to reprice" },
  [T.periodPriced]: { producers: ["price"], description: "The last slice of a period run is priced; sent once per run" },
  [T.reportPublished]: { producers: ["report"], description: "A report file is ready in the object store" },
  [T.configPublished]: { producers: ["admin-config"], description: "A configuration version (definition, tariff, hospitals, code set) is published" },
  [T.appealTransitioned]: { producers: ["appeals"], description: "An appeal moved state (filed, under review, decided, applied, closed, withdrawn); one webhook to the hospital per move" },
  [T.appealEscalated]: { producers: ["appeals"], description: "An appeal stayed in a state past its deadline and was escalated" },
  [T.appealDeadlinesReached]: { producers: ["scheduler"], description: "The scheduler's tick for the appeal deadline check, carrying the time to compare with" },
  [T.notificationDelivered]: { producers: ["notify"], description: "A signed webhook was accepted by its target" },
  [T.notificationFailed]: { producers: ["notify"], description: "A webhook gave up after its attempts" },
  [T.schedulerTicked]: { producers: ["knative-pingsource"], description: "A PingSource tick naming its schedule" },
};
