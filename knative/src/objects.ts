import { dataJsonSchemaFor, deadLetterAudience, eventAudience, eventCatalog, mesh, type CasemixRoute, type EventType, type DeliverySpec, type FunctionSpec, type Schedule } from "@casemix/events";
import { deployment, resources } from "./settings.ts";
import { kafkaSourceIdentity, triggerIdentity } from "./identities.ts";

/** A Kubernetes object as plain data, ready for YAML. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
};

/** A reference to another object, as Knative's KReference. */
export type KRef = { apiVersion: string; kind: string; name: string; namespace?: string };

const namespace = mesh.namespace;
const partOf = "casemix-mesh";

export const brokerRef: KRef = { apiVersion: "eventing.knative.dev/v1", kind: "Broker", name: mesh.broker };
export const deadLetterRef: KRef = { apiVersion: "eventing.knative.dev/v1alpha1", kind: "KafkaSink", name: mesh.deadLetter.name };
export const serviceRef = (name: string): KRef => ({ apiVersion: "serving.knative.dev/v1", kind: "Service", name });

/**
 * A function's two Services from the same image (issue 17): `<fn>`, public, serving only its REST
 * routes (FUNCTION_SERVES=rest), and `<fn>-events`, cluster-local, serving only its CloudEvent ingress
 * (FUNCTION_SERVES=events), the subscriber of its Triggers. A function without REST routes has only the
 * second, one without Triggers only the first.
 */
export type ServiceRole = "rest" | "events";
export const eventServiceName = (fn: string) => `${fn}-events`;

const labels = (name: string, component: string) => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/part-of": partOf,
  "app.kubernetes.io/component": component,
  "app.kubernetes.io/managed-by": "casemix-knative-generator",
});

/** The Broker's Kafka settings (Knative Kafka broker: bootstrap servers, topic partitions, replication). */
export function brokerConfigMap(): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kafka-broker-config", namespace, labels: labels("kafka-broker-config", "eventing") },
    data: {
      "bootstrap.servers": deployment.bootstrapServers.join(","),
      "default.topic.partitions": String(deployment.topicPartitions),
      "default.topic.replication.factor": String(deployment.topicReplicationFactor),
    },
  };
}

function delivery(spec: DeliverySpec): Record<string, unknown> {
  return {
    retry: spec.retry,
    backoffPolicy: spec.backoffPolicy,
    backoffDelay: spec.backoffDelay,
    // Per-attempt timeout: Knative's delivery-timeout feature (see terraform/README.md, Knative install).
    ...(spec.timeout ? { timeout: spec.timeout } : {}),
    ...(spec.deadLetter ? { deadLetterSink: { ref: deadLetterRef } } : {}),
  };
}

/** The mesh's Broker, of class Kafka; its own delivery is the default for anything without a Trigger's. */
export function broker(defaultDelivery: DeliverySpec): K8sObject {
  const { timeout: _timeout, ...withoutTimeout } = defaultDelivery;
  return {
    apiVersion: "eventing.knative.dev/v1",
    kind: "Broker",
    metadata: { name: mesh.broker, namespace, labels: labels(mesh.broker, "eventing"), annotations: { "eventing.knative.dev/broker.class": "Kafka" } },
    spec: {
      config: { apiVersion: "v1", kind: "ConfigMap", name: "kafka-broker-config", namespace },
      delivery: delivery(withoutTimeout),
    },
  };
}

/** Where undeliverable events go: a Kafka topic that `casemix dlq list|replay` reads. */
export function deadLetterSink(): K8sObject {
  return {
    apiVersion: "eventing.knative.dev/v1alpha1",
    kind: "KafkaSink",
    metadata: { name: mesh.deadLetter.name, namespace, labels: labels(mesh.deadLetter.name, "eventing") },
    spec: { topic: mesh.deadLetter.topic, bootstrapServers: [...deployment.bootstrapServers], contentMode: "binary" },
  };
}

/**
 * The reader of the dead-letter topic: Knative's dispatcher hands a failed event to the KafkaSink above
 * and no code of ours sees it, so a KafkaSource reads the topic back and posts each letter (the original
 * event plus knativeerrordest/-code/-data) to the dead-letter ingress of the function that completes
 * batches (`mesh.deadLetter`), which fails the batch of a dead-lettered chunk, as the local dispatchers
 * do in process. A KafkaSource, not a Trigger: the topic is no Broker's, and the sink keeps every letter
 * for `casemix dlq` whatever the reader does. From the earliest offset, so letters written before the
 * source existed fail their batches too (the ingress is idempotent). It authenticates like a Trigger:
 * with `authentication-oidc` the source sends a token for `sink.audience` as its own identity, which
 * the consumer's events Service accepts (DEAD_LETTER_SENDERS). Its own delivery has retries and no
 * dead-letter sink: a letter it cannot deliver is still on the topic for `casemix dlq`.
 */
