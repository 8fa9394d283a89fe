import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../bundle.ts";
import { containerEnv, IMAGE_USER } from "./buildah.ts";
import { buildImages, type BuildImagesResult } from "./build.ts";
import { sbomErrors } from "./sbom-schema.ts";
import { licenseFindings } from "./audit.ts";

const run = promisify(execFile);

// The acceptance of issue 21.1: one function's image built offline (twice, with no layer from a cache,
// to prove the digest is reproducible), its SBOM checked against the image's own files, and the image
// run by Podman with a read-only root file system until /readyz answers 200. group needs no server:
// unset connection variables select the embedded adapters (PGlite in memory, in its worker thread).
const FN = "group";
const work = mkdtempSync(join(tmpdir(), "casemix-images-"));
const lockFile = join(work, "images.lock.json");
let first: BuildImagesResult;
let secondDigest: string;

type Manifest = { config: { digest: string }; layers: { digest: string }[] };
const blob = (layout: string, digest: string) => join(layout, "blobs", ...digest.split(":"));
const manifestOf = (r: BuildImagesResult): Manifest => JSON.parse(readFileSync(blob(r.layout, r.images[0]!.digest), "utf8")) as Manifest;
/** Every path in the image's layers, as tar lists them (no leading ./ or /). */
const imagePaths = (r: BuildImagesResult): string[] =>
  manifestOf(r).layers.flatMap((l) => execFileSync("tar", ["-tzf", blob(r.layout, l.digest)], { encoding: "utf8", maxBuffer: 1 << 26 }).split("\n").filter(Boolean).map((p) => p.replace(/^\.?\//, "")));

beforeAll(async () => {
  first = await buildImages({ names: [FN], outDir: join(work, "a"), lockFile, cache: false });
  // The second build from the command line, as a release runs it: a build must not depend on the
  // process that runs it (a test runner's forked worker has IPC members on `process` that once
  // leaked into the bundles).
  const cli = await run(process.execPath, [join(repoRoot, "knative/src/build-images.ts"), FN, "--out-dir", join(work, "b"), "--no-lock", "--no-cache"], { cwd: repoRoot, maxBuffer: 1 << 26 });
  secondDigest = /sha256:[0-9a-f]{64}/.exec(cli.stdout)![0];
  const i = first.images[0]!;
  console.log(`${FN}: ${i.digest}, ${(i.bytes / 1024 / 1024).toFixed(1)} MiB compressed, image built in ${(i.ms / 1000).toFixed(1)} s (all ${(first.totalMs / 1000).toFixed(1)} s)`);
}, 900_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe(`the ${FN} image`, () => {
  it("two builds of the same commit give the same digest, and the lock file pins it", () => {
    expect(secondDigest).toBe(first.images[0]!.digest);
    expect(JSON.parse(readFileSync(lockFile, "utf8"))).toEqual({ functions: { [FN]: `casemix/${FN}@${first.images[0]!.digest}` } });
  });

  it("runs as a non-root user and holds no shell: only Node, its libraries and /app", () => {
    const config = JSON.parse(readFileSync(blob(first.layout, manifestOf(first).config.digest), "utf8")) as { config: { User: string } };
    expect(config.config.User).toBe(IMAGE_USER);
    const paths = imagePaths(first);
    expect(paths.filter((p) => /(^|\/)(sh|bash|dash|busybox)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => !/^(app|usr|usr\/local|usr\/local\/bin|lib|lib64|lib\/x86_64-linux-gnu)\/?$/.test(p) && !/^(app\/|usr\/local\/bin\/node$|lib\/x86_64-linux-gnu\/|lib64\/)/.test(p))).toEqual([]);
  });

  it("its SBOM is valid CycloneDX 1.6 and lists exactly the packages in the image's node_modules", () => {
    const text = readFileSync(first.images[0]!.sbom, "utf8");
    expect(sbomErrors(text)).toEqual([]);
    const doc = JSON.parse(text) as { components: { properties: { name: string; value: string }[] }[] };
    const prop = (c: (typeof doc.components)[number], name: string) => c.properties.find((p) => p.name === name)?.value;
    const listed = doc.components.filter((c) => prop(c, "casemix:inclusion") === "node_modules").map((c) => `app/${prop(c, "casemix:path")}/package.json`).sort();
    const inImage = imagePaths(first).filter((p) => /^app\/(.*\/)?node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(p)).sort();
    expect(listed).toEqual(inImage);
    expect(listed).toContain("app/node_modules/@electric-sql/pglite/package.json");
    expect(doc.components.map((c) => prop(c, "casemix:path"))).toEqual(expect.arrayContaining(["/usr/local/bin/node", "/lib/x86_64-linux-gnu/libc.so.6"]));
  });

  it("every third-party package in it passes the license audit", () => {
    expect(licenseFindings(readFileSync(first.images[0]!.sbom, "utf8"))).toEqual([]);
  });

  it("the SBOM check rejects a document that breaks the schema", () => {
    expect(sbomErrors(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [{ name: "no type" }] }))).not.toEqual([]);
  });

  describe("run by Podman", () => {
    const local = `localhost/casemix-image-test/${FN}:${process.pid}`;
    const names: string[] = [];
    beforeAll(async () => {
      // The image from the layout the build wrote, under a name of our own (Podman would derive one from
      // the layout's path, which may not be a valid image name).
      await run("skopeo", ["copy", "--quiet", `oci:${first.layout}:${FN}`, `containers-storage:${local}`], { env: containerEnv() });
    }, 120_000);
    afterAll(async () => {
      for (const name of names) await run("podman", ["rm", "--force", "--time", "5", name], { env: containerEnv() }).catch(() => undefined);
      await run("podman", ["rmi", "--force", local], { env: containerEnv() }).catch(() => undefined);
    });

    // The servers' connection variables, as scripts/with-services.sh exports them for this suite.
    const servers = Object.fromEntries(
      ["DATABASE_URL", "KAFKA_BROKERS", "REDIS_URL", "S3_ENDPOINT", "S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
    );
    const cases: [string, Record<string, string>][] = [
      ["the embedded defaults (PGlite in memory, in its worker thread)", { PGLITE_SETTINGS: "shared_buffers=32MB" }],
      ["PostgreSQL, Redis, S3 and Kafka on the host, as on a cluster", servers],
    ];
    it.each(cases)("with %s and a read-only root file system, no tmpfs either, it answers /readyz 200", async (label, env) => {
      if (label.startsWith("PostgreSQL")) expect(env.DATABASE_URL, "run through npm run test:integration, which exports the servers' env").toBeDefined();
      const name = `casemix-image-test-${process.pid}-${names.length}`;
      names.push(name);
      const port = await freePort();
      const envArgs = Object.entries({ ...env, PORT: String(port) }).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
      // --network host: the function listens on 127.0.0.1, as beside Knative's queue-proxy in its pod.
      // --read-only-tmpfs=false: not even /tmp is writable, so nothing the function does at start writes.
      await run("podman", ["run", "--detach", "--name", name, "--read-only", "--read-only-tmpfs=false", "--network", "host", ...envArgs, local], { env: containerEnv() });
      const deadline = Date.now() + 90_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      const logs = status === 200 ? "" : (await run("podman", ["logs", name], { env: containerEnv() })).stderr;
      expect(status, logs).toBe(200);
      const inspect = JSON.parse((await run("podman", ["inspect", name], { env: containerEnv() })).stdout) as { HostConfig: { ReadonlyRootfs: boolean } }[];
      expect(inspect[0]!.HostConfig.ReadonlyRootfs).toBe(true);
    }, 180_000);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
