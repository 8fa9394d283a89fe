import { blocks, locals, type TfEnv, type TfModule, type TfTree } from "./load.ts";

export type Violation = { policy: PolicyId; where: string; message: string };

export type PolicyId =
  | "variables-typed-and-validated"
  | "encryption"
  | "no-public-access"
  | "point-in-time-recovery"
  | "standby-in-another-zone"
  | "production-deletion-protection"
  | "data-stays-in-malaysia"
  | "declared-names-match-code";

/** What the functions' configuration names, read from the code (see facts.ts). */
export type CodeFacts = { topics: string[]; prefixes: string[]; secrets: string[]; secretName: string };

type Ctx = { modules: TfModule[]; envs: TfEnv[]; facts: CodeFacts; out: Violation[] };

const mod = (ctx: Ctx, dir: string) => ctx.modules.find((m) => m.dir === dir);
const report = (ctx: Ctx, policy: PolicyId, where: string, message: string) => ctx.out.push({ policy, where, message });
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** A value that is `${var.x}` resolves to the variable's default in the same module. */
function resolve(m: TfModule, value: unknown): unknown {
  const match = typeof value === "string" ? /^\$\{var\.([a-z0-9_]+)\}$/.exec(value) : null;
  if (!match) return value;
  const variable = blocks(m, "variable").find(([n]) => n === match[1])?.[1];
  return variable?.default;
}

function variablesTypedAndValidated(ctx: Ctx) {
  for (const m of ctx.modules) {
    for (const [name, body] of blocks(m, "variable")) {
      const where = `${m.dir} variable "${name}"`;
      if (!body.type) report(ctx, "variables-typed-and-validated", where, "has no type");
      if (!body.description) report(ctx, "variables-typed-and-validated", where, "has no description");
      if (!Array.isArray(body.validation) || body.validation.length === 0) report(ctx, "variables-typed-and-validated", where, "has no validation block");
    }
  }
}

function encryption(ctx: Ctx) {
  for (const m of ctx.modules) {
    const sse = blocks(m, "resource", "aws_s3_bucket_server_side_encryption_configuration");
    for (const [name] of blocks(m, "resource", "aws_s3_bucket")) {
      const ref = `\${${name}.id}`;
      const conf = sse.find(([, b]) => b.bucket === ref)?.[1];
      const alg = first(first(first(conf?.rule)?.apply_server_side_encryption_by_default))?.sse_algorithm;
      if (alg !== "aws:kms") report(ctx, "encryption", `${m.dir} ${name}`, "bucket without SSE-KMS default encryption");
    }
    for (const [name, b] of blocks(m, "resource", "aws_s3_bucket_policy")) {
      if (!String(b.policy).includes('"aws:SecureTransport" = "false"')) report(ctx, "encryption", `${m.dir} ${name}`, "bucket policy does not deny plain HTTP");
    }
    for (const [name, b] of blocks(m, "resource", "aws_db_instance")) {
      if (b.storage_encrypted !== true || !b.kms_key_id) report(ctx, "encryption", `${m.dir} ${name}`, "database storage not encrypted with a KMS key");
    }
    for (const [name, b] of blocks(m, "resource", "aws_elasticache_replication_group")) {
      if (b.at_rest_encryption_enabled !== true || b.transit_encryption_enabled !== true) report(ctx, "encryption", `${m.dir} ${name}`, "cache not encrypted at rest and in transit");
    }
    for (const [name, b] of blocks(m, "resource", "aws_secretsmanager_secret")) {
      if (!b.kms_key_id) report(ctx, "encryption", `${m.dir} ${name}`, "secret without a customer-managed KMS key");
    }
    for (const [name, b] of blocks(m, "resource", "aws_kms_key")) {
      if (b.enable_key_rotation !== true) report(ctx, "encryption", `${m.dir} ${name}`, "KMS key without rotation");
    }
  }
}

function noPublicAccess(ctx: Ctx) {
  for (const m of ctx.modules) {
    const blocksOfBuckets = blocks(m, "resource", "aws_s3_bucket_public_access_block");
    for (const [name] of blocks(m, "resource", "aws_s3_bucket")) {
      const b = blocksOfBuckets.find(([, x]) => x.bucket === `\${${name}.id}`)?.[1];
      const all = b && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => b[k] === true);
      if (!all) report(ctx, "no-public-access", `${m.dir} ${name}`, "bucket without a full public access block");
    }
    for (const [name, b] of blocks(m, "resource", "aws_s3_bucket_acl")) {
      if (String(b.acl ?? "").startsWith("public")) report(ctx, "no-public-access", `${m.dir} ${name}`, "public ACL");
    }
    for (const [name, b] of blocks(m, "resource", "aws_db_instance")) {
      if (b.publicly_accessible !== false) report(ctx, "no-public-access", `${m.dir} ${name}`, "database publicly accessible (set publicly_accessible = false)");
    }
  }
}

function pointInTimeRecovery(ctx: Ctx) {
  for (const m of ctx.modules) {
    for (const [name, b] of blocks(m, "resource", "aws_db_instance")) {
      const days = Number(resolve(m, b.backup_retention_period));
      if (!(days >= 7)) report(ctx, "point-in-time-recovery", `${m.dir} ${name}`, `backup retention ${b.backup_retention_period} (PITR needs automated backups, at least 7 days)`);
      if (b.delete_automated_backups !== false) report(ctx, "point-in-time-recovery", `${m.dir} ${name}`, "automated backups deleted with the instance");
    }
    for (const [name, b] of blocks(m, "module")) {
      if (b.source === "../postgres" && b.backup_retention_days !== undefined && !(Number(b.backup_retention_days) >= 7)) {
        report(ctx, "point-in-time-recovery", `${m.dir} module "${name}"`, "passes a backup retention under 7 days");
      }
    }
  }
}

