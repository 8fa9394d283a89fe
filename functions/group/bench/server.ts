/**
 * The group function as its own HTTP service, for the latency benchmark (latency.ts starts it pinned
 * to its own core). Reads the same env as `casemix function group`; prints `READY <port>` when listening.
 */
import { runFunctionProcess } from "@casemix/runtime";
import groupModule from "../src/function.ts";

const proc = await runFunctionProcess(groupModule, process.env);
process.stdout.write(`READY ${proc.server.port}\n`);
const stop = async () => {
  await proc.close();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
