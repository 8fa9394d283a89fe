export * from "./generate.ts";
export * from "./objects.ts";
export * from "./annotations.ts";
export * from "./settings.ts";
export * from "./crd-validate.ts";