function standbyInAnotherZone(ctx: Ctx) {
  for (const m of ctx.modules) {
    for (const [name, b] of blocks(m, "resource", "aws_db_instance")) {
      if (b.multi_az !== true) report(ctx, "standby-in-another-zone", `${m.dir} ${name}`, "database without a standby in another zone (multi_az)");
    }
    for (const [name, b] of blocks(m, "resource", "aws_elasticache_replication_group")) {
      if (b.multi_az_enabled !== true || b.automatic_failover_enabled !== true) report(ctx, "standby-in-another-zone", `${m.dir} ${name}`, "cache without a replica in another zone");
    }
  }
}

function productionDeletionProtection(ctx: Ctx) {
  const prod = ctx.envs.find((e) => e.name === "production");
  if (prod?.vars?.deletion_protection !== true) report(ctx, "production-deletion-protection", "envs/production.tfvars", "does not set deletion_protection = true");
  const root = mod(ctx, ".");
  const platformCall = root && blocks(root, "module").find(([n]) => n === "platform")?.[1];
  if (platformCall?.deletion_protection !== "${var.deletion_protection}") report(ctx, "production-deletion-protection", ".", "platform module not given var.deletion_protection");
  // The tfvars can be overridden on the command line (-var): the variable itself refuses false in production.
  const variable = root && blocks(root, "variable").find(([n]) => n === "deletion_protection")?.[1];
  const conditions = ((variable?.validation ?? []) as { condition?: string }[]).map((v) => String(v.condition));
  if (!conditions.some((c) => c.includes('var.environment != "production" || var.deletion_protection'))) {
    report(ctx, "production-deletion-protection", '. variable "deletion_protection"', "no validation refusing false in production");
  }
  const platform = mod(ctx, "modules/platform");
  const pg = platform && blocks(platform, "module").find(([, b]) => b.source === "../postgres")?.[1];
  if (pg?.deletion_protection !== "${var.deletion_protection}") report(ctx, "production-deletion-protection", "modules/platform", "postgres module not given var.deletion_protection");
  const postgres = mod(ctx, "modules/postgres");
  for (const [name, b] of postgres ? blocks(postgres, "resource", "aws_db_instance") : []) {
    if (b.deletion_protection !== "${var.deletion_protection}" && b.deletion_protection !== true) report(ctx, "production-deletion-protection", `modules/postgres ${name}`, "deletion_protection not taken from the variable");
    if (b.skip_final_snapshot !== false) report(ctx, "production-deletion-protection", `modules/postgres ${name}`, "no final snapshot on deletion");
  }
}

function dataStaysInMalaysia(ctx: Ctx) {
  const root = mod(ctx, ".");
  const region = root && blocks(root, "variable").find(([n]) => n === "region")?.[1];
  if (region?.default !== "ap-southeast-5") report(ctx, "data-stays-in-malaysia", ".", "region is not ap-southeast-5 (Malaysia)");
  for (const [name, b] of root ? blocks(root, "provider") : []) {
    if (name === "aws" && b.region !== "${var.region}") report(ctx, "data-stays-in-malaysia", ".", "aws provider region not from var.region");
  }
  for (const env of ctx.envs) {
    const set = env.vars?.region;
    if (set !== undefined && set !== "ap-southeast-5") report(ctx, "data-stays-in-malaysia", `envs/${env.name}.tfvars`, `sets region ${set}, not ap-southeast-5 (Malaysia)`);
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join("\n") === [...b].sort().join("\n");

function declaredNamesMatchCode(ctx: Ctx) {
  const platform = mod(ctx, "modules/platform");
  if (!platform) return report(ctx, "declared-names-match-code", "modules/platform", "missing");
  const l = locals(platform);
  const pairs: [string, string[], string[]][] = [
    ["topics", Object.keys(l.topics ?? {}), ctx.facts.topics],
    ["prefixes", Object.keys(l.prefixes ?? {}), ctx.facts.prefixes],
    ["secret_names", (l.secret_names ?? []) as string[], ctx.facts.secrets],
  ];
  for (const [what, declared, named] of pairs) {
    const missing = named.filter((n) => !declared.includes(n));
    const unused = declared.filter((n) => !named.includes(n));
    if (!sameSet(declared, named)) report(ctx, "declared-names-match-code", `modules/platform locals.${what}`, `missing: [${missing.join(", ")}], unused: [${unused.join(", ")}]`);
  }
  const secretsCall = blocks(platform, "module").find(([, b]) => b.source === "../secrets")?.[1];
  if (secretsCall?.kubernetes_secret_name !== ctx.facts.secretName) report(ctx, "declared-names-match-code", "modules/platform module secrets", `Kubernetes Secret is not ${ctx.facts.secretName}`);
}

/** Every policy over the parsed modules and environments; an empty list means all hold. */
export function checkPolicies(tree: TfTree, facts: CodeFacts): Violation[] {
  const ctx: Ctx = { modules: tree.modules, envs: tree.envs, facts, out: [] };
  for (const policy of [variablesTypedAndValidated, encryption, noPublicAccess, pointInTimeRecovery, standbyInAnotherZone, productionDeletionProtection, dataStaysInMalaysia, declaredNamesMatchCode]) policy(ctx);
  return ctx.out;
}
