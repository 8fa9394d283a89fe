export * from "./periods.ts";
export * from "./close-event.ts";
export * from "./api.ts";
