import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deadLetterId } from "@casemix/bus";
import { createEvent, deadLetterAudience, eventAudience, EventTypes, mesh, routes, type CasemixEvent } from "@casemix/events";
import { eventToHttp } from "./cloudevent-http.ts";
import { createDeadLetterIngress, deadLetterAuthenticatorFromEnv } from "./dead-letter-ingress.ts";
import { createMeshEventAuth, type MeshEventAuth } from "./mesh-event-auth.ts";
import { createTestPlatform, type TestPlatform } from "./platform.ts";

/**
 * On Knative the Broker's dispatcher hands a chunk event it gave up on to the dead-letter KafkaSink,
 * and a KafkaSource posts it back here with Knative's error attributes. Tokens are signed with a test
 * key standing in for the cluster's service-account issuer; the sender is the KafkaSource's identity.
 */
const READER = "system:serviceaccount:casemix:dead-letter-batches-oidc-sources.knative.dev-kafkasource";
const consumer = mesh.deadLetter.consumer;

let auth: MeshEventAuth;
let platform: TestPlatform;
let app: ReturnType<typeof createDeadLetterIngress>;
beforeAll(async () => void (auth = await createMeshEventAuth()));
afterAll(() => auth.close());
beforeEach(async () => {
  platform = await createTestPlatform();
  const { authenticate, configured } = deadLetterAuthenticatorFromEnv({ EVENT_ISSUER: auth.issuer, EVENT_JWKS: auth.jwks as never, DEAD_LETTER_SENDERS: [READER] }, consumer);
  expect(configured).toBe(true);
  app = createDeadLetterIngress({ db: platform.db, routes, authenticate, now: () => new Date("2026-11-28T00:03:00Z") });
});
afterEach(() => platform.db.close());

const chunkEvent = (batchId: string, index: number): CasemixEvent =>
  ({
    ...createEvent({
      type: EventTypes.claimsChunkReceived, from: "intake", causeId: batchId, key: String(index), time: "2026-11-28T00:00:00Z",
      data: { batchId, chunkId: `chk_${batchId.slice(4)}-0000${index}`, chunkIndex: index, hospitalCode: "H10-DEC915", channel: "upload", objectKey: `landing/${batchId}/${index}.parquet`, sha256: "0".repeat(64), rowCount: 3 },
    }),
    specversion: "1.0",
  }) as CasemixEvent;

/** The event as the KafkaSource delivers it: the original plus Knative's error extensions. */
const deadLettered = (event: CasemixEvent, extra: Record<string, unknown> = {}): CasemixEvent =>
  ({
    ...event,
    knativeerrordest: "https://validate-events.casemix.svc.cluster.local",
    knativeerrorcode: "503",
    knativeerrordata: Buffer.from(JSON.stringify({ error: { code: "E_STORE_UNAVAILABLE", message: "the object store did not answer" } })).toString("base64"),
    ...extra,
  }) as CasemixEvent;

