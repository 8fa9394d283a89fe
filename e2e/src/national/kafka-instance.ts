import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../scripts/kafka-instance.sh", import.meta.url));

/**
 * A Kafka of this test's own (scripts/kafka-instance.sh) on `port` and `port + 1`, so stopping and
 * restarting a broker never touches the shared one on 9092. Started fresh; `close` deletes its data.
 */
export type KafkaInstance = { brokers: string; stop(how?: "term" | "kill"): Promise<void>; start(): Promise<void>; close(): Promise<void> };

export async function startKafkaInstance(port: number): Promise<KafkaInstance> {
  const call = async (...args: string[]) => {
    const { stderr } = await run("bash", [script, ...args], { timeout: 180_000 });
    if (stderr.trim()) console.log(stderr.trim());
  };
  await call("start", String(port), "--fresh");
  return {
    brokers: `127.0.0.1:${port}`,
    stop: (how = "kill") => call("stop", String(port), ...(how === "kill" ? ["--kill"] : [])),
    start: () => call("start", String(port)),
    close: () => call("clean", String(port)),
  };
}
