/**
 * The shell blocks of the project's markdown that are marked to be run by the docs test
 * (e2e/docs/README.md): an HTML comment on the line before a ```sh or ```bash fence.
 *
 *   <!-- runnable -->                          run the block
 *   <!-- runnable until="text" timeout=600 --> run it; once its output holds "text", interrupt the
 *                                              program then running (SIGINT to the innermost processes)
 *                                              and go on with the block; its exit code must be 0
 *   <!-- runnable skip="reason" -->            count its commands as skipped, printing the reason
 *
 * Pure: text in, blocks out.
 */

export type Marker = { kind: "run"; until?: string; timeoutS?: number } | { kind: "skip"; reason: string };

export type ShellBlock = {
  /** 1-based line of the opening fence. */
  line: number;
  /** The marker, or null when the block is not marked. */
  marker: Marker | null;
  /** The block's text, as a shell script. */
  script: string;
  /** Its commands: lines joined over `\` continuations and here-documents, without comments. */
  commands: string[];
};

const FENCE_OPEN = /^```(sh|bash|shell)\s*$/;
const MARKER = /^<!--\s*runnable\b(.*?)-->\s*$/;
const ATTRIBUTE = /(\w[\w-]*)=(?:"([^"]*)"|(\S+))/g;

/** Reads a marker comment; throws on an attribute it does not know, so a typo is never ignored. */
export function parseMarker(text: string): Marker | null {
  const match = MARKER.exec(text.trim());
  if (!match) return null;
  const attributes = new Map<string, string>();
  for (const a of match[1].matchAll(ATTRIBUTE)) attributes.set(a[1], a[2] ?? a[3]);
  const rest = match[1].replaceAll(ATTRIBUTE, "").trim();
  if (rest !== "") throw new Error(`runnable marker: cannot read "${rest}"`);
  for (const key of attributes.keys()) {
    if (!["until", "timeout", "skip"].includes(key)) throw new Error(`runnable marker: unknown attribute ${key}`);
  }
  const skip = attributes.get("skip");
  if (skip !== undefined) {
    if (skip.trim() === "") throw new Error("runnable marker: skip needs a reason");
    return { kind: "skip", reason: skip };
  }
  const timeout = attributes.get("timeout");
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new Error(`runnable marker: timeout=${timeout} is not whole seconds`);
  return { kind: "run", until: attributes.get("until"), timeoutS: timeout === undefined ? undefined : Number(timeout) };
}

/** Every shell block of a markdown text, marked or not. */
export function shellBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split("\n");
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE_OPEN.test(lines[i].trimEnd())) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trimEnd() !== "```"; i++) body.push(lines[i]);
    let marker: Marker | null = null;
    try {
      marker = start > 0 ? parseMarker(lines[start - 1]) : null;
    } catch (error) {
      throw new Error(`line ${start}: ${(error as Error).message}`);
    }
    blocks.push({ line: start + 1, marker, script: body.join("\n") + "\n", commands: splitCommands(body) });
  }
  return blocks;
}

/** Lines of a shell script as commands: continuations and here-documents joined, comments and blanks left out. */
export function splitCommands(lines: string[]): string[] {
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let command = lines[i];
    if (command.trim() === "" || command.trim().startsWith("#")) continue;
    while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1)}${lines[++i]}`;
    const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(command);
    if (heredoc) {
      const end = heredoc[1];
      while (i + 1 < lines.length && lines[i + 1].trim() !== end) command += `\n${lines[++i]}`;
      if (i + 1 < lines.length) command += `\n${lines[++i]}`;
    }
    commands.push(command.trim());
  }
  return commands;
}
