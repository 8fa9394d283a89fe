import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { open, seal, type MasterKeys } from "./master-keys.ts";

// Envelope encryption of a stored file: a fresh data key per object (per batch), wrapped by the
// current master key, in a header at the front of the object with the master key's id. The body is
// cut into 64 KiB segments, each its own AES-256-GCM message (the STREAM construction: nonce = the
// segment number, associated data = the header's digest and a last-segment flag), so a file of any
// size streams through in flat memory, every byte read back is authenticated before it is used,
// and a truncated, reordered or spliced object fails instead of reading short.
const MAGIC = Buffer.from("CMXENC1\n", "latin1");
const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;

/** What the header at the front of an encrypted object says (JSON). */
export type EnvelopeHeader = { alg: "A256GCM-STREAM"; segmentBytes: number; keyId: string; wrappedKey: string };

/** What was encrypted: the plaintext's size and digest (the file as received) and the master key id. */
export type EnvelopeSummary = { plainBytes: number; plainSha256: string; keyId: string };

export class EnvelopeError extends Error {
  readonly code: "E_ENVELOPE_INVALID" | "E_MASTER_KEY_UNKNOWN";
  constructor(code: "E_ENVELOPE_INVALID" | "E_MASTER_KEY_UNKNOWN", message: string) {
    super(message);
    this.code = code;
    this.name = "EnvelopeError";
  }
}

function nonceOf(segment: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(segment), 4);
  return nonce;
}

function aadOf(headerDigest: Buffer, last: boolean): Buffer {
  return Buffer.concat([headerDigest, Buffer.from([last ? 1 : 0])]);
}

/**
 * A transform that encrypts what passes through for the object at `objectKey` (the key is bound to
 * the wrapped data key, so an object copied elsewhere does not open). `summary()` is ready at end.
 */
export function createEncryptStream(master: MasterKeys, objectKey: string): Transform & { summary(): EnvelopeSummary } {
  const dataKey = randomBytes(32);
  const header: EnvelopeHeader = { alg: "A256GCM-STREAM", segmentBytes: SEGMENT_BYTES, keyId: master.current.id, wrappedKey: seal(master, dataKey, objectKey) };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const headerDigest = createHash("sha256").update(headerBytes).digest();
  const digest = createHash("sha256");
  let plainBytes = 0;
  let segment = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let held: Buffer | undefined;
  let summary: EnvelopeSummary | undefined;

  const encrypt = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", dataKey, nonceOf(segment++));
    cipher.setAAD(aadOf(headerDigest, last));
    const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(ct.length);
    return Buffer.concat([len, ct]);
  };

  const stream = new Transform({
    transform(piece: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      digest.update(piece);
      plainBytes += piece.length;
      pending.push(piece);
      pendingBytes += piece.length;
      const out: Buffer[] = [];
      if (pendingBytes >= SEGMENT_BYTES) {
        let all = Buffer.concat(pending);
        while (all.length >= SEGMENT_BYTES) {
          // One segment is held back so the last one can be flagged as last.
          if (held) out.push(encrypt(held, false));
          held = all.subarray(0, SEGMENT_BYTES);
          all = all.subarray(SEGMENT_BYTES);
        }
        pending = all.length > 0 ? [all] : [];
        pendingBytes = all.length;
      }
      done(null, out.length > 0 ? Buffer.concat(out) : undefined);
    },
    flush(done: TransformCallback) {
      const rest = Buffer.concat(pending);
      const out: Buffer[] = [];
      if (held && rest.length > 0) out.push(encrypt(held, false), encrypt(rest, true));
      else out.push(encrypt(held ?? rest, true));
      summary = { plainBytes, plainSha256: digest.digest("hex"), keyId: master.current.id };
      done(null, Buffer.concat(out));
    },
  });
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  stream.push(Buffer.concat([MAGIC, len, headerBytes]));
  return Object.assign(stream, {
    summary(): EnvelopeSummary {
      if (!summary) throw new Error("the encryption stream has not ended");
      return summary;
    },
  });
}

