export * from "./port.ts";
export * from "./attributes.ts";
export * from "./dead-letters.ts";
export * from "./delivery.ts";
export * from "./memory.ts";
export * from "./kafka.ts";
export * from "./kafka-codec.ts";
export * from "./kafka-rewind.ts";
