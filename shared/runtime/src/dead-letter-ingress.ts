import { Hono } from "hono";
import { deadLetterFromKnative, DeadLetterFormatError, type DeadLetter } from "@casemix/bus";
import type { Queryable } from "@casemix/db";
import { deadLetterAudience, mesh, type Route } from "@casemix/events";
import { eventFromHttp } from "./cloudevent-http.ts";
import { failBatchOfDeadLetter } from "./dead-letter-batch.ts";
import { CasemixError, statusOf } from "./errors.ts";
import { eventAuthenticatorFromEnv, isRefusal, type EventAuthenticator, type EventIngressSettings } from "./event-auth.ts";
import type { Logger } from "./logger.ts";

export type DeadLetterIngressOptions = {
  db: Queryable;
  routes: readonly Route[];
  /** The dead-letter reader's token (on Knative the KafkaSource's OIDC identity), checked first. */
  authenticate: EventAuthenticator;
  log?: Logger;
  /** When the letter was received, for a letter that does not say when it died (tests pass a fixed one). */
  now?: () => Date;
};

/**
 * `POST /dead-letters`: on Knative, where the Broker's dispatcher hands a failed event to the
 * dead-letter KafkaSink and no code of ours sees it, a KafkaSource reads the dead-letter topic back
 * and posts each letter here, with Knative's error attributes; the batch of a dead-lettered chunk is
 * marked failed, as the local dispatchers do in process (`onDeadLetter`). The letter's id is the one
 * `casemix dlq list` shows (`deadLetterId`). Answers 202 (a redelivery changes nothing), 400 to what
 * is not a dead letter (the KafkaSource does not retry it), 401/403 before reading anything, 503 when
 * the database is away (retried).
 *
 * Why a KafkaSource and not a Trigger: the dead-letter topic is not a Broker's, so no Trigger can
 * filter it, and a dead-letter sink that is itself a Service would lose the letter whenever that
 * Service fails; the KafkaSink keeps every letter for `casemix dlq` and the source reads it at leisure.
 */
export function createDeadLetterIngress({ db, routes, authenticate, log, now = () => new Date() }: DeadLetterIngressOptions): Hono {
  const app = new Hono();
  app.post(mesh.deadLetter.path, async (c) => {
    const caller = await authenticate(c.req.header("authorization"));
    if (isRefusal(caller)) return c.json({ error: caller.error }, caller.status);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    let letter: DeadLetter;
    try {
      letter = deadLetterFromKnative(eventFromHttp({ headers, body: await c.req.text() }), routes, now().toISOString());
    } catch (error) {
      if (error instanceof DeadLetterFormatError) return c.json({ error: { code: error.code, message: error.message, field: error.field } }, 400);
      const body = error instanceof CasemixError ? error.toJSON() : { code: "E_BAD_REQUEST", message: String(error) };
      return c.json({ error: body }, statusOf(error) as 400);
    }
    try {
      const failed = await failBatchOfDeadLetter(db, letter);
      log?.warn("dead letter received", { deadLetterId: letter.id, route: letter.route, status: letter.status, type: letter.event.type, batchFailed: failed });
    } catch (error) {
      log?.error("dead letter not recorded", { deadLetterId: letter.id, error: (error as Error).message });
      return c.json({ error: { code: "E_DEAD_LETTER_UNRECORDED", message: "the batch of this dead letter could not be updated; deliver it again" } }, 503);
    }
    return c.body(null, 202);
  });
  return app;
}

/**
 * The dead-letter ingress's authenticator from the env: the event issuer and keys, the audience
 * `deadLetterAudience(fn)`, the senders DEAD_LETTER_SENDERS. Without them it refuses everything.
 */
export function deadLetterAuthenticatorFromEnv(env: EventIngressSettings & { DEAD_LETTER_SENDERS?: string[] }, fn: string): { authenticate: EventAuthenticator; configured: boolean } {
  return eventAuthenticatorFromEnv({ ...env, EVENT_AUDIENCE: deadLetterAudience(fn), EVENT_SENDERS: env.DEAD_LETTER_SENDERS }, deadLetterAudience(fn));
}
