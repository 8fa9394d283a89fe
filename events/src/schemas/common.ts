import { z } from "zod";

/**
 * Building blocks shared by the data schemas. Ids carry a prefix (`bat_`, `chk_`, `run_` ...) so a
 * misplaced id is visible in a log line and rejected by the schema.
 */
const idTail = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
const prefixedId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_${idTail}$`), `must look like ${prefix}_<id>`);

export const BatchIdSchema = prefixedId("bat");
export const ChunkIdSchema = prefixedId("chk");
export const RunIdSchema = prefixedId("run");
export const ClaimIdSchema = prefixedId("clm");
export const AppealIdSchema = prefixedId("apl");
export const ReportIdSchema = prefixedId("rpt");
export const NotificationIdSchema = prefixedId("ntf");

/** A hospital's code in the hospital register: upper-case letters, digits and dashes, 2-32 long. */
export const HospitalCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "must be 2-32 upper-case letters, digits or dashes");

/** A payment period `YYYY-MM`, by discharge date in Asia/Kuala_Lumpur (DESIGN.md "Claims, dates"). */
export const PeriodSchema = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");

/** A calendar date `YYYY-MM-DD` (Asia/Kuala_Lumpur). */
export const DateSchema = z.iso.date();

/** An instant with its offset, ISO 8601 (`2027-01-31T16:05:00Z`, `2027-02-01T00:05:00+08:00`). */
export const InstantSchema = z.iso.datetime({ offset: true });

/**
 * Money in integer sen, carried as a decimal string: Postgres `numeric` is read as text, and a string
 * never loses precision in JSON, whatever the total (DESIGN.md "Money is exact").
 */
export const SenSchema = z.string().regex(/^(0|[1-9][0-9]*)$/, "must be a non-negative integer amount in sen, as a string");

/** A signed amount in sen (adjustment runs record differences, which may be negative). */
export const SenDeltaSchema = z.string().regex(/^(0|-?[1-9][0-9]*)$/, "must be an integer amount in sen, as a string");

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits");

export const CountSchema = z.number().int().nonnegative();

/**
 * An object-store key: relative, no `..`, no leading slash. Chunk keys are write-once and
 * deterministic: `<step>/<batch>/<chunk>/<input-event-id>.parquet` (DESIGN.md "Shape").
 */
export const ObjectKeySchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9!_.*'()\/=-]+$/, "must be a relative object key");

/** A reference to a stored object: where it is and what the consumer must find there. */
export const ObjectRefSchema = z.strictObject({
  objectKey: ObjectKeySchema,
  sha256: Sha256Schema,
  rowCount: CountSchema,
});
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

/** Configuration kinds, each versioned with an effective range (DESIGN.md "Claims, dates and versions"). */
export const ConfigKindSchema = z.enum(["definition", "tariff", "hospitals", "codeset"]);
export type ConfigKind = z.infer<typeof ConfigKindSchema>;

/** A configuration version id, e.g. `tariff-2027.1`, `cfg_<hex>` (config_version ids), or `<id>@<version>` as prices record them (`my-demo@1`). */
export const VersionIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, "must be a version id");

/** The configuration versions a step used, by kind; each step records those it read. */
export const VersionsUsedSchema = z.strictObject({
  definition: VersionIdSchema.optional(),
  tariff: VersionIdSchema.optional(),
  hospitals: VersionIdSchema.optional(),
  codeset: VersionIdSchema.optional(),
});
