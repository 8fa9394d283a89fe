/**
 * The routing table's vocabulary, shaped like Knative Eventing so that the in-process bus, the Kafka
 * dispatcher and the generated Triggers read the same facts.
 * Knative Trigger `spec.filters`: https://knative.dev/docs/eventing/triggers/#trigger-filtering
 */
export type Attributes = Record<string, string>;

export type Filter =
  | { exact: Attributes }
  | { prefix: Attributes }
  | { suffix: Attributes }
  | { all: Filter[] }
  | { any: Filter[] }
  | { not: Filter };

export type DeliverySpec = {
  /** Retries after the first attempt. */
  retry: number;
  backoffPolicy: "exponential" | "linear";
  /** ISO 8601 duration of the first backoff, e.g. "PT1S". */
  backoffDelay: string;
  /** Whether undeliverable events go to the dead-letter sink (always true in this project). */
  deadLetter: boolean;
  /** Per-attempt timeout, ISO 8601 duration. */
  timeout?: string;
};

export type Route = {
  /** Stable route name; becomes the Trigger name and the Kafka consumer group. */
  name: string;
  /** The function (Knative Service) that receives the events. */
  subscriber: string;
  /** All filters must match (Knative `spec.filters` semantics). */
  filters: Filter[];
  delivery: DeliverySpec;
};
