import { pipeline, type Readable } from "node:stream";
import type { ObjectStore } from "../port.ts";
import type { MasterKeys } from "./master-keys.ts";
import { createDecryptStream, createEncryptStream, type EnvelopeSummary } from "./raw-envelope.ts";

/** What {@link RawObjects.put} stored: the plaintext's size and sha256 (the file as received), and the master key id. */
export type RawPut = EnvelopeSummary & { key: string; storedBytes: number };

/** Files that hold personal data in clear when read (raw uploads), kept encrypted in the store. */
export type RawObjects = {
  /** Streams `body` through encryption into the store at `key`. */
  put(key: string, body: Readable): Promise<RawPut>;
  /** The object at `key`, decrypted as it streams; errors with `E_ENVELOPE_INVALID` if it was altered. */
  getStream(key: string): Promise<Readable>;
};

/**
 * Envelope-encrypted objects on any {@link ObjectStore}: a data key per object, wrapped by the
 * current master key (its id in the object's header), AES-256-GCM in 64 KiB segments, streamed
 * both ways (a 1M-row upload never sits in memory).
 *
 * @example
 * const raw = createRawObjects(store, masterKeys);
 * const put = await raw.put("raw/bat_1/claims.csv", request.body);  // put.plainSha256: the file as received
 * for await (const piece of await raw.getStream(put.key)) { ... }
 */
export function createRawObjects(store: ObjectStore, master: MasterKeys): RawObjects {
  return {
    async put(key, body) {
      const encrypt = createEncryptStream(master, key);
      // pipeline, not pipe: an error of the body (a dropped upload) reaches the store's write.
      pipeline(body, encrypt, () => {});
      const stored = await store.putStream(key, encrypt);
      return { ...encrypt.summary(), key, storedBytes: stored.size };
    },
    async getStream(key) {
      const decrypt = createDecryptStream(master, key);
      pipeline(await store.getStream(key), decrypt, () => {});
      return decrypt;
    },
  };
}