export function deadLetterSource(retry: Pick<DeliverySpec, "retry" | "backoffPolicy" | "backoffDelay">): K8sObject {
  const { reader, consumer, topic, path } = mesh.deadLetter;
  return {
    apiVersion: "sources.knative.dev/v1beta1",
    kind: "KafkaSource",
    metadata: { name: reader, namespace, labels: labels(consumer, "eventing") },
    spec: {
      bootstrapServers: [...deployment.bootstrapServers],
      topics: [topic],
      consumerGroup: `casemix.${reader}`,
      initialOffset: "earliest",
      sink: { ref: serviceRef(eventServiceName(consumer)), uri: path, audience: deadLetterAudience(consumer) },
      delivery: { retry: retry.retry, backoffPolicy: retry.backoffPolicy, backoffDelay: retry.backoffDelay },
    },
  };
}

/** Non-secret environment shared by every function. */
export function envConfigMap(extra: Record<string, string> = {}): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: deployment.envConfigMap, namespace, labels: labels(deployment.envConfigMap, "config") },
    data: { ...deployment.env, ...extra },
  };
}

const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path },
  periodSeconds,
  failureThreshold,
  timeoutSeconds: 2,
});

/**
 * A function as a Knative Service that scales to zero (KPA, concurrency target = its concurrency), in
 * one of its two roles; `triggers` are the routes the events Service receives (their identities may send).
 */
/**
 * Where the web application finds each REST API: the public REST Service of every function present,
 * by its cluster-local address (functions/web env.ts WEB_API_URLS).
 */
export function webApiUrls(present: readonly { name: string; public: boolean }[]): string {
  return present.filter((fn) => fn.public && fn.name !== "web").map((fn) => `${fn.name}=http://${fn.name}.${namespace}.svc.cluster.local`).join(",");
}

