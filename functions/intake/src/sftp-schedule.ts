import type { IntakeDeps } from "./routes/context.ts";

/** Placeholder until the SFTP connector lands; replaced below. */
export function createSftpSchedule(_deps: IntakeDeps): { stop(): Promise<void> } {
  return { stop: async () => {} };
}
