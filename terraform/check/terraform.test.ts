import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deployment } from "@casemix/knative";
import { blocks, parseSources, readSources, type TfTree } from "./load.ts";
import { checkPolicies, type PolicyId } from "./policies.ts";
import { codeFacts } from "./facts.ts";

const sources = readSources();
let tree: TfTree;

beforeAll(async () => {
  tree = await parseSources(sources);
});

describe("terraform, checked offline", () => {
  it("every .tf, .tfvars and .hcl file parses with a real HCL parser", () => {
    const dirs = tree.modules.map((m) => m.dir).sort();
    console.log(`terraform: ${sources.size} files in ${dirs.length} folders and ${tree.envs.length} environments parsed`);
    expect(dirs).toEqual([".", "modules/kafka-topics", "modules/knative", "modules/object-store", "modules/platform", "modules/postgres", "modules/redis", "modules/secrets"]);
  });

  it("a file with a syntax error is refused by the parser (the parse check can fail)", async () => {
    await expect(parseSources(new Map([["bad/main.tf", 'resource "aws_s3_bucket" "x" {\n  bucket = \n']]))).rejects.toThrow();
  });

  it("an .hcl or .tfvars file outside envs/<env> is refused rather than left unchecked", async () => {
    await expect(parseSources(new Map([["envs/prod/extra.tfvars", "deletion_protection = false\n"]]))).rejects.toThrow(/not an environment's/);
  });

  it("each environment sets only the root's variables, names itself, and keeps its state in its own bucket", () => {
    const root = tree.modules.find((m) => m.dir === ".")!;
    const declared = blocks(root, "variable").map(([name]) => name);
    expect(tree.envs.map((e) => e.name).sort()).toEqual(["production", "staging"]);
    for (const env of tree.envs) {
      expect(Object.keys(env.vars ?? {}).filter((k) => !declared.includes(k)), `envs/${env.name}.tfvars`).toEqual([]);
      expect(env.vars?.environment).toBe(env.name);
      expect(env.backend).toEqual({ bucket: `casemix-terraform-state-${env.name}`, key: `casemix/${env.name}.tfstate` });
    }
  });

  it("every policy holds: typed and validated variables, encryption, no public access, PITR, standby, deletion protection, region, names", () => {
    expect(checkPolicies(tree, codeFacts())).toEqual([]);
  });

  // Each policy broken once, in the files as they are: the check must name that policy.
  const flips: { policy: PolicyId; file: string; from: string; to: string }[] = [
    { policy: "variables-typed-and-validated", file: "modules/redis/variables.tf", from: "", to: '\nvariable "extra" {\n  description = "no type, no validation"\n}\n' },
    { policy: "encryption", file: "modules/object-store/main.tf", from: 'sse_algorithm     = "aws:kms"', to: 'sse_algorithm     = "AES256"' },
    { policy: "encryption", file: "modules/postgres/main.tf", from: "storage_encrypted     = true", to: "storage_encrypted     = false" },
    { policy: "encryption", file: "modules/redis/main.tf", from: "transit_encryption_enabled = true", to: "transit_encryption_enabled = false" },
    { policy: "no-public-access", file: "modules/object-store/main.tf", from: "restrict_public_buckets = true", to: "restrict_public_buckets = false" },
    { policy: "no-public-access", file: "modules/postgres/main.tf", from: "publicly_accessible    = false", to: "publicly_accessible    = true" },
    { policy: "point-in-time-recovery", file: "modules/postgres/variables.tf", from: "default     = 14", to: "default     = 0" },
    { policy: "standby-in-another-zone", file: "modules/postgres/main.tf", from: "multi_az               = true", to: "multi_az               = false" },
    { policy: "production-deletion-protection", file: "envs/production.tfvars", from: "deletion_protection      = true", to: "deletion_protection      = false" },
    { policy: "production-deletion-protection", file: "main.tf", from: "deletion_protection       = var.deletion_protection", to: "deletion_protection       = false" },
    { policy: "production-deletion-protection", file: "variables.tf", from: 'var.environment != "production" || var.deletion_protection', to: "true" },
    { policy: "data-stays-in-malaysia", file: "variables.tf", from: 'default     = "ap-southeast-5"', to: 'default     = "ap-southeast-1"' },
    { policy: "data-stays-in-malaysia", file: "envs/staging.tfvars", from: "", to: 'region = "ap-southeast-1"\n' },
    { policy: "declared-names-match-code", file: "modules/platform/main.tf", from: '"PATIENT_PSEUDONYM_KEY", ', to: "" },
    { policy: "declared-names-match-code", file: "modules/platform/main.tf", from: '"flag-outlier" = {}', to: '"flag-outlier" = {}\n    unused = {}' },
  ];
  it.each(flips)("breaking $policy in $file fails the check", async ({ policy, file, from, to }) => {
    const text = sources.get(file);
    expect(text, file).toBeDefined();
    if (from !== "") expect(text!.split(from).length - 1, `"${from}" once in ${file}`).toBe(1);
    const changed = new Map(sources).set(file, from === "" ? text + to : text!.replace(from, to));
    const violations = checkPolicies(await parseSources(changed), codeFacts());
    expect(violations.map((v) => v.policy)).toContain(policy);
  });

  it("every secret the Services read is a variable of some function's env schema", () => {
    const root = new URL("../../", import.meta.url).pathname;
    const named = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (name === "node_modules") continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) for (const m of readFileSync(full, "utf8").matchAll(/^\s+([A-Z][A-Z0-9_]+): z\./gm)) named.add(m[1]);
      }
    };
    for (const top of ["shared", "functions"]) walk(join(root, top));
    expect(deployment.secretKeys.filter((k) => !named.has(k))).toEqual([]);
  });
});
