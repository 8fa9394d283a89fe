import type { FunctionSpec } from "@casemix/events";

/**
 * Deployment values that are not routing facts. Cluster-specific ones (image registry, Kafka address)
 * are placeholders that the Terraform stage overrides (see terraform/README.md); changing any of them
 * here and regenerating is the only way to change the committed manifests.
 */
export const deployment = {
  imageRepository: "casemix",
  imageTag: "0.1.0",
  containerPort: 8080,
  /** The Kafka cluster of the Broker and the dead-letter sink (Terraform-managed). */
  bootstrapServers: ["casemix-kafka-bootstrap.kafka.svc:9092"],
  /** kafka-broker-config: partitions per Broker topic, and replication across three Kafka nodes. */
  topicPartitions: 12,
  topicReplicationFactor: 3,
  /** Upper bound per function: keeps a burst from exhausting PostgreSQL connections. */
  maxScale: 10,
  /** Non-secret environment, shared by all functions (names from the shared/* env schemas). */
  env: {
    LOG_LEVEL: "info",
    S3_BUCKET: "casemix",
    S3_REGION: "ap-southeast-5",
    DATABASE_POOL_MAX: "5",
    OIDC_ISSUER: "https://auth.casemix.example/realms/casemix",
    // As the realm kept in scripts/keycloak/casemix-realm.json issues them: the audience its clients
    // map into tokens, roles under realm_access, the hospital attribute as a top-level claim.
    OIDC_AUDIENCE: "casemix",
    OIDC_ROLES_CLAIM: "realm_access.roles",
    OIDC_HOSPITAL_CLAIM: "hospital",
    /**
     * Event tokens are the cluster's service-account tokens (Knative Eventing OIDC): the issuer is the
     * cluster's (`kubectl get --raw /.well-known/openid-configuration`), and its JWKS must be readable
     * by the functions without credentials (a managed cluster's public issuer URL, or the API server's
     * with `system:service-account-issuer-discovery` granted to unauthenticated callers). Placeholders
     * that Terraform overrides, like OIDC_ISSUER.
     */
    EVENT_ISSUER: "https://oidc.casemix-cluster.example",
    EVENT_JWKS_URL: "https://oidc.casemix-cluster.example/openid/v1/jwks",
    /** Where the SinkBinding mounts the sender's OIDC token for the Broker's audience. */
    EVENT_TOKEN_FILE: "/oidc/token",
  } satisfies Record<string, string>,
  envConfigMap: "casemix-env",
  /** Created by Terraform (terraform/modules/secrets), never committed; holds `secretKeys`. */
  envSecret: "casemix-secrets",
  /**
   * The secret environment variables the functions read (names from the shared/* and functions/* env
   * schemas). terraform/check fails unless Terraform declares exactly these.
   */
  secretKeys: ["DATABASE_URL", "PATIENT_PSEUDONYM_KEY", "REDIS_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"],
} as const;

/**
 * The Knative release the generated manifests need: EventPolicy (eventing.knative.dev/v1alpha1) and the
 * `authentication-oidc` and `transport-encryption` features are alpha; EventPolicy first shipped in
 * Knative Eventing 1.15 and is documented from 1.16, the release line the CRDs in
 * ../shared/schemas/knative were taken from or later; eventing-kafka-broker of the same minor version.
 */
export const knativeRequirement = { eventing: "1.16", kafkaBroker: "1.16", serving: "1.16" } as const;

/**
 * Knative's feature flags the manifests rely on (`config-features` in `knative-eventing`). The Knative
 * Operator owns that ConfigMap, so terraform/modules/knative sets them in its KnativeEventing resource;
 * a test checks it sets each of these. https://knative.dev/docs/eventing/features/
 */
export const eventingFeatures: Readonly<Record<string, string>> = {
  // The Triggers use spec.filters and delivery.timeout.
  "new-trigger-filters": "enabled",
  "delivery-timeout": "enabled",
  // Sources and the Broker's dispatcher send an OIDC token for the receiver's audience; the Broker
  // checks its senders against its EventPolicy. https://knative.dev/docs/eventing/features/sender-identity/
  "authentication-oidc": "enabled",
  // Tokens never travel in clear: every Eventing address is HTTPS. https://knative.dev/docs/eventing/features/transport-encryption/
  "transport-encryption": "strict",
  // A receiver with no EventPolicy takes nothing (the default would let the whole namespace send).
  "default-authorization-mode": "deny-all",
};

/**
 * Knative Serving's `config-network` (terraform/modules/knative, KnativeServing): cluster-local Services get HTTPS addresses
 * (alpha, needs cert-manager), so strict transport encryption can deliver to the `-events` Services.
 * https://knative.dev/docs/serving/encryption/cluster-local-domain-tls/
 */
export const servingNetwork: Readonly<Record<string, string>> = {
  "cluster-local-domain-tls": "Enabled",
};

/**
 * Resources per size. Memory is limited (a Node heap past it is killed and restarted, which the
 * retry budget rides out); CPU has a request but no limit, so a chunk is not throttled mid-parse.
 */
export const resources: Record<FunctionSpec["size"], { requests: Record<string, string>; limits: Record<string, string> }> = {
  small: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
  medium: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
  large: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
};
