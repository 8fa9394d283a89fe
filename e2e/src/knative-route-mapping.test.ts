import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { functions, routesOf } from "@casemix/events";
import { createLogger, createTestPlatform, loadFunctionModules, startEmbeddedMesh, type EmbeddedMesh, type FunctionModule } from "@casemix/runtime";
import { eventServiceName, parseManifests, readCommitted, type K8sObject } from "@casemix/knative";

/**
 * Issue 17: every REST route the embedded mesh serves must be reachable on Knative, through its
 * function's public Service (which serves REST only), and no event ingress may be public. The routes
 * are the ones the routers actually register (Hono's route table), per function, not a document.
 */
type Registered = { fn: string; method: string; path: string };
const registered: Registered[] = [];
let mesh: EmbeddedMesh;

const docs = parseManifests(readCommitted()).map((d) => d.doc);
const services = new Map(docs.filter((d) => d.kind === "Service").map((s) => [s.metadata.name, s]));
const envOf = (s: K8sObject) => Object.fromEntries(((s.spec as any).template.spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
const isPublic = (s: K8sObject) => s.metadata.labels?.["networking.knative.dev/visibility"] !== "cluster-local";
const restRoutes = (app: Hono<any>) => app.routes.filter((r) => r.method !== "ALL").map((r) => ({ method: r.method, path: r.path }));

beforeAll(async () => {
  const platform = await createTestPlatform({ source: { PATIENT_PSEUDONYM_KEY: "route-mapping-key-".repeat(3) } });
  // Each module as the mesh creates it, recording the routes its instance registers.
  const modules: FunctionModule[] = (await loadFunctionModules()).map((m) => ({
    name: m.name,
    create: async (p) => {
      const instance = await m.create(p);
      // A handler behind a route's own middleware is listed once per handler: count each operation once.
      const seen = new Set<string>();
      for (const r of instance.routes ? restRoutes(instance.routes) : []) {
        if (!seen.has(`${r.method} ${r.path}`)) registered.push({ fn: m.name, ...r });
        seen.add(`${r.method} ${r.path}`);
      }
      return instance;
    },
  }));
  mesh = await startEmbeddedMesh({ modules, env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
}, 120_000);
afterAll(() => mesh?.close());

describe("the embedded mesh's REST routes on Knative", () => {
  it("every REST route maps to its function's public Service, which serves REST only", () => {
    expect(registered.length).toBeGreaterThan(20);
    for (const r of registered) {
      const s = services.get(r.fn);
      expect(s, `${r.method} ${r.path} (${r.fn}) has no public Service`).toBeDefined();
      expect(isPublic(s!), `${r.method} ${r.path}: Service ${r.fn} is cluster-local`).toBe(true);
      expect(envOf(s!).FUNCTION_SERVES, r.fn).toBe("rest");
    }
    const fns = new Set(registered.map((r) => r.fn));
    console.log(`route mapping: ${registered.length} REST routes of ${fns.size} functions, each on its function's public Service`);
    // The routing table's `public` flag is the fact the generator reads: it must match what the routers register.
    for (const f of functions.filter((x) => services.has(x.name) || services.has(eventServiceName(x.name)))) expect(f.public, f.name).toBe(fns.has(f.name));
  });

  it("the routes counted per function are all the embedded port serves, besides the probes, and none is an event ingress", () => {
    const served = restRoutes(mesh.app).filter((r) => !["/healthz", "/readyz", "/metrics"].includes(r.path));
    const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
    expect(new Set(served.map(key))).toEqual(new Set(registered.map(key)));
    expect(served.filter((r) => r.method === "POST" && r.path === "/")).toEqual([]);
  });

  it("no event route is public: every function's Triggers deliver to its cluster-local events Service", () => {
    for (const f of functions.filter((x) => routesOf(x.name).length > 0 && services.has(eventServiceName(x.name)))) {
      const s = services.get(eventServiceName(f.name))!;
      expect(isPublic(s), f.name).toBe(false);
      expect(envOf(s).FUNCTION_SERVES, f.name).toBe("events");
    }
    for (const t of docs.filter((d) => d.kind === "Trigger")) {
      const target = services.get((t.spec as any).subscriber.ref.name)!;
      expect(isPublic(target), t.metadata.name).toBe(false);
    }
  });
});
