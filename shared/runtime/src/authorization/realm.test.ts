import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POLICY } from "@casemix/auth";

/** The Keycloak realm kept as code (scripts/keycloak/casemix-realm.json) must match the policy it is tested against. */
type Realm = {
  roles: { realm: { name: string }[] };
  users: { username: string; realmRoles?: string[]; attributes?: { hospital?: string[] }; serviceAccountClientId?: string }[];
  clients: { clientId: string; publicClient?: boolean; attributes?: Record<string, string>; protocolMappers?: { protocolMapper: string; config: Record<string, string> }[] }[];
};
const realm = JSON.parse(readFileSync(new URL("../../../../scripts/keycloak/casemix-realm.json", import.meta.url), "utf8")) as Realm;

describe("the Keycloak realm kept as code", () => {
  it("defines exactly the policy's roles", () => {
    expect(realm.roles.realm.map((r) => r.name).sort()).toEqual(POLICY.roles.map((r) => r.role).sort());
  });

  it("has, for every role, a user without a hospital, one of HOSP-A and one of HOSP-B", () => {
    for (const { role } of POLICY.roles) {
      for (const [suffix, hospital] of [["", undefined], ["-a", "HOSP-A"], ["-b", "HOSP-B"]] as const) {
        const user = realm.users.find((u) => u.username === `${role}${suffix}`);
        expect(user?.realmRoles, `${role}${suffix}`).toEqual([role]);
        expect(user?.attributes?.hospital?.[0], `${role}${suffix}`).toBe(hospital);
      }
    }
  });

  it("maps the casemix audience into every client's tokens, and the browser client is public with PKCE S256", () => {
    for (const client of realm.clients) {
      expect(client.protocolMappers?.some((m) => m.protocolMapper === "oidc-audience-mapper" && m.config["included.custom.audience"] === "casemix"), client.clientId).toBe(true);
    }
    const web = realm.clients.find((c) => c.clientId === "casemix-web");
    expect([web?.publicClient, web?.attributes?.["pkce.code.challenge.method"]]).toEqual([true, "S256"]);
  });
});
