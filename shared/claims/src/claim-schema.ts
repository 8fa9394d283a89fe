import { z } from "zod";

/**
 * An inpatient episode as a hospital submits it, close to what MY-DRG casemix submissions carry:
 * the episode (dates, admission type, discharge status), the patient (identifier, sex, birth date,
 * birth weight for newborns), the coding (principal and secondary diagnoses, procedures with dates),
 * the department and the total charges.
 *
 * Codes are plain strings in the code system of the definition in force: no ICD format is hard-wired
 * here (CHS-DRG's `K74.300x006+I98.3*` passes); the definition package says which codes are valid.
 */
const trimmed = (max: number) => z.string().trim().min(1).max(max);
// Year 0000 passes the ISO pattern but is no date (the calendar goes from 1 BC to AD 1), and
// PostgreSQL refuses it (SQLSTATE 22008): intake rejects it with the claim's other date errors.
const isoDate = z.iso.date({ message: "must be a date written YYYY-MM-DD" }).regex(/^(?!0000)/, "must be a date written YYYY-MM-DD");

/** Discharge status codes, as on MY-DRG and CHS-DRG abstracts. */
export const DischargeStatuses = {
  home: "1",
  transferHospital: "2",
  transferCommunity: "3",
  againstAdvice: "4",
  died: "5",
  other: "9",
} as const;

export const AdmissionTypes = ["emergency", "elective", "maternity", "newborn", "transfer", "other"] as const;

export const ProcedureSchema = z.strictObject({
  code: trimmed(64),
  date: isoDate.optional(),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

export const ClaimSubmissionSchema = z.strictObject({
  hospitalCode: z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "must be the hospital's register code: 2-32 upper-case letters, digits or dashes"),
  claimNumber: trimmed(64),
  /** MyKad / passport / MRN as sent; pseudonymised at intake before anything leaves it. */
  patientId: trimmed(64),
  admissionDate: isoDate,
  dischargeDate: isoDate,
  admissionType: z.enum(AdmissionTypes),
  dischargeStatus: z.enum(["1", "2", "3", "4", "5", "9"], { message: "must be 1 home, 2 transfer to hospital, 3 transfer to community, 4 against advice, 5 died or 9 other" }),
  sex: z.enum(["M", "F", "U"], { message: "must be M, F or U" }),
  dateOfBirth: isoDate,
  /** Grams; required by the definition's newborn edits for babies, not by the schema. */
  birthWeightGrams: z.number().int().min(100).max(9999).optional(),
  principalDiagnosis: trimmed(64),
  secondaryDiagnoses: z.array(trimmed(64)).max(50).default([]),
  procedures: z.array(ProcedureSchema).max(50).default([]),
  department: z.string().trim().max(64).optional(),
  /** Ringgit with at most two decimals as a string ("12345.60"), kept exact. */
  totalCharges: z.string().trim().regex(/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/, "must be ringgit with at most two decimals, e.g. 12345.60"),
});
export type ClaimSubmission = z.infer<typeof ClaimSubmissionSchema>;
