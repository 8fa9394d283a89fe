import { describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { createValidator, hasCrds, crdDir } from "./crd-validate.ts";
import { parseManifests, readCommitted } from "./generate.ts";
import type { K8sObject } from "./objects.ts";


const docs = parseManifests(readCommitted());
const clone = <T>(x: T): T => structuredClone(x);
const first = (kind: string) => clone(docs.find((d) => d.doc.kind === kind)!.doc) as K8sObject & { spec: any };

describe("strict validation against the Knative CRD schemas", skipUnless(hasCrds, `${crdDir} is absent (the reference data beside the checkout)`), () => {
  const crd = hasCrds ? createValidator("crd") : () => [];
  const declared = hasCrds ? createValidator("declared") : () => [];

  it("every committed document is valid, unknown fields rejected where the CRD does not preserve them", () => {
    expect(docs.length).toBeGreaterThan(30);
    for (const { file, doc } of docs) expect(crd(doc), `${file}: ${doc.kind}/${doc.metadata.name}`).toEqual([]);
  });

  it("every committed document uses only fields the CRDs declare (plus delivery.timeout)", () => {
    for (const { file, doc } of docs) expect(declared(doc), `${file}: ${doc.kind}/${doc.metadata.name}`).toEqual([]);
  });

  it("covers every kind the generator writes", () => {
    expect([...new Set(docs.map((d) => d.doc.kind))].sort()).toEqual(["Broker", "ConfigMap", "EventPolicy", "EventType", "KafkaSink", "KafkaSource", "PingSource", "Service", "SinkBinding", "Trigger"]);
  });

  it("rejects an unknown field in a Trigger's subscriber reference", () => {
    const t = first("Trigger");
    t.spec.subscriber.ref.nmae = "validate";
    expect(crd(t)).toMatchObject([{ path: "/spec/subscriber/ref", message: 'unknown field "nmae"' }]);
  });

  it("rejects a misspelt field of a Service's revision template", () => {
    const s = first("Service");
    s.spec.template.spec.containerConcurency = 4;
    expect(crd(s)[0]?.message).toBe('unknown field "containerConcurency"');
  });

  it("rejects a status block and a misplaced top-level field", () => {
    const b = first("Broker");
    expect(crd({ ...b, status: {} })).not.toEqual([]);
    expect(crd({ ...b, data: {} })).not.toEqual([]);
  });

  it("rejects a non-string annotation value", () => {
    const b = first("Broker");
    b.metadata.annotations = { "eventing.knative.dev/broker.class": 1 as unknown as string };
    expect(crd(b)[0]?.path).toBe("/metadata/annotations/eventing.knative.dev~1broker.class");
  });

  it("rejects a wrong type and a missing required field", () => {
    const t = first("Trigger");
    t.spec.delivery.retry = "7";
    expect(crd(t)[0]?.path).toBe("/spec/delivery/retry");
    const k = first("KafkaSink");
    delete k.spec.topic;
    expect(crd(k)[0]?.message).toContain("topic");
  });

  it("rejects a ConfigMap with a number value or an unknown field", () => {
    const cm = first("ConfigMap");
    expect(crd({ ...cm, data: { n: 1 } })).not.toEqual([]);
    expect(crd({ ...cm, binaryDta: {} })).not.toEqual([]);
  });

  it("the declared mode catches a typo the CRD lets through under preserve-unknown-fields", () => {
    const t = first("Trigger");
    t.spec.delivery.retries = 3;
    expect(crd(t)).toEqual([]);
    expect(declared(t)[0]?.message).toBe('unknown field "retries"');
  });

  it("rejects an unknown field in the EventPolicy's senders", () => {
    const p = first("EventPolicy");
    p.spec.from[0].ref.knd = "SinkBinding";
    expect(crd(p)[0]?.message).toBe('unknown field "knd"');
  });

  it("rejects a misspelt field of the dead-letter KafkaSource's sink, and one without its topics", () => {
    const k = first("KafkaSource");
    k.spec.sink.audiance = k.spec.sink.audience;
    expect(crd(k)[0]).toMatchObject({ path: "/spec/sink", message: 'unknown field "audiance"' });
    const noTopics = first("KafkaSource");
    delete noTopics.spec.topics;
    expect(crd(noTopics)[0]?.message).toContain("topics");
  });

  it("rejects a kind or version it has no schema for", () => {
    expect(crd({ apiVersion: "eventing.knative.dev/v9", kind: "Trigger", metadata: { name: "x" } })[0]?.message).toContain("no schema");
  });
});
