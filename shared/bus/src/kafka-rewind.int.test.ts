import { afterAll, describe, expect, it } from "vitest";
import type { CasemixEvent, Route } from "@casemix/events";
import { createKafkaBus, type KafkaBus } from "./kafka.ts";

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const run = `rewind_${process.pid}_${Date.now().toString(36)}`;
const route: Route = {
  name: "rewind-test",
  subscriber: "counter",
  filters: [{ exact: { type: "gov.my.casemix.test.rewound.v1" } }],
  delivery: { retry: 0, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true },
};

const event = (n: number): CasemixEvent =>
  ({ specversion: "1.0", id: `evt_${n}`, source: "/casemix/test", type: "gov.my.casemix.test.rewound.v1", subject: `n/${n}`, time: new Date().toISOString(), datacontenttype: "application/json", data: { n }, partitionkey: "H1" }) as CasemixEvent;

let bus: KafkaBus;
const seen: string[] = [];

async function until(check: () => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; seen ${seen.join(",")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => bus?.close());

describe("rewinding the Kafka bus's consumer groups to a time", () => {
  it("delivers again exactly the events produced at or after that time, and none before", async () => {
    bus = createKafkaBus({ brokers, routes: [route], topic: `casemix.test.${run}`, groupPrefix: run, partitions: 3 });
    await bus.subscribe({ name: "counter", deliver: async (e) => (seen.push(e.id), { status: 202 }) });
    await bus.publish([1, 2, 3, 4, 5].map(event));
    await until(() => seen.length === 5);
    // Kafka stamps records with the broker's clock in ms: leave a gap on both sides of the point.
    await new Promise((r) => setTimeout(r, 1500));
    const point = new Date();
    await new Promise((r) => setTimeout(r, 1500));
    await bus.publish([6, 7, 8].map(event));
    await until(() => seen.length === 8);
    const moved = await bus.rewind(point);
    await until(() => seen.length === 11);
    await new Promise((r) => setTimeout(r, 2000));
    expect(moved).toEqual([{ groupId: `${run}.rewind-test`, records: 3 }]);
    expect(seen.slice(8).sort()).toEqual(["evt_6", "evt_7", "evt_8"]);
    expect(seen).toHaveLength(11);
  });
});
