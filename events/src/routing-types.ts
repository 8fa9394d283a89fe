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
  /** The event types this route is meant to receive; a test checks the filters select exactly these. */
  types?: string[];
  /**
   * Deliver one partition (one hospital) at a time, in order: Kafka broker Trigger annotation
   * `kafka.eventing.knative.dev/delivery.order: ordered`. Default unordered.
   */
  ordered?: boolean;
  /** Why the route exists, in a sentence. */
  description?: string;
};

/** A function of the mesh: one Knative Service. */
export type FunctionSpec = {
  /** kebab-case; the Service name, the `source` suffix (`/casemix/<name>`) and the consumer name. */
  name: string;
  description: string;
  /**
   * Sends events other than its reply (outbox relay, REST ingress, fan-out), so it needs `K_SINK`:
   * it gets a SinkBinding to the Broker.
   */
  sends: boolean;
  /** Serves authenticated REST routes to callers outside the cluster; otherwise cluster-local only. */
  public: boolean;
  /** Requests one instance handles at once: Knative `containerConcurrency` and the autoscaling target. */
  concurrency: number;
  /** Request timeout in seconds (Knative `timeoutSeconds`); at least the delivery timeout of its routes. */
  timeoutSeconds: number;
  /** Resource class: memory and CPU requests/limits are derived from it when deploying. */
  size: "small" | "medium" | "large";
};

/** A timed tick (Knative PingSource), delivered through the Broker to the scheduler function. */
export type Schedule = {
  /** kebab-case; the PingSource name and the `schedule` field of the tick's data. */
  name: string;
  /** Standard 5-field cron. */
  cron: string;
  /** IANA time zone the cron is read in. */
  timezone: string;
  description: string;
};
