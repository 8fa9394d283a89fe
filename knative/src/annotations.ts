/**
 * Every annotation and label the generated manifests may carry, each with the Knative or Kubernetes
 * page that defines it. A test fails on any key not listed here, so a typo (Knative ignores unknown
 * annotations silently) cannot ship.
 */
export const knownAnnotations: Readonly<Record<string, string>> = {
  // https://knative.dev/docs/serving/autoscaling/autoscaler-types/ (class: kpa.autoscaling.knative.dev)
  "autoscaling.knative.dev/class": "https://knative.dev/docs/serving/autoscaling/autoscaler-types/",
  // https://knative.dev/docs/serving/autoscaling/autoscaling-metrics/
  "autoscaling.knative.dev/metric": "https://knative.dev/docs/serving/autoscaling/autoscaling-metrics/",
  // https://knative.dev/docs/serving/autoscaling/concurrency/#soft-limit
  "autoscaling.knative.dev/target": "https://knative.dev/docs/serving/autoscaling/concurrency/",
  // https://knative.dev/docs/serving/autoscaling/scale-bounds/ (min-scale "0" keeps scale to zero)
  "autoscaling.knative.dev/min-scale": "https://knative.dev/docs/serving/autoscaling/scale-bounds/",
  "autoscaling.knative.dev/max-scale": "https://knative.dev/docs/serving/autoscaling/scale-bounds/",
  // https://knative.dev/docs/eventing/brokers/broker-types/kafka-broker/ (broker.class: Kafka)
  "eventing.knative.dev/broker.class": "https://knative.dev/docs/eventing/brokers/broker-types/kafka-broker/",
  // https://knative.dev/docs/eventing/brokers/broker-types/kafka-broker/#configuring-the-order-of-delivered-events
  "kafka.eventing.knative.dev/delivery.order": "https://knative.dev/docs/eventing/brokers/broker-types/kafka-broker/",
};

export const knownLabels: Readonly<Record<string, string>> = {
  // https://knative.dev/docs/serving/services/private-services/
  "networking.knative.dev/visibility": "https://knative.dev/docs/serving/services/private-services/",
  // https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
  "app.kubernetes.io/name": "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
  "app.kubernetes.io/part-of": "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
  "app.kubernetes.io/component": "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
  "app.kubernetes.io/managed-by": "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
};

/** Values Knative accepts for the annotations whose values are an enumeration. */
export const annotationValues: Readonly<Record<string, readonly string[]>> = {
  "autoscaling.knative.dev/class": ["kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev"],
  "autoscaling.knative.dev/metric": ["concurrency", "rps", "cpu", "memory"],
  "eventing.knative.dev/broker.class": ["Kafka", "MTChannelBasedBroker"],
  "kafka.eventing.knative.dev/delivery.order": ["ordered", "unordered"],
};
