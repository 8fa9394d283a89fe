export * from "./event.ts";
export * from "./routing-types.ts";
