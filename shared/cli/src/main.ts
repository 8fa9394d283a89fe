import { readdir } from "node:fs/promises";

/** A CLI command module: `shared/cli/src/commands/<name>.ts` exporting `run`. */
export type CommandModule = {
  run(args: string[]): Promise<number>;
  /** One line for `casemix help`. */
  summary?: string;
  /** What `casemix <name> --help` prints. */
  usage?: string;
};

const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");

const commandsDir = new URL("./commands/", import.meta.url);

async function commandNames(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function printHelp(): Promise<void> {
  const lines = ["usage: casemix <command> [options]", "", "commands:"];
  for (const name of await commandNames()) {
    const mod = (await import(new URL(`${name}.ts`, commandsDir).href)) as CommandModule;
    lines.push(`  ${name.padEnd(14)} ${mod.summary ?? ""}`);
  }
  console.log(lines.join("\n"));
}

/**
 * Dispatches `casemix <name> ...` to `./commands/<name>.ts`, loading only the command that runs so
 * start-up stays fast.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    await printHelp();
    return 0;
  }
  const names = await commandNames();
  if (!names.includes(name)) {
    console.error(`casemix: unknown command '${name}'. Run 'casemix help' for the list.`);
    return 2;
  }
  const mod = (await import(new URL(`${name}.ts`, commandsDir).href)) as CommandModule;
  // Answered here, never by the command: help must print and exit on a machine with no servers and no
  // env (issue 16.7: `casemix mesh --help` started an OIDC issuer and hung).
  if (wantsHelp(rest)) {
    console.log(mod.usage ?? `usage: casemix ${name} ...\n\n${mod.summary ?? ""}`);
    return 0;
  }
  return mod.run(rest);
}
