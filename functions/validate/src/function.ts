import { defineFunction } from "@casemix/runtime";
import { createValidateHandler } from "./handler.ts";

/** validate: edits per claim, rejections as data; valid claims go on to dedupe. */
export default defineFunction({ name: "validate", create: (platform) => ({ fn: createValidateHandler(platform) }) });
