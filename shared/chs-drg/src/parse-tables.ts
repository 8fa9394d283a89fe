/**
 * Parsers for the CHS-DRG 1.1 text tables (`MDC/*.dat`, `ADRG/*.dat`, `1_MDC.txt`, ...), the layout
 * described in ../shared/data/chs-drg-1.1/README.md. One record per line: a code, a space, a name.
 */

/** A parse problem, naming the file and line. */
export class TableParseError extends Error {
  readonly code = "E_CHS_TABLE_PARSE";
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

export type CodeLine = { code: string; name: string };

const CODE = /^[0-9A-Z][0-9A-Za-z.+*\-]*$/;

/** Splits `<code> <name>`; null when the first token is not a code (a header line). */
export function splitCodeLine(line: string): CodeLine | null {
  const sp = line.indexOf(" ");
  const code = sp < 0 ? line : line.slice(0, sp);
  if (!CODE.test(code)) return null;
  // `~~` marks a line wrap of the source PDF (README glossary): drop it from names.
  return { code, name: sp < 0 ? "" : line.slice(sp + 1).replaceAll("~~", "").trim() };
}

/** Lines of a table file without trailing CR and without empty lines, with their 1-based numbers. */
export function tableLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].replace(/\r$/, "").trim();
    if (t !== "") out.push({ text: t, line: i + 1 });
  }
  return out;
}

/** `1_MDC.txt`, `2_ADRG.txt`, `3_DRG.txt`: one `<code> <title>` per line. */
export function parseTitles(file: string, text: string): CodeLine[] {
  return tableLines(text).map(({ text: t, line }) => {
    const c = splitCodeLine(t);
    if (!c) throw new TableParseError(file, line, `expected "<code> <title>", got "${t}"`);
    return c;
  });
}

/** An MDC principal table; for MDCZ, every code carries its body-region header. */
export type MdcTable = { codes: CodeLine[]; regions: (string | null)[] };

export function parseMdcTable(file: string, text: string): MdcTable {
  const codes: CodeLine[] = [];
  const regions: (string | null)[] = [];
  let region: string | null = null;
  for (const { text: t, line } of tableLines(text)) {
    if (t.startsWith("#")) continue; // a disabled entry (README glossary: S12.910 in MDCZ.dat)
    if (t === "包含以下主要诊断：") continue;
    const c = splitCodeLine(t);
    if (c) {
      codes.push(c);
      regions.push(region);
    } else if (/^[\u4e00-\u9fff、]+$/.test(t)) region = t;
    else throw new TableParseError(file, line, `unrecognised line "${t}"`);
  }
  return { codes, regions };
}

/** The rule text of one ADRG file, by section. */
export type AdrgText = {
  principal: CodeLine[];
  mainProcedure: CodeLine[];
  bothFirst: CodeLine[];
  bothSecond: CodeLine[];
  anyDiagnosis: CodeLine[];
  /** `全部手术`: the main procedure is any OR procedure. */
  anyOrProcedure: boolean;
  /** `符合 MDCZ 主诊表，且无手术`: no procedure on the claim is an OR procedure. */
  noOrProcedure: boolean;
  /** `包含以下主要诊断+手术表 1+手术表 2` lines: each alternative is a list of table numbers. */
  tableCombos: number[][];
  tables: Map<number, CodeLine[]>;
};

type Section = CodeLine[] | null;

/** Parses an `ADRG/<code>.dat` file; every line is either a known header or a code line. */
export function parseAdrgText(file: string, text: string): AdrgText {
  const r: AdrgText = {
    principal: [],
    mainProcedure: [],
    bothFirst: [],
    bothSecond: [],
    anyDiagnosis: [],
    anyOrProcedure: false,
    noOrProcedure: false,
    tableCombos: [],
    tables: new Map(),
  };
  let section: Section = null;
  for (const { text: t, line } of tableLines(text)) {
    const header = t.replace(/\s+/g, " ");
    if (header === "包含以下主要诊断：" || header === "主要诊断：") section = r.principal;
    else if (header === "包含以下主要手术或操作：") section = r.mainProcedure;
    else if (header === "同时包含以下手术：") section = r.bothFirst;
    else if (header === "和") section = r.bothSecond;
    else if (header === "主要诊断或其他诊断中包含以下诊断：" || header === "包含以下诊断：") section = r.anyDiagnosis;
    else if (header === "全部手术" || header === "包含全部手术") {
      r.anyOrProcedure = true;
      section = null;
    } else if (header === "符合 MDCZ 主诊表，且无手术") {
      r.noOrProcedure = true;
      section = null;
    } else if (/^或?包含以下主要诊断\+/.test(header)) {
      r.tableCombos.push([...header.matchAll(/手术表 ?(\d+)/g)].map((m) => Number(m[1])));
      section = null;
    } else if (/^手术(表)? ?\d+：$/.test(header)) {
      const n = Number(/\d+/.exec(header)![0]);
      if (!r.tables.has(n)) r.tables.set(n, []);
      section = r.tables.get(n)!;
    } else {
      const c = splitCodeLine(t);
      if (!c) throw new TableParseError(file, line, `unrecognised header "${t}"`);
      if (!section) throw new TableParseError(file, line, `code ${c.code} outside any list`);
      section.push(c);
    }
  }
  return r;
}
