export * from "./claim-schema.ts";
export * from "./derive.ts";
export * from "./chunk-rows.ts";
