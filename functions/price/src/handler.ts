import { EventTypes } from "@casemix/events";
import type { FunctionDefinition } from "@casemix/runtime";
import { closePeriod, repriceSlice } from "./period-close.ts";
import { priceGroupedChunk, type PriceDeps } from "./price-chunk.ts";

/**
 * The price function's event handler: grouped chunks are priced; `period.closed` starts a close run and
 * `period.chunk.scheduled` reprices one slice of it. `config.published` (tariff, hospitals) drops the
 * cached configuration. An appeal's new claim version is priced as any grouped claim (functions/appeals).
 */
export function createPriceHandler(deps: PriceDeps): FunctionDefinition {
  return {
    name: "price",
    handle: async (event, ctx) => {
      switch (event.type) {
        case EventTypes.claimsChunkGrouped:
          return priceGroupedChunk(event, ctx.db, deps, ctx.now(), ctx.refused);
        case EventTypes.periodClosed:
          return closePeriod(event, ctx.db, deps.config, ctx.log, deps.periodChunkSize);
        case EventTypes.periodChunkScheduled:
          return repriceSlice(event, ctx.db, deps, ctx.now(), ctx.log, ctx.refusedKeys);
        case EventTypes.configPublished:
          deps.config.invalidate();
          return {};
        default:
          return {};
      }
    },
  };
}
