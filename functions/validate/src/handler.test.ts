import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toLandingRow } from "@casemix/claims";
import { createDraft, publishedEvent, publishVersion, registerDraft, type ConfigStore } from "@casemix/config";
import type { CasemixEvent } from "@casemix/events";
import type { EventProcessor, TestPlatform } from "@casemix/runtime";
import { createValidateTestWorld, receivedChunk as chunkOf, submittedClaim } from "./test-fixtures.ts";

let platform: TestPlatform;
let config: ConfigStore;
let processor: EventProcessor;
beforeEach(async () => void ({ platform, config, processor } = await createValidateTestWorld()));
afterEach(() => platform.db.close());

const NEW_HOSPITAL = "H99-0NE001";

/** A landing chunk of one claim of `hospitalCode`, as intake writes it, arriving on 2026-11-28. */
const receivedChunk = (batchId: string, hospitalCode: string) => chunkOf(platform, batchId, hospitalCode, [toLandingRow(1, submittedClaim(hospitalCode), [], "k")]);

const counts = (reply: { reply?: { data?: unknown } }) => (reply.reply?.data as { counts: unknown }).counts;

describe("validate handler", () => {
  it("a newly published hospital register makes a hospital valid that the register in force did not know", async () => {
    const before = await processor.process(await receivedChunk("bat_a", NEW_HOSPITAL));
    expect(counts(before)).toEqual({ valid: 0, rejected: 1 });
    const { rows: rejected } = await platform.db.query<{ state: string; claim_number: string; errors: { code: string }[] }>("SELECT state, claim_number, errors FROM claim_row WHERE batch_id = 'bat_a'");
    expect(rejected).toMatchObject([{ state: "rejected", claim_number: "C1", errors: [{ code: "E_HOSPITAL_UNKNOWN" }] }]);

    const current = (await config.hospitalsFor("2026-11-28")).register;
    const hospital = { code: NEW_HOSPITAL, name: "Hospital Baharu", hospitalClass: current.hospitals[0].hospitalClass, region: "Selangor", effectiveFrom: "2026-01-01", effectiveTo: null };
    const register = { ...current, version: current.version + 1, effectiveFrom: "2026-11-01", hospitals: [...current.hospitals, hospital] };
    const version = await publishVersion(platform.db, (await createDraft(platform.db, registerDraft(register))).id);
    expect((await processor.process(publishedEvent(version) as CasemixEvent)).status).toBe(202); // acknowledged, no reply

    const after = await processor.process(await receivedChunk("bat_b", NEW_HOSPITAL));
    expect(counts(after)).toEqual({ valid: 1, rejected: 0 });
    expect((after.reply?.data as { versions: { hospitals: string } }).versions.hospitals).toBe(version.id);
  });

  it("records the configuration versions in force with the validated chunk", async () => {
    const reply = await processor.process(await receivedChunk("bat_a", "H10-DEC915"));
    expect(counts(reply)).toEqual({ valid: 1, rejected: 0 });
    const versions = (reply.reply?.data as { versions: { definition: string; hospitals: string } }).versions;
    expect(versions).toEqual({ definition: (await config.definitionFor("2026-11-28")).version.id, hospitals: (await config.hospitalsFor("2026-11-28")).version.id });
  });
});
