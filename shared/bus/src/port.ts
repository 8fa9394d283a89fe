import type { CasemixEvent } from "@casemix/events";

/**
 * The bus port. The in-process bus and the Kafka bus both deliver events to subscribers by the
 * routing table in `events/`, with Knative Broker semantics: filters on attributes, retries with
 * backoff on 5xx/429/404/409, no retry on 400, dead-letter after the last retry, replies published
 * back onto the bus.
 */
export type DeliveryResult = {
  /** HTTP-style status, as a Knative Broker reads a subscriber's answer. */
  status: number;
  /** The reply event, when status is 200. */
  reply?: CasemixEvent;
  /** Why it was not handled, when the subscriber said (kept with a dead letter). */
  error?: { code: string; message: string };
};

/** What a subscriber is: a function name and how to deliver to it (in-process call or HTTP POST). */
export type Subscriber = {
  name: string;
  deliver(event: CasemixEvent): Promise<DeliveryResult>;
};

export type DeadLetter = {
  id: string;
  route: string;
  event: CasemixEvent;
  status: number;
  reason: string;
  attempts: number;
  at: string;
};

export interface Bus {
  /** Publishes events (batched where the transport allows). Resolves once the broker has them. */
  publish(events: readonly CasemixEvent[]): Promise<void>;
  /** Attaches a subscriber for a function name of the routing table. */
  subscribe(subscriber: Subscriber): Promise<void>;
  /** Resolves when nothing is in flight (tests and the embedded runner). */
  idle(): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  /** Re-publishes a dead-lettered event to its route and removes it from the dead-letter store. */
  replay(id: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: "memory" | "kafka";
}
