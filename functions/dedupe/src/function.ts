import { defineFunction } from "@casemix/runtime";
import { createDedupeHandler } from "./handler.ts";

/** dedupe: duplicates stop here, corrections become new versions, probable duplicates are flagged. */
export default defineFunction({ name: "dedupe", create: (platform) => ({ fn: createDedupeHandler(platform) }) });
