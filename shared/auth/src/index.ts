export * from "./verifier.ts";
export * from "./middleware.ts";
export * from "./test-issuer.ts";