const token = (sub = READER, aud = deadLetterAudience(consumer)) => auth.sign({ sub, aud, ttlSeconds: 300 });
const post = async (event: CasemixEvent, bearer?: string) => {
  const message = eventToHttp(event);
  return app.request(mesh.deadLetter.path, { method: "POST", headers: { ...message.headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: message.body });
};
const batch = async (id: string) =>
  (await platform.db.query<{ status: string; error: string | null }>("SELECT status, error FROM batch WHERE id = $1", [id])).rows[0]!;
const processing = (id: string) => platform.db.query("INSERT INTO batch (id, hospital_code, channel, status, chunks_total) VALUES ($1, 'H10-DEC915', 'upload', 'processing', 2)", [id]);

describe("POST /dead-letters: a dead letter read back from Knative's dead-letter topic", () => {
  it("marks the batch of a dead-lettered chunk failed, naming the id casemix dlq replay takes; a redelivery changes nothing", async () => {
    await processing("bat_k1");
    const event = chunkEvent("bat_k1", 0);
    const res = await post(deadLettered(event), await token());
    expect(res.status).toBe(202);
    const failed = await batch("bat_k1");
    expect(failed.status).toBe("failed");
    const id = deadLetterId("validate-claims-received", event);
    const error = JSON.parse(failed.error!) as { code: string; message: string; deadLetterIds: string[] };
    expect(error).toEqual({
      code: "E_CHUNK_DEAD_LETTERED",
      deadLetterIds: [id],
      message: `chunk chk_k1-00000 was dead-lettered at validate-claims-received after 8 attempt(s), status 503 E_STORE_UNAVAILABLE; its claims that had not passed that step stay unfinished. Replay it with casemix dlq replay ${id}`,
    });
    expect((await post(deadLettered(event), await token())).status).toBe(202);
    expect(await batch("bat_k1")).toEqual(failed);
  });

  it("a second chunk of the same batch adds its id; a letter of no batch chunk changes nothing", async () => {
    await processing("bat_k2");
    await post(deadLettered(chunkEvent("bat_k2", 0)), await token());
    await post(deadLettered(chunkEvent("bat_k2", 1)), await token());
    const ids = (JSON.parse((await batch("bat_k2")).error!) as { deadLetterIds: string[] }).deadLetterIds;
    expect(ids).toEqual([0, 1].map((i) => deadLetterId("validate-claims-received", chunkEvent("bat_k2", i))));
    await processing("bat_k3");
    const notAChunk = { ...chunkEvent("bat_k3", 0), type: EventTypes.batchCompleted } as CasemixEvent;
    expect((await post(deadLettered(notAChunk, { knativeerrordest: "https://report-events.casemix.svc.cluster.local" }), await token())).status).toBe(202);
    expect((await batch("bat_k3")).status).toBe("processing");
  });

  it("refuses a letter without Knative's error attributes, and a request that is not a CloudEvent, with 400; the batch is unchanged", async () => {
    await processing("bat_k4");
    const res = await post(chunkEvent("bat_k4", 0), await token());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "E_DEAD_LETTER_MALFORMED", message: "a dead letter needs knativeerrordest, where delivery failed", field: "knativeerrordest" } });
    const badCode = await post(deadLettered(chunkEvent("bat_k4", 0), { knativeerrorcode: "soon" }), await token());
    expect(badCode.status).toBe(400);
    expect(((await badCode.json()) as { error: { field: string } }).error.field).toBe("knativeerrorcode");
    const notEvent = await app.request(mesh.deadLetter.path, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` }, body: "{}" });
    expect(notEvent.status).toBe(400);
    expect(((await notEvent.json()) as { error: { code: string } }).error.code).toBe("E_NOT_A_CLOUDEVENT");
    expect(await batch("bat_k4")).toEqual({ status: "processing", error: null });
  });

  it("refuses a letter without the reader's token (401), with a Trigger's audience (401) or from another sender (403), before reading it", async () => {
    await processing("bat_k5");
    const letter = deadLettered(chunkEvent("bat_k5", 0));
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      [await token(READER, eventAudience(consumer)), 401],
      [await token("system:serviceaccount:casemix:flag-outlier-claims-priced-oidc-eventing.knative.dev-trigger"), 403],
    ];
    for (const [bearer, status] of cases) expect((await post(letter, bearer)).status).toBe(status);
    expect((await batch("bat_k5")).status).toBe("processing");
  });

  it("refuses every letter when DEAD_LETTER_SENDERS is not set (fail closed)", async () => {
    const { authenticate, configured } = deadLetterAuthenticatorFromEnv({ EVENT_ISSUER: auth.issuer, EVENT_JWKS: auth.jwks as never, EVENT_SENDERS: [READER] }, consumer);
    expect(configured).toBe(false);
    expect(await authenticate(`Bearer ${await token()}`)).toMatchObject({ status: 401 });
  });
});
