export * from "./verifier.ts";
export * from "./discovery.ts";
export * from "./middleware.ts";
export * from "./test-issuer.ts";
export * from "./policy.ts";
export * from "./policy-table.ts";
export * from "./authorize.ts";
export * from "./policy-markdown.ts";
