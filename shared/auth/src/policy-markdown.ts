import { TENANCIES, type CompiledPolicy } from "./policy.ts";

/**
 * The policy as a Markdown table (one row per action, one column per role, the granted tenancies in
 * each cell), for shared/auth/README.md; a test checks the README holds exactly this, so the document
 * cannot drift from the data.
 */
export function policyMarkdown(policy: CompiledPolicy): string {
  const roles = policy.roles.map((r) => r.role);
  const lines = [`| action | operation | ${roles.join(" | ")} |`, `|---|---|${roles.map(() => "---").join("|")}|`];
  for (const a of policy.actions) {
    const where = a.route ? `\`${a.route.method} ${a.route.path}\`` : "";
    const cells = a.public
      ? roles.map(() => "public")
      : roles.map((role) => TENANCIES.filter((t) => policy.has(a.action, role, t)).join(", ") || "-");
    lines.push(`| ${a.action} | ${where} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
