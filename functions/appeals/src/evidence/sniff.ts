import { fileTypeFromBuffer } from "file-type";
import { EVIDENCE_TYPES } from "../env.ts";

export type Sniffed = { ok: true; mediaType: (typeof EVIDENCE_TYPES)[number]; ext: string } | { ok: false; code: "E_EVIDENCE_TYPE"; message: string };

/**
 * The evidence file's type from its content (magic bytes, by `file-type`), never from its name or the
 * request's content type: a PDF, PNG or JPEG is accepted, anything else refused naming what it is.
 */
export async function sniffEvidence(bytes: Uint8Array): Promise<Sniffed> {
  const found = await fileTypeFromBuffer(bytes);
  const allowed = EVIDENCE_TYPES as readonly string[];
  if (found && allowed.includes(found.mime)) return { ok: true, mediaType: found.mime as (typeof EVIDENCE_TYPES)[number], ext: found.ext };
  const what = found ? `${found.mime} (.${found.ext})` : "not a recognised file type";
  return { ok: false, code: "E_EVIDENCE_TYPE", message: `evidence must be a PDF, PNG or JPEG by its content; this file is ${what}` };
}
