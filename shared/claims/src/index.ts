export * from "./claim-schema.ts";
export * from "./derive.ts";
