import { mesh } from "@casemix/events";
import { DEFAULT_EVENTS_TOPIC, deadLetterTopicFor } from "@casemix/bus";
import { OBJECT_PREFIXES } from "@casemix/storage";
import { deployment } from "@casemix/knative";
import type { CodeFacts } from "./policies.ts";

/** The topics, prefixes and secrets the functions' configuration names, read from the code itself. */
export function codeFacts(): CodeFacts {
  return {
    topics: [mesh.deadLetter.topic, DEFAULT_EVENTS_TOPIC, deadLetterTopicFor(DEFAULT_EVENTS_TOPIC)],
    prefixes: [...OBJECT_PREFIXES],
    secrets: [...deployment.secretKeys],
    secretName: deployment.envSecret,
  };
}
