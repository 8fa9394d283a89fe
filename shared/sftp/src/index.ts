export * from "./client.ts";
export * from "./known-hosts.ts";
