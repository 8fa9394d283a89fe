/**
 * Splits a SQL script into statements at top-level semicolons, skipping those inside quotes,
 * comments and dollar-quoted bodies. Migrations run statement by statement because PGlite's
 * extended-protocol `query` takes one statement at a time (only the pg simple protocol takes many).
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    const next = script[i + 1];
    if (c === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (c === "/" && next === "*") {
      const end = script.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      i = closingQuote(script, i, c);
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_][A-Za-z0-9_]*\$|^\$\$/.exec(script.slice(i, i + 64));
      if (tag) {
        const end = script.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else i++;
    } else if (c === ";") {
      push(statements, script.slice(start, i));
      start = ++i;
    } else i++;
  }
  push(statements, script.slice(start));
  return statements;
}

/** Index after the quote closing the one at `open`; a doubled quote is an escaped one. */
function closingQuote(script: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < script.length) {
    if (script[i] === quote) {
      if (script[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return script.length;
}

function push(statements: string[], text: string): void {
  // A chunk holding only comments and blanks is no statement.
  const meaningful = text.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim();
  if (meaningful) statements.push(text.trim());
}
