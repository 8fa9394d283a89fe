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
    OIDC_AUDIENCE: "casemix-api",
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
 * Resources per size. Memory is limited (a Node heap past it is killed and restarted, which the
 * retry budget rides out); CPU has a request but no limit, so a chunk is not throttled mid-parse.
 */
export const resources: Record<FunctionSpec["size"], { requests: Record<string, string>; limits: Record<string, string> }> = {
  small: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
  medium: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
  large: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
};
