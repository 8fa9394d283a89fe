import { defineFunction, type FunctionModule } from "@casemix/runtime";
import { createSchedulerHandler } from "./handler.ts";
import { postCloseRoute } from "./routes/periods/close-post.ts";

/** The scheduler: PingSource ticks to domain events, and the admin call that closes a period by hand. */
export function createSchedulerModule(): FunctionModule {
  return defineFunction({
    name: "scheduler",
    create: (platform) => ({
      fn: createSchedulerHandler(),
      routes: postCloseRoute({ verifier: platform.verifier, send: (events) => platform.send(events), now: platform.now }),
    }),
  });
}

export default createSchedulerModule();
