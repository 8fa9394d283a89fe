import { describe, expect, it } from "vitest";
import { ALL_OUTCOME_EVENT_TYPES } from "./event-types.ts";
import { examplePayload, WEBHOOK_PAYLOAD_SCHEMAS, webhookPayloadJsonSchema } from "./payload-schemas.ts";

describe("the webhook payload schemas", () => {
  it("every payload notify builds from the contract's example events parses strictly with its schema", () => {
    for (const type of ALL_OUTCOME_EVENT_TYPES) {
      const result = WEBHOOK_PAYLOAD_SCHEMAS[type].safeParse(examplePayload(type));
      expect(result.error?.issues ?? [], type).toEqual([]);
    }
  });

  it("a payload with a field the schema does not name is refused", () => {
    const type = ALL_OUTCOME_EVENT_TYPES[0];
    const payload = examplePayload(type) as { data: Record<string, unknown> };
    expect(WEBHOOK_PAYLOAD_SCHEMAS[type].safeParse({ ...payload, data: { ...payload.data, objectKey: "raw/x" } }).success).toBe(false);
  });

  it("each JSON Schema is a closed object naming every field of the envelope", () => {
    for (const type of ALL_OUTCOME_EVENT_TYPES) {
      const schema = webhookPayloadJsonSchema(type) as { type: string; required: string[]; additionalProperties: boolean; $schema?: string };
      expect(schema).toMatchObject({ type: "object", additionalProperties: false });
      expect(schema.required.sort()).toEqual(["data", "timestamp", "type"]);
      expect(schema.$schema).toBeUndefined();
    }
  });
});
