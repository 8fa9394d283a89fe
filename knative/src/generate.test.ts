import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deadLetterAudience, eventAudience, functions, mesh, routes, routesOf, schedules, parseIsoDuration, validateFilters } from "@casemix/events";
import { diffManifests, existingFunctions, generateManifests, generateObjects, manifestsDir, parseManifests, readCommitted } from "./generate.ts";
import { kafkaSourceIdentity, triggerIdentity } from "./identities.ts";
import { eventServiceName, type K8sObject } from "./objects.ts";
import { eventingFeatures, knativeRequirement, servingNetwork } from "./settings.ts";

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
      expect(t!.subscriber.ref.name).toBe(eventServiceName(r.subscriber));
      expect(t!).toMatchObject({ broker: "casemix", delivery: { retry: r.delivery.retry, backoffPolicy: r.delivery.backoffPolicy, backoffDelay: r.delivery.backoffDelay, timeout: r.delivery.timeout } });
      expect(t!.delivery.deadLetterSink.ref.kind).toBe("KafkaSink");
    }
  });

  it("every Trigger's filters pass Knative's admission rules (the CRD leaves nested filters free-form)", () => {
    for (const t of ofKind("Trigger")) expect(validateFilters(spec(t).filters), t.metadata.name).toEqual([]);
  });

  it("every existing function has a public REST Service if it serves REST and an events Service if it has Triggers; exactly the senders have a SinkBinding", () => {
    const present = functions.filter((f) => existingFunctions().has(f.name));
    const expected = present.flatMap((f) => [...(f.public ? [f.name] : []), ...(routesOf(f.name).length > 0 ? [eventServiceName(f.name)] : [])]);
    expect(ofKind("Service").map((s) => s.metadata.name).sort()).toEqual(expected.sort());
    const bound = ofKind("SinkBinding").map((b) => spec(b).subject.selector.matchLabels["app.kubernetes.io/name"]).sort();
    expect(bound).toEqual(present.filter((f) => f.sends).map((f) => f.name).sort());
    // The selector binds both of a function's Services: a REST call sends events too.
    for (const b of ofKind("SinkBinding")) expect(spec(b).subject).toMatchObject({ apiVersion: "serving.knative.dev/v1", kind: "Service" });
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
    expect(ofKind("Trigger").length).toBeGreaterThan(0);
    const timeout = new Map(ofKind("Service").map((s) => [s.metadata.name, spec(s).template.spec.timeoutSeconds * 1000]));
    for (const t of ofKind("Trigger")) {
      expect(parseIsoDuration(spec(t).delivery.timeout), t.metadata.name).toBeLessThan(timeout.get(spec(t).subscriber.ref.name)!);
    }
  });

  it("a public Service serves REST only and an events Service is cluster-local and serves events only", () => {
    for (const s of ofKind("Service")) {
      const env = Object.fromEntries(spec(s).template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
      const local = s.metadata.labels?.["networking.knative.dev/visibility"] === "cluster-local";
      expect(env.FUNCTION_SERVES, s.metadata.name).toBe(local ? "events" : "rest");
      expect(s.metadata.name.endsWith("-events"), s.metadata.name).toBe(local);
    }
  });

  it("every Trigger asks a token for its function's audience, and that function's events Service takes exactly its Triggers' identities", () => {
    const services = new Map(ofKind("Service").map((s) => [s.metadata.name, spec(s).template.spec.containers[0].env as { name: string; value: string }[]]));
    for (const r of routes) {
      const t = spec(ofKind("Trigger").find((x) => x.metadata.name === r.name)!);
      expect(t.subscriber.audience, r.name).toBe(eventAudience(r.subscriber));
      const env = services.get(t.subscriber.ref.name)!;
      expect(env.find((e) => e.name === "EVENT_AUDIENCE")?.value).toBe(eventAudience(r.subscriber));
      const senders = env.find((e) => e.name === "EVENT_SENDERS")!.value.split(",");
      expect(senders.sort()).toEqual(routesOf(r.subscriber).map((x) => `system:serviceaccount:casemix:${triggerIdentity(x.name)}`).sort());
    }
  });

  it("the Broker's EventPolicy allows exactly the functions' SinkBindings and the PingSources", () => {
    const [policy, ...more] = ofKind("EventPolicy");
    expect(more).toEqual([]);
    expect(spec(policy!).to).toEqual([{ ref: { apiVersion: "eventing.knative.dev/v1", kind: "Broker", name: "casemix" } }]);
    const from = spec(policy!).from.map((f: { ref: { kind: string; name: string } }) => `${f.ref.kind}/${f.ref.name}`).sort();
    const expected = [...ofKind("SinkBinding"), ...ofKind("PingSource")].map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(from).toEqual(expected);
  });

  it("a KafkaSource reads the dead-letter sink's topic back to the batch owner's dead-letter ingress, with its own audience, and only it may post there", () => {
    const [sink] = ofKind("KafkaSink");
    const [source, ...more] = ofKind("KafkaSource");
    expect(more).toEqual([]);
    expect(source!.apiVersion).toBe("sources.knative.dev/v1beta1");
    expect(spec(source!)).toMatchObject({ topics: [spec(sink!).topic], bootstrapServers: spec(sink!).bootstrapServers, initialOffset: "earliest" });
    expect(spec(source!).sink).toEqual({ ref: { apiVersion: "serving.knative.dev/v1", kind: "Service", name: eventServiceName(mesh.deadLetter.consumer) }, uri: mesh.deadLetter.path, audience: deadLetterAudience(mesh.deadLetter.consumer) });
    // Its failures stay on the topic for casemix dlq; a dead-letter sink of its own would loop.
    expect(spec(source!).delivery.deadLetterSink).toBeUndefined();
    const withSenders = ofKind("Service").filter((s) => spec(s).template.spec.containers[0].env.some((e: { name: string }) => e.name === "DEAD_LETTER_SENDERS"));
    expect(withSenders.map((s) => s.metadata.name)).toEqual([eventServiceName(mesh.deadLetter.consumer)]);
    const env = spec(withSenders[0]!).template.spec.containers[0].env as { name: string; value: string }[];
    expect(env.find((e) => e.name === "DEAD_LETTER_SENDERS")!.value).toBe(`system:serviceaccount:casemix:${kafkaSourceIdentity(source!.metadata.name)}`);
    expect(kafkaSourceIdentity(source!.metadata.name)).toBe("dead-letter-batches-oidc-sources.knative.dev-kafkasource");
    // The audience differs from the Triggers', so a Trigger's token cannot post a dead letter.
    expect(deadLetterAudience(mesh.deadLetter.consumer)).not.toBe(eventAudience(mesh.deadLetter.consumer));
  });

  it("Terraform's Knative install runs the KafkaSource controller the dead-letter reader needs", () => {
    const tf = readFileSync(join(import.meta.dirname, "..", "..", "terraform", "modules", "knative", "main.tf"), "utf8");
    expect(tf).toMatch(/source\s*=\s*\{\s*kafka\s*=\s*\{\s*enabled\s*=\s*true\s*\}\s*\}/);
  });

  it("Terraform's Knative install turns on the features the manifests need, at the release they need", () => {
    const tf = readFileSync(join(import.meta.dirname, "..", "..", "terraform", "modules", "knative", "main.tf"), "utf8");
    const vars = readFileSync(join(import.meta.dirname, "..", "..", "terraform", "modules", "knative", "variables.tf"), "utf8");
    for (const [key, value] of Object.entries({ ...eventingFeatures, ...servingNetwork })) expect(tf, key).toMatch(new RegExp(`"${key}"\\s*=\\s*"${value}"`));
    expect(eventingFeatures).toMatchObject({ "authentication-oidc": "enabled", "transport-encryption": "strict", "default-authorization-mode": "deny-all" });
    const version = /variable "knative_version"[\s\S]*?default\s*=\s*"(\d+)\.(\d+)\.\d+"/.exec(vars)!;
    const [major, minor] = knativeRequirement.eventing.split(".").map(Number);
    expect(Number(version[1]) * 100 + Number(version[2])).toBeGreaterThanOrEqual(major! * 100 + minor!);
  });

  it("only functions that exist get manifests, and a function missing from functions/ gets none", () => {
    const files = [...committed.keys()].filter((f) => f.startsWith("40-function-")).map((f) => f.slice("40-function-".length, -".yaml".length));
    expect(files.sort()).toEqual(functions.map((f) => f.name).filter((n) => existingFunctions().has(n)).sort());
    // Every function the routing table names is built today (appeals since issue 19): each has its manifest.
    expect(files.sort()).toEqual(functions.map((f) => f.name).sort());
    // Without a function that has no routes (admin-config), its manifest goes and nothing else changes.
    const noAdmin = generateObjects(new Set([...existingFunctions()].filter((n) => n !== "admin-config")));
    expect([...noAdmin.keys()].filter((f) => f.startsWith("40-function-"))).not.toContain("40-function-admin-config.yaml");
    const without = new Set([...existingFunctions()].filter((n) => n !== "notify"));
    // A route whose function is missing cannot become a Trigger: generation says so instead of dropping it.
    expect(() => generateObjects(without)).toThrow(/routes without a function/);
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
