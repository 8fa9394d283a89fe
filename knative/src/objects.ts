import { dataJsonSchemaFor, eventCatalog, mesh, type CasemixRoute, type EventType, type DeliverySpec, type FunctionSpec, type Schedule } from "@casemix/events";
import { deployment, resources } from "./settings.ts";

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

/** Non-secret environment shared by every function. */
export function envConfigMap(): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: deployment.envConfigMap, namespace, labels: labels(deployment.envConfigMap, "config") },
    data: { ...deployment.env },
  };
}

const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path },
  periodSeconds,
  failureThreshold,
  timeoutSeconds: 2,
});

/** A function as a Knative Service that scales to zero (KPA, concurrency target = its concurrency). */
export function service(fn: FunctionSpec): K8sObject {
  return {
    apiVersion: "serving.knative.dev/v1",
    kind: "Service",
    metadata: {
      name: fn.name,
      namespace,
      labels: { ...labels(fn.name, "function"), ...(fn.public ? {} : { "networking.knative.dev/visibility": "cluster-local" }) },
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
              env: [{ name: "CASEMIX_FUNCTION", value: fn.name }],
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

/** Gives a sending function `K_SINK`, the Broker's address, for its outbox relay. */
export function sinkBinding(fn: FunctionSpec): K8sObject {
  return {
    apiVersion: "sources.knative.dev/v1",
    kind: "SinkBinding",
    metadata: { name: `${fn.name}-sink`, namespace, labels: labels(fn.name, "eventing") },
    spec: { subject: serviceRef(fn.name), sink: { ref: brokerRef } },
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
      subscriber: { ref: serviceRef(route.subscriber) },
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
