/**
 * A streaming RFC 4180 CSV parser: text goes in piece by piece, complete records come out, so a
 * 1M-claim file never sits in memory. Problems are values on the record (a bad record never stops
 * the file): a bare quote, text after a closing quote, a field over the size limit, a quoted field
 * still open at the end of the input (a truncated file).
 */
export type CsvRecordError = { code: string; message: string };

export type CsvRecord = {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  error?: CsvRecordError;
};

export type CsvParserOptions = {
  /** Longest field kept, in characters; longer ones are cut and the record marked E_CSV_FIELD_TOO_LONG. */
  maxFieldChars?: number;
  /** Most fields kept per record; more mark the record E_CSV_TOO_MANY_FIELDS. */
  maxFields?: number;
};

export type CsvParser = {
  /** Parses the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[];
  /** Ends the input; returns the last record, if any. */
  end(): CsvRecord[];
};

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * @example
 * const p = createCsvParser();
 * const records = [...p.push('a,"b\nc"\n1,2\n'), ...p.end()]; // [["a","b\nc"],["1","2"]]
 */
export function createCsvParser({ maxFieldChars = 65_536, maxFields = 256 }: CsvParserOptions = {}): CsvParser {
  let fields: string[] = [];
  let field = "";
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quoted field closed; expecting a delimiter or end of line
  let fieldStarted = false;
  let pendingCr = false;
  let maybeEscapedQuote = false; // a piece ended right after a quote inside a quoted field
  let line = 1;
  let recordLine = 1;
  let error: CsvRecordError | undefined;
  let out: CsvRecord[] = [];

  const fail = (code: string, message: string) => {
    if (!error) error = { code, message };
  };
  const append = (s: string) => {
    if (field.length + s.length > maxFieldChars) {
      fail("E_CSV_FIELD_TOO_LONG", `a field on line ${recordLine} is longer than ${maxFieldChars} characters`);
      field += s.slice(0, Math.max(0, maxFieldChars - field.length));
    } else field += s;
  };
  const endField = () => {
    if (fields.length < maxFields) fields.push(field);
    else fail("E_CSV_TOO_MANY_FIELDS", `line ${recordLine} has more than ${maxFields} fields`);
    field = "";
    fieldStarted = false;
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === "" && !error)) out.push(error ? { fields, line: recordLine, error } : { fields, line: recordLine });
    fields = [];
    error = undefined;
    recordLine = line;
  };

  const push = (text: string): CsvRecord[] => {
    out = [];
    const n = text.length;
    let i = 0;
    if (pendingCr && n > 0) {
      pendingCr = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    if (maybeEscapedQuote && n > 0) {
      maybeEscapedQuote = false;
      if (text.charCodeAt(0) === QUOTE) {
        quoted = true;
        afterQuote = false;
        append('"');
        i = 1;
      }
    }
    while (i < n) {
      if (quoted) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          countLines(text, i, n);
          append(text.slice(i));
          i = n;
          break;
        }
        countLines(text, i, q);
        append(text.slice(i, q));
        if (q + 1 >= n) {
          // The quote may be the first of an escaped pair: decide on the next piece.
          quoted = false;
          afterQuote = true;
          maybeEscapedQuote = true;
          i = q + 1;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          append('"');
          i = q + 2;
        } else {
          quoted = false;
          afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        endField();
        i++;
      } else if (c === LF || c === CR) {
        line++;
        endRecord();
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else pendingCr = true;
        }
        i++;
      } else if (c === QUOTE) {
        if (!fieldStarted && field === "") {
          quoted = true;
        } else {
          fail("E_CSV_QUOTE", `line ${recordLine} has a quote inside an unquoted field (quote the whole field and double the quote)`);
          append('"');
        }
        fieldStarted = true;
        i++;
      } else {
        if (afterQuote) fail("E_CSV_QUOTE", `line ${recordLine} has text after a closing quote`);
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
          j++;
        }
        append(text.slice(i, j));
        fieldStarted = true;
        i = j;
      }
    }
    return out;
  };

  function countLines(text: string, from: number, to: number) {
    for (let k = text.indexOf("\n", from); k !== -1 && k < to; k = text.indexOf("\n", k + 1)) line++;
  }

  return {
    push,
    end: () => {
      out = [];
      if (quoted) {
        fail("E_CSV_UNTERMINATED_QUOTE", `the quoted field starting on line ${recordLine} is never closed: the file may be truncated`);
        quoted = false;
      }
      if (fieldStarted || field !== "" || fields.length > 0 || afterQuote) endRecord();
      return out;
    },
  };
}
