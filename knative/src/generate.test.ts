import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { functions, routes, schedules, parseIsoDuration, validateFilters } from "@casemix/events";
import { diffManifests, generateManifests, manifestsDir, parseManifests, readCommitted } from "./generate.ts";
import type { K8sObject } from "./objects.ts";

const committed = readCommitted();
const docs = parseManifests(committed).map((d) => d.doc);
const ofKind = (kind: string) => docs.filter((d) => d.kind === kind);
const spec = (d: K8sObject) => d.spec as Record<string, any>;

describe("generated manifests", () => {
  it("equal the committed ones, file for file", () => {
    expect(committed.size).toBeGreaterThan(0);
    expect(diffManifests(generateManifests(), committed)).toEqual([]);
  });

  it("are generated the same way twice", () => {
    expect(diffManifests(generateManifests(), generateManifests())).toEqual([]);
  });

  it("diffManifests names changed, added and removed files", () => {
    const a = new Map([["x.yaml", "1"], ["y.yaml", "2"]]);
    const b = new Map([["x.yaml", "1"], ["y.yaml", "3"], ["z.yaml", "4"]]);
    expect(diffManifests(a, b)).toEqual(["y.yaml", "z.yaml"]);
  });
});

describe("generate.ts --check", () => {
  const dir = mkdtempSync(join(tmpdir(), "casemix-knative-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const check = () => {
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, "generate.ts"), "--check", "--dir", dir], { stdio: "pipe" });
      return 0;
    } catch (e) {
      return (e as { status: number }).status;
    }
  };

  it("exits 0 when the files match and non-zero when one differs", () => {
    cpSync(manifestsDir, dir, { recursive: true });
    expect(check()).toBe(0);
    writeFileSync(join(dir, "50-schedules.yaml"), "# edited by hand\n");
    expect(check()).not.toBe(0);
  });
});

describe("what the routing table becomes", () => {
  it("every route has its Trigger, with the same filters and delivery", () => {
    const triggers = new Map(ofKind("Trigger").map((t) => [t.metadata.name, spec(t)]));
    expect(triggers.size).toBe(routes.length);
    for (const r of routes) {
      const t = triggers.get(r.name);
      expect(t, r.name).toBeDefined();
      expect(t!.filters).toEqual(r.filters);
      expect(t!.subscriber.ref.name).toBe(r.subscriber);
      expect(t!).toMatchObject({ broker: "casemix", delivery: { retry: r.delivery.retry, backoffPolicy: r.delivery.backoffPolicy, backoffDelay: r.delivery.backoffDelay, timeout: r.delivery.timeout } });
      expect(t!.delivery.deadLetterSink.ref.kind).toBe("KafkaSink");
    }
  });

  it("every Trigger's filters pass Knative's admission rules (the CRD leaves nested filters free-form)", () => {
    for (const t of ofKind("Trigger")) expect(validateFilters(spec(t).filters), t.metadata.name).toEqual([]);
  });

  it("every function is a Service, and exactly the senders have a SinkBinding", () => {
    expect(ofKind("Service").map((s) => s.metadata.name).sort()).toEqual(functions.map((f) => f.name).sort());
    const bound = ofKind("SinkBinding").map((b) => spec(b).subject.name).sort();
    expect(bound).toEqual(functions.filter((f) => f.sends).map((f) => f.name).sort());
  });

  it("Services scale to zero on the KPA, target their concurrency and probe /healthz and /readyz", () => {
    for (const s of ofKind("Service")) {
      const t = spec(s).template;
      expect(t.metadata.annotations, s.metadata.name).toMatchObject({
        "autoscaling.knative.dev/min-scale": "0",
        "autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev",
        "autoscaling.knative.dev/target": String(t.spec.containerConcurrency),
      });
      const c = t.spec.containers[0];
      expect(c.readinessProbe.httpGet.path).toBe("/readyz");
      expect(c.livenessProbe.httpGet.path).toBe("/healthz");
      expect(c.resources.requests.memory).toBeDefined();
      expect(c.envFrom.map((e: any) => Object.keys(e)[0]).sort()).toEqual(["configMapRef", "secretRef"]);
    }
  });

  it("a Service's request timeout outlasts the delivery timeout of each of its Triggers", () => {
    const timeout = new Map(ofKind("Service").map((s) => [s.metadata.name, spec(s).template.spec.timeoutSeconds * 1000]));
    for (const t of ofKind("Trigger")) {
      expect(parseIsoDuration(spec(t).delivery.timeout), t.metadata.name).toBeLessThan(timeout.get(spec(t).subscriber.ref.name)!);
    }
  });

  it("functions without public REST are cluster-local", () => {
    for (const f of functions) {
      const s = ofKind("Service").find((x) => x.metadata.name === f.name)!;
      expect(s.metadata.labels?.["networking.knative.dev/visibility"], f.name).toBe(f.public ? undefined : "cluster-local");
    }
  });

  it("every schedule is a PingSource with its time zone, naming itself in its data", () => {
    const pings = ofKind("PingSource");
    expect(pings.map((p) => p.metadata.name)).toEqual(schedules.map((s) => s.name));
    for (const s of schedules) {
      const p = spec(pings.find((x) => x.metadata.name === s.name)!);
      expect(p).toMatchObject({ schedule: s.cron, timezone: s.timezone, contentType: "application/json" });
      expect(JSON.parse(p.data)).toEqual({ schedule: s.name });
    }
  });

  it("ordered routes carry the Kafka broker's ordered-delivery annotation", () => {
    for (const r of routes) {
      const t = ofKind("Trigger").find((x) => x.metadata.name === r.name)!;
      expect(t.metadata.annotations?.["kafka.eventing.knative.dev/delivery.order"], r.name).toBe(r.ordered ? "ordered" : undefined);
    }
  });
});
