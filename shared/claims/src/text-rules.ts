import type { ClaimError } from "./claim-errors.ts";

/**
 * The character rules of every stored text field, whatever format the claim came in (CSV, NDJSON,
 * JSON, one claim over REST): one place, so no format lets through what another refuses.
 *
 * - E_ENCODING: U+FFFD (what a decoder puts where the bytes were not UTF-8) or a lone surrogate (a
 *   JSON `\ud800` escape: no Unicode character; PostgreSQL refuses it in jsonb, a UTF-8 encoder
 *   silently turns it into U+FFFD).
 * - E_CONTROL_CHARACTER: C0 controls but tab, line feed and carriage return, and DEL: they have no
 *   place in a claim, and PostgreSQL refuses NUL in text and jsonb (SQLSTATE 22021, 22P05), which
 *   once stranded a whole chunk (issue 16).
 * - E_FORMULA_TEXT: text starting like a spreadsheet formula (OWASP CSV injection), so a result CSV
 *   opened in a spreadsheet cannot run it.
 */
export type TextRule = "E_ENCODING" | "E_CONTROL_CHARACTER" | "E_FORMULA_TEXT";

const NOT_UNICODE = /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const FORMULA = /^[=+@\t\r]/;

/** The first character rule `text` breaks, if any. */
export function brokenTextRule(text: string): TextRule | undefined {
  if (NOT_UNICODE.test(text)) return "E_ENCODING";
  if (CONTROL.test(text)) return "E_CONTROL_CHARACTER";
  if (FORMULA.test(text)) return "E_FORMULA_TEXT";
  return undefined;
}

/** Whether text may be stored as it is: not for a value the database would refuse or garble. */
export function storableText(text: string): boolean {
  const rule = brokenTextRule(text);
  return rule !== "E_ENCODING" && rule !== "E_CONTROL_CHARACTER";
}

/**
 * Text safe to put in a message, a log line or a stored column: every character that breaks a rule
 * (and every surrogate, since slicing can split a pair) becomes `?`, and it is cut at `max`.
 */
export function printable(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  return cut.replace(/[\u0000-\u001f\u007f\uFFFD\uD800-\uDFFF]/g, "?");
}

const RULE_SENTENCE: Record<TextRule, string> = {
  E_ENCODING: "holds bytes that are not UTF-8 text: save the file as UTF-8",
  E_CONTROL_CHARACTER: "contains a control character",
  E_FORMULA_TEXT: "must not start with = + or @ (spreadsheet formula)",
};

/** Claims nest three levels; anything deeper is refused before parsing (see jsonDepthExceeded). */
const MAX_DEPTH = 8;

/**
 * Every character rule broken anywhere in a claim: each string value at any depth and each field
 * name, one error per field, naming the field (its path, e.g. `procedures.0.date`) and the rule,
 * never the value. `label` turns a top-level field into the words a coder reads.
 */
export function textRuleErrors(input: unknown, label: (field: string) => string): ClaimError[] {
  const out: ClaimError[] = [];
  const walk = (value: unknown, path: string[], depth: number) => {
    if (typeof value === "string") {
      const rule = brokenTextRule(value);
      if (rule) out.push({ code: rule, field: path.join("."), message: `${label(path[0])}${path.length > 1 ? ` (${path.slice(1).join(".")})` : ""} ${RULE_SENTENCE[rule]}` });
      return;
    }
    if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return;
    for (const [key, v] of Object.entries(value)) {
      const keyRule = brokenTextRule(key);
      if (keyRule && keyRule !== "E_FORMULA_TEXT") out.push({ code: keyRule, field: "(field name)", message: `a field name ${RULE_SENTENCE[keyRule]}` });
      walk(v, [...path, keyRule ? printable(key) : key], depth + 1);
    }
  };
  if (typeof input === "object" && input !== null && !Array.isArray(input)) walk(input, [], 0);
  return out;
}
