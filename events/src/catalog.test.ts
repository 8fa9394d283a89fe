import { describe, expect, it } from "vitest";
import { eventCatalog } from "./catalog.ts";
import { eventTypeNames } from "./event-types.ts";
import { functions } from "./routes.ts";

describe("event catalog", () => {
  it("describes every type, naming at least one producer", () => {
    expect(Object.keys(eventCatalog).sort()).toEqual([...eventTypeNames].sort());
    for (const t of eventTypeNames) {
      expect(eventCatalog[t].producers.length, t).toBeGreaterThan(0);
      expect(eventCatalog[t].description.length, t).toBeGreaterThan(10);
    }
  });

  it("every producer is a function of the mesh or the PingSource", () => {
    const names = new Set<string>([...functions.map((f) => f.name), "knative-pingsource"]);
    for (const t of eventTypeNames) for (const p of eventCatalog[t].producers) expect(names.has(p), `${t}: ${p}`).toBe(true);
  });
});
