import { describe, expect, it } from "vitest";
import { annotationValues, knownAnnotations, knownLabels } from "./annotations.ts";
import { parseManifests, readCommitted } from "./generate.ts";
import { deployment } from "./settings.ts";
import type { K8sObject, KRef } from "./objects.ts";

const docs = parseManifests(readCommitted()).map((d) => d.doc);
const key = (apiVersion: string, kind: string, name: string) => `${apiVersion}|${kind}|${name}`;
const generated = new Set(docs.map((d) => key(d.apiVersion, d.kind, d.metadata.name)));
const spec = (d: K8sObject) => d.spec as Record<string, any>;

/** Every object reference in a document, with where it sits. */
function referencesOf(d: K8sObject): { at: string; ref: KRef }[] {
  const s = spec(d);
  const refs: { at: string; ref: KRef }[] = [];
  if (d.kind === "Trigger") {
    refs.push({ at: "spec.subscriber.ref", ref: s.subscriber.ref });
    refs.push({ at: "spec.broker", ref: { apiVersion: "eventing.knative.dev/v1", kind: "Broker", name: s.broker } });
  }
  if (s?.delivery?.deadLetterSink) refs.push({ at: "spec.delivery.deadLetterSink.ref", ref: s.delivery.deadLetterSink.ref });
  if (d.kind === "SinkBinding") {
    // The subject selects a function's Services by label: each selected one is a reference, and there must be one.
    const selected = docs.filter((o) => o.kind === s.subject.kind && Object.entries(s.subject.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v));
    if (selected.length === 0) refs.push({ at: "spec.subject", ref: { apiVersion: s.subject.apiVersion, kind: s.subject.kind, name: "(nothing selected)" } });
    for (const o of selected) refs.push({ at: "spec.subject.selector", ref: { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name } });
    refs.push({ at: "spec.sink.ref", ref: s.sink.ref });
  }
  if (d.kind === "EventPolicy") {
    for (const t of s.to) refs.push({ at: "spec.to.ref", ref: t.ref });
    for (const f of s.from) refs.push({ at: "spec.from.ref", ref: f.ref });
  }
  if (d.kind === "PingSource" || d.kind === "KafkaSource") refs.push({ at: "spec.sink.ref", ref: s.sink.ref });
  if (d.kind === "Broker") refs.push({ at: "spec.config", ref: s.config });
  if (d.kind === "EventType") refs.push({ at: "spec.reference", ref: s.reference });
  if (d.kind === "Service") {
    for (const e of s.template.spec.containers[0].envFrom) {
      if (e.configMapRef) refs.push({ at: "envFrom.configMapRef", ref: { apiVersion: "v1", kind: "ConfigMap", name: e.configMapRef.name } });
    }
  }
  return refs;
}

describe("references", () => {
  it("every Trigger subscriber, SinkBinding subject and sink, PingSource and KafkaSource sink, dead-letter sink and Broker config points to a generated object", () => {
    let count = 0;
    for (const d of docs) {
      for (const { at, ref } of referencesOf(d)) {
        count++;
        expect(generated.has(key(ref.apiVersion, ref.kind, ref.name)), `${d.kind}/${d.metadata.name} ${at} -> ${ref.kind}/${ref.name}`).toBe(true);
        expect(ref.namespace ?? d.metadata.namespace, at).toBe(d.metadata.namespace);
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it("the only object referenced but not generated is the Secret Terraform creates", () => {
    const secrets = new Set(docs.filter((d) => d.kind === "Service").flatMap((d) => spec(d).template.spec.containers[0].envFrom.filter((e: any) => e.secretRef).map((e: any) => e.secretRef.name)));
    expect([...secrets]).toEqual([deployment.envSecret]);
  });

  it("the reference check notices a dangling reference", () => {
    const t = docs.find((d) => d.kind === "Trigger")!;
    const broken = { ...t, spec: { ...spec(t), subscriber: { ref: { ...spec(t).subscriber.ref, name: "nobody" } } } };
    const dangling = referencesOf(broken).filter(({ ref }) => !generated.has(key(ref.apiVersion, ref.kind, ref.name)));
    expect(dangling.map((d) => d.at)).toEqual(["spec.subscriber.ref"]);
  });
});

describe("the Broker", () => {
  it("is of class Kafka and reads kafka-broker-config", () => {
    const brokers = docs.filter((d) => d.kind === "Broker");
    expect(brokers).toHaveLength(1);
    expect(brokers[0]!.metadata.annotations?.["eventing.knative.dev/broker.class"]).toBe("Kafka");
    expect(spec(brokers[0]!).config).toMatchObject({ kind: "ConfigMap", name: "kafka-broker-config" });
  });

  it("has its Kafka settings in the config map", () => {
    const cm = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === "kafka-broker-config")!;
    expect(Object.keys(cm.data as object).sort()).toEqual(["bootstrap.servers", "default.topic.partitions", "default.topic.replication.factor"]);
  });
});

describe("annotations and labels", () => {
  /** Every metadata block of a document: its own, and its pod template's for a Service. */
  const metadataOf = (d: K8sObject) => [d.metadata, ...(d.kind === "Service" ? [spec(d).template.metadata] : [])];

  it("every annotation is a known one, with a value Knative accepts", () => {
    for (const d of docs) {
      for (const m of metadataOf(d)) {
        for (const [k, v] of Object.entries(m.annotations ?? {})) {
          expect(knownAnnotations[k], `${d.kind}/${d.metadata.name}: ${k}`).toBeDefined();
          if (annotationValues[k]) expect(annotationValues[k], k).toContain(v);
        }
      }
    }
  });

  it("every label is a known one", () => {
    for (const d of docs) for (const m of metadataOf(d)) for (const k of Object.keys(m.labels ?? {})) expect(knownLabels[k], `${d.kind}/${d.metadata.name}: ${k}`).toBeDefined();
  });

  it("every annotation, label, env and config map value is a string, as read back from the YAML", () => {
    let checked = 0;
    const strings = (where: string, values: unknown[]) => {
      for (const v of values) {
        checked++;
        expect(typeof v, `${where}: ${JSON.stringify(v)}`).toBe("string");
      }
    };
    for (const d of docs) {
      for (const m of metadataOf(d)) strings(`${d.kind}/${d.metadata.name}`, [...Object.values(m.annotations ?? {}), ...Object.values(m.labels ?? {})]);
      if (d.kind === "ConfigMap") strings(`ConfigMap/${d.metadata.name}`, Object.values(d.data as object));
      if (d.kind === "Service") for (const c of spec(d).template.spec.containers) strings(`${d.metadata.name} env`, c.env.map((e: any) => e.value));
    }
    expect(checked).toBeGreaterThan(100);
  });
});
