import type { TestIssuer } from "@casemix/auth";

/** The roles `casemix start --tokens` adds to the admin and hospital tokens it always prints. */
export const EXTRA_TOKEN_ROLES = ["ministry", "finance", "auditor"] as const;

/**
 * The lines `casemix start` prints for its development issuer: an admin token, a token for `hospital`
 * (the hospital the sample is sent for: it once named another, issue 18), and with `all` one per role
 * of {@link EXTRA_TOKEN_ROLES}; otherwise a hint that --tokens prints them.
 */
export async function developmentTokenLines(issuer: Pick<TestIssuer, "issuer" | "token">, o: { adminToken: string; hospital?: string; all: boolean }): Promise<string[]> {
  const lines = [`  development tokens (local issuer ${issuer.issuer}, valid 12 h; a new key at every start):`, `    admin:            ${o.adminToken}`];
  if (o.hospital) lines.push(`    hospital ${o.hospital}: ${await issuer.token({ sub: "coder", roles: ["hospital"], hospital: o.hospital, expiresIn: "12h" })}`);
  if (o.all) {
    for (const role of EXTRA_TOKEN_ROLES) lines.push(`    ${`${role}:`.padEnd(18)}${await issuer.token({ sub: role, roles: [role], expiresIn: "12h" })}`);
  } else lines.push(`    (--tokens prints ${EXTRA_TOKEN_ROLES.join(", ")} tokens too)`);
  return lines;
}
