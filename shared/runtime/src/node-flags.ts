/**
 * The Node flags every function process runs with (its image's ENTRYPOINT, `casemix mesh`'s children,
 * the test and benchmark harnesses), beside any memory limits of its own.
 *
 * `--experimental-async-context-frame` keeps AsyncLocalStorage in a frame copied only when a store is
 * entered (Node 24's default), instead of Node 22's async hooks, which copy every enabled store onto
 * every promise. The runtime holds one store on every request and event (the database scope and
 * caller), and tracing adds OpenTelemetry's context: measured on this machine (2026-12-07, 2 million
 * awaits, Node 22.23), 540 ms with no store, 1,750 with one, 2,620 with two; with the flag 510-600 in
 * all three. Tracing's store thus slowed every await of every function; with the flag and a longer
 * pool idle time together, the 400k telemetry benchmark measured no cost (e2e README).
 */
export const RUNTIME_NODE_FLAGS: readonly string[] = ["--experimental-async-context-frame"];
