import { loadFunctionModules, runFunctionUntilStopped } from "@casemix/runtime";

export const summary = "run one function as its own HTTP service (PORT, K_SINK and connection variables from the env)";

/** `casemix function <name>`: the process a Knative Service runs for one function. */
export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const [name] = args;
  if (!name) {
    console.error("usage: casemix function <name>   (names: the folders under functions/)");
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
