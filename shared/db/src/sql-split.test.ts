import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "./sql-split.ts";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons and drops comment-only pieces", () => {
    expect(splitSqlStatements("create table a (x int); -- note\n-- only a comment;\ncreate index i on a (x);")).toEqual([
      "create table a (x int)",
      "-- note\n-- only a comment;\ncreate index i on a (x)",
    ]);
  });

  it("keeps semicolons inside strings, quoted identifiers, block comments and dollar-quoted bodies", () => {
    const script = `insert into t values ('a;''b');
select 1 as "x;y" /* ; */;
create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql;
do $$ begin perform 1; end $$`;
    expect(splitSqlStatements(script)).toHaveLength(4);
  });
});
