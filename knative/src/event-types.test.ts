import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { eventTypeNames, exampleData, EventTypes } from "@casemix/events";
import { parseManifests, readCommitted } from "./generate.ts";
import { eventTypeObjectName } from "./objects.ts";

const eventTypes = parseManifests(readCommitted()).map((d) => d.doc).filter((d) => d.kind === "EventType");
const spec = (name: string) => eventTypes.find((d) => d.metadata.name === name)!.spec as { type: string; schemaData: string };

describe("the event catalogue (Knative EventTypes)", () => {
  it("has one EventType per event type, named after it", () => {
    expect(eventTypes.map((d) => (d.spec as { type: string }).type).sort()).toEqual([...eventTypeNames].sort());
    expect(eventTypeObjectName(EventTypes.claimsChunkReceived)).toBe("claims-chunk-received-v1");
  });

  it("carries a JSON Schema of the data that accepts every example and refuses inline claims", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    for (const type of eventTypeNames) {
      const validate = ajv.compile(JSON.parse(spec(eventTypeObjectName(type)).schemaData));
      for (const data of exampleData[type]) expect(validate(JSON.parse(JSON.stringify(data))), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const received = ajv.compile(JSON.parse(spec("claims-chunk-received-v1").schemaData));
    expect(received({ ...exampleData[EventTypes.claimsChunkReceived][0], claims: [] })).toBe(false);
  });
});
