#!/usr/bin/env node
// Entry point for `npx casemix`. The CLI is TypeScript run by Node 22's type stripping.
import { main } from "../src/main.ts";

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code ?? 0; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; },
);
