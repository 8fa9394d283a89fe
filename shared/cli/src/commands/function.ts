import { loadFunctionModules, runFunctionUntilStopped } from "@casemix/runtime";

export const summary = "run one function as its own HTTP service (PORT, K_SINK and connection variables from the env)";

export const usage = `usage: casemix function <name>

Runs one function (a folder under functions/) as its own HTTP service, what its Knative Service runs:
CloudEvents on POST /, /healthz and /readyz, its REST routes; outbox events go to K_SINK. Reads PORT,
K_SINK, DATABASE_URL (or PGLITE_DATA_DIR), S3_*, REDIS_URL, OIDC_* from the env. Stops on SIGTERM.`;

/** `casemix function <name>`: the process a Knative Service runs for one function. */
export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const [name] = args;
  if (!name) {
    console.error(usage);
    return 2;
  }
  const [module] = await loadFunctionModules(undefined, [name]);
  if (!module) {
    console.error(`casemix function: no function '${name}' under functions/`);
    return 2;
  }
  await runFunctionUntilStopped(module, env);
  return 0;
}
