export * from "./complete-document.ts";
export * from "./serve-document.ts";
export * from "./collect.ts";