/** The header of an encrypted object's first bytes, or undefined when they are not one. */
export function readEnvelopeHeader(first: Buffer): EnvelopeHeader | undefined {
  if (first.length < MAGIC.length + 4 || !first.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const n = first.readUInt32BE(MAGIC.length);
  if (first.length < MAGIC.length + 4 + n) return undefined;
  return JSON.parse(first.subarray(MAGIC.length + 4, MAGIC.length + 4 + n).toString("utf8")) as EnvelopeHeader;
}

/**
 * A transform that decrypts an object {@link createEncryptStream} wrote at `objectKey`. It fails
 * with `E_ENVELOPE_INVALID` on anything altered, truncated or not encrypted, and with
 * `E_MASTER_KEY_UNKNOWN` when the master key that wrapped its data key is not configured.
 */
export function createDecryptStream(master: MasterKeys, objectKey: string): Transform {
  let buffer: Buffer = Buffer.alloc(0);
  let state: { dataKey: Buffer; headerDigest: Buffer } | undefined;
  let segment = 0;
  let ended = false;

  const readHeader = (): boolean => {
    if (buffer.length < MAGIC.length + 4) return false;
    if (!buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey} is not an encrypted object`);
    const n = buffer.readUInt32BE(MAGIC.length);
    if (n > 64 * 1024) throw new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey}: header too large`);
    if (buffer.length < MAGIC.length + 4 + n) return false;
    const headerBytes = buffer.subarray(MAGIC.length + 4, MAGIC.length + 4 + n);
    const header = JSON.parse(headerBytes.toString("utf8")) as EnvelopeHeader;
    const opened = open(master, header.wrappedKey, objectKey);
    if (!opened.ok) throw new EnvelopeError(opened.error.code === "E_MASTER_KEY_UNKNOWN" ? "E_MASTER_KEY_UNKNOWN" : "E_ENVELOPE_INVALID", `${objectKey}: ${opened.error.message}`);
    state = { dataKey: opened.value, headerDigest: createHash("sha256").update(headerBytes).digest() };
    buffer = buffer.subarray(MAGIC.length + 4 + n);
    return true;
  };

  const decryptSegment = (ct: Buffer, last: boolean): Buffer => {
    const decipher = createDecipheriv("aes-256-gcm", state!.dataKey, nonceOf(segment++));
    decipher.setAAD(aadOf(state!.headerDigest, last));
    decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
    return Buffer.concat([decipher.update(ct.subarray(0, ct.length - TAG_BYTES)), decipher.final()]);
  };

  // A segment is known to be the last only when nothing follows it, so each is decrypted when the
  // next one's length arrives (as not last) or at the end (as last).
  const drain = (final: boolean): Buffer[] => {
    const out: Buffer[] = [];
    if (!state && !readHeader()) {
      if (final) throw new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey}: truncated header`);
      return out;
    }
    while (buffer.length >= 4) {
      const n = buffer.readUInt32BE(0);
      if (n < TAG_BYTES || n > SEGMENT_BYTES + TAG_BYTES) throw new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey}: bad segment length`);
      if (buffer.length < 4 + n) break;
      const isLast = buffer.length === 4 + n && final;
      if (buffer.length === 4 + n && !final) break;
      if (ended) throw new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey}: data after the last segment`);
      out.push(decryptSegment(buffer.subarray(4, 4 + n), isLast));
      buffer = buffer.subarray(4 + n);
      if (isLast) ended = true;
    }
    if (final && (!ended || buffer.length > 0)) throw new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey}: truncated`);
    return out;
  };

  const run = (final: boolean, done: TransformCallback) => {
    try {
      const out = drain(final);
      done(null, out.length > 0 ? Buffer.concat(out) : undefined);
    } catch (error) {
      done(error instanceof EnvelopeError ? error : new EnvelopeError("E_ENVELOPE_INVALID", `${objectKey}: does not decrypt (altered or truncated)`));
    }
  };
  return new Transform({
    transform(piece: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      buffer = buffer.length === 0 ? piece : Buffer.concat([buffer, piece]);
      run(false, done);
    },
    flush(done: TransformCallback) {
      run(true, done);
    },
  });
}
