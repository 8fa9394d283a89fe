import { z } from "zod";
import { parseEnv } from "./env.ts";

/**
 * Connection variables of the real servers for `*.int.test.ts` suites, as exported by
 * scripts/services-env.sh (which `npm run test:integration` sources through scripts/with-services.sh).
 */
export const IntegrationEnvSchema = z.object({
  DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test"),
  KAFKA_BROKERS: z.string().default("127.0.0.1:9092"),
  S3_ENDPOINT: z.string().url().default("http://127.0.0.1:9000"),
  S3_BUCKET: z.string().default("casemix-test"),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().default("casemix"),
  S3_SECRET_ACCESS_KEY: z.string().default("casemix-secret"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
});

export type IntegrationEnv = z.infer<typeof IntegrationEnvSchema>;

export const integrationEnv = (): IntegrationEnv => parseEnv(IntegrationEnvSchema, process.env);

/** A fresh lower-case schema name per test run, so runs never see each other's rows. */
export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}`;