export function service(fn: FunctionSpec, role: ServiceRole, triggers: readonly CasemixRoute[] = []): K8sObject {
  const name = role === "rest" ? fn.name : eventServiceName(fn.name);
  const env = [
    { name: "CASEMIX_FUNCTION", value: fn.name },
    { name: "FUNCTION_SERVES", value: role },
    // The audience its Triggers ask a token for, and the only identities (its Triggers') it takes events from.
    ...(role === "events"
      ? [
          { name: "EVENT_AUDIENCE", value: eventAudience(fn.name) },
          { name: "EVENT_SENDERS", value: triggers.map((r) => `system:serviceaccount:${namespace}:${triggerIdentity(r.name)}`).join(",") },
        ]
      : []),
    // The dead-letter reader (deadLetterSource) is the only sender of its dead-letter ingress.
    ...(role === "events" && fn.name === mesh.deadLetter.consumer
      ? [{ name: "DEAD_LETTER_SENDERS", value: `system:serviceaccount:${namespace}:${kafkaSourceIdentity(mesh.deadLetter.reader)}` }]
      : []),
  ];
  return {
    apiVersion: "serving.knative.dev/v1",
    kind: "Service",
    metadata: {
      name,
      namespace,
      labels: { ...labels(fn.name, role === "rest" ? "function" : "function-events"), ...(role === "rest" ? {} : { "networking.knative.dev/visibility": "cluster-local" }) },
    },
    spec: {
      template: {
        metadata: {
          labels: { "app.kubernetes.io/name": fn.name, "app.kubernetes.io/part-of": partOf },
          annotations: {
            "autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev",
            "autoscaling.knative.dev/metric": "concurrency",
            "autoscaling.knative.dev/target": String(fn.concurrency),
            "autoscaling.knative.dev/min-scale": "0",
            "autoscaling.knative.dev/max-scale": String(deployment.maxScale),
          },
        },
        spec: {
          containerConcurrency: fn.concurrency,
          timeoutSeconds: fn.timeoutSeconds,
          containers: [
            {
              name: "function",
              image: `${deployment.imageRepository}/${fn.name}:${deployment.imageTag}`,
              ports: [{ name: "http1", containerPort: deployment.containerPort }],
              env,
              envFrom: [{ configMapRef: { name: deployment.envConfigMap } }, { secretRef: { name: deployment.envSecret } }],
              readinessProbe: probe("/readyz", 5, 3),
              livenessProbe: probe("/healthz", 10, 3),
              resources: resources[fn.size],
              securityContext: {
                allowPrivilegeEscalation: false,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
            },
          ],
        },
      },
    },
  };
}

export const sinkBindingName = (fn: string) => `${fn}-sink`;

/**
 * Gives a sending function `K_SINK`, the Broker's address, for its outbox relay, in both its Services
 * (a REST call such as a period close sends events too): the subject selects them by label. With
 * `authentication-oidc` the SinkBinding is also the sender's identity: Knative mounts an OIDC token for
 * the Broker's audience at /oidc/token (EVENT_TOKEN_FILE), and the Broker's EventPolicy names it.
 */
export function sinkBinding(fn: FunctionSpec): K8sObject {
  return {
    apiVersion: "sources.knative.dev/v1",
    kind: "SinkBinding",
    metadata: { name: sinkBindingName(fn.name), namespace, labels: labels(fn.name, "eventing") },
    spec: {
      subject: { apiVersion: "serving.knative.dev/v1", kind: "Service", selector: { matchLabels: { "app.kubernetes.io/name": fn.name, "app.kubernetes.io/part-of": partOf } } },
      sink: { ref: brokerRef },
    },
  };
}

/**
 * Who may put events on the Broker (Knative Eventing authorization, alpha, `authentication-oidc`): the
 * functions' SinkBindings and the PingSources, nobody else; with `default-authorization-mode: deny-all`
 * no other object or service account of the namespace can post. https://knative.dev/docs/eventing/features/authorization/
 */
export function brokerEventPolicy(senders: readonly FunctionSpec[], schedules: readonly Schedule[]): K8sObject {
  return {
    apiVersion: "eventing.knative.dev/v1alpha1",
    kind: "EventPolicy",
    metadata: { name: `${mesh.broker}-senders`, namespace, labels: labels(`${mesh.broker}-senders`, "eventing") },
    spec: {
      to: [{ ref: { apiVersion: brokerRef.apiVersion, kind: brokerRef.kind, name: brokerRef.name } }],
      from: [
        ...senders.map((fn) => ({ ref: { apiVersion: "sources.knative.dev/v1", kind: "SinkBinding", name: sinkBindingName(fn.name), namespace } })),
        ...schedules.map((s) => ({ ref: { apiVersion: "sources.knative.dev/v1", kind: "PingSource", name: s.name, namespace } })),
      ],
    },
  };
}

/** One route of the routing table as a Trigger on the Broker. */
export function trigger(route: CasemixRoute): K8sObject {
  return {
    apiVersion: "eventing.knative.dev/v1",
    kind: "Trigger",
    metadata: {
      name: route.name,
      namespace,
      labels: labels(route.subscriber, "eventing"),
      ...(route.ordered ? { annotations: { "kafka.eventing.knative.dev/delivery.order": "ordered" } } : {}),
    },
    spec: {
      broker: mesh.broker,
      filters: route.filters,
      // A Knative Service announces no OIDC audience, so the Trigger names it; the function checks it.
      subscriber: { ref: serviceRef(eventServiceName(route.subscriber)), audience: eventAudience(route.subscriber) },
      delivery: delivery(route.delivery),
    },
  };
}

/** A schedule as a PingSource sending its tick to the Broker; the data names the schedule. */
export function pingSource(schedule: Schedule): K8sObject {
  return {
    apiVersion: "sources.knative.dev/v1",
    kind: "PingSource",
    metadata: { name: schedule.name, namespace, labels: labels(schedule.name, "schedule") },
    spec: {
      schedule: schedule.cron,
      timezone: schedule.timezone,
      contentType: "application/json",
      data: JSON.stringify({ schedule: schedule.name }),
      sink: { ref: brokerRef },
    },
  };
}

/** The Kubernetes name of an event type: `gov.my.casemix.claims.chunk.received.v1` -> `claims-chunk-received-v1`. */
export function eventTypeObjectName(type: string): string {
  return type.replace(/^gov\.my\.casemix\./, "").replaceAll(".", "-");
}

/**
 * A Knative EventType, so the Broker's event catalogue (`kubectl get eventtypes`) lists every type
 * with its producers and the JSON Schema of its data. https://knative.dev/docs/eventing/event-registry/
 */
export function eventType(type: EventType): K8sObject {
  const info = eventCatalog[type];
  return {
    apiVersion: "eventing.knative.dev/v1beta2",
    kind: "EventType",
    metadata: { name: eventTypeObjectName(type), namespace, labels: labels(eventTypeObjectName(type), "event-type") },
    spec: {
      type,
      reference: brokerRef,
      description: `${info.description} (sent by ${info.producers.join(", ")})`,
      schemaData: JSON.stringify(dataJsonSchemaFor(type)),
    },
  };
}
