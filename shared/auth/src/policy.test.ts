import { describe, expect, it } from "vitest";
import { compilePolicy, isAllowed, mayAttempt, tenancyOf, type Policy } from "./policy.ts";
import { POLICY } from "./policy-table.ts";

const hospital = (code?: string) => ({ subject: "c", roles: ["hospital"], ...(code ? { hospital: code } : {}) });
const small: Policy = {
  roles: [{ role: "hospital", summary: "" }, { role: "ministry", summary: "" }],
  actions: [{ action: "batches.read", summary: "", route: { method: "GET", path: "/v1/batches/:batchId" } }],
  grants: [{ action: "batches.read", role: "hospital", tenancy: "own" }, { action: "batches.read", role: "ministry", tenancy: "system" }],
};

describe("the authorization policy", () => {
  it("a hospital token acts for its own hospital and not for another", () => {
    expect(isAllowed(POLICY, hospital("H1"), "batches.read", "H1")).toBe(true);
    expect(isAllowed(POLICY, hospital("H1"), "batches.read", "H2")).toBe(false);
  });

  it("a hospital token without a hospital claim is denied every action, whatever hospital it names", () => {
    for (const a of POLICY.actions.filter((x) => !x.public)) {
      expect(mayAttempt(POLICY, hospital(), a.action)).toBe(false);
      expect(isAllowed(POLICY, hospital(), a.action, "H1")).toBe(false);
      expect(isAllowed(POLICY, hospital(), a.action)).toBe(false);
    }
  });

  it("cross-hospital work needs the system scope: a hospital token may not close a period or read national figures", () => {
    for (const action of ["periods.close", "reports.period", "reports.breakdown", "sftp.pull", "config.publish"]) {
      expect(isAllowed(POLICY, hospital("H1"), action)).toBe(false);
    }
    expect(isAllowed(POLICY, { subject: "f", roles: ["finance"] }, "periods.close")).toBe(true);
  });

  it("a system role carrying a hospital claim is held to no hospital scope it was not granted", () => {
    expect(isAllowed(POLICY, { subject: "a", roles: ["admin"], hospital: "H1" }, "batches.read", "H1")).toBe(false);
  });

  it("unknown actions, unknown roles and tokens without roles are denied", () => {
    expect(isAllowed(POLICY, { subject: "m", roles: ["ministry"] }, "claims.delete-everything")).toBe(false);
    expect(isAllowed(POLICY, { subject: "x", roles: ["superuser"] }, "batches.read")).toBe(false);
    expect(isAllowed(POLICY, { subject: "x", roles: [] }, "batches.read")).toBe(false);
  });

  it("a new role is a row: granted one action, it may do that one and nothing else", () => {
    const policy = compilePolicy({ ...small, roles: [...small.roles, { role: "moh-reviewer", summary: "" }], grants: [...small.grants] });
    const extended = compilePolicy({ ...small, roles: [...small.roles, { role: "moh-reviewer", summary: "" }], grants: [...small.grants, { action: "batches.read", role: "moh-reviewer", tenancy: "system" }] });
    const reviewer = { subject: "r", roles: ["moh-reviewer"] };
    expect(isAllowed(policy, reviewer, "batches.read", "H1")).toBe(false);
    expect(isAllowed(extended, reviewer, "batches.read", "H1")).toBe(true);
  });

  it("refuses a policy whose grant names an unknown action or role, or whose operation has two actions", () => {
    expect(() => compilePolicy({ ...small, grants: [{ action: "batches.raed", role: "hospital", tenancy: "own" }] })).toThrow(/unknown action/);
    expect(() => compilePolicy({ ...small, grants: [{ action: "batches.read", role: "hospitl", tenancy: "own" }] })).toThrow(/unknown role/);
    expect(() => compilePolicy({ ...small, actions: [...small.actions, { action: "batches.get", summary: "", route: { method: "GET", path: "/v1/batches/:batchId" } }] })).toThrow(/two actions/);
  });

  it("finds an operation's action by method and registered path, HEAD as GET", () => {
    expect(POLICY.actionOfRoute("GET", "/v1/batches/:batchId")?.action).toBe("batches.read");
    expect(POLICY.actionOfRoute("HEAD", "/v1/batches/:batchId")?.action).toBe("batches.read");
    expect(POLICY.actionOfRoute("DELETE", "/v1/batches/:batchId")).toBeUndefined();
  });

  it("names the tenancy of a request from the token's hospital claim", () => {
    expect(tenancyOf({ hospital: "H1" }, "H1")).toBe("own");
    expect(tenancyOf({ hospital: "H1" })).toBe("own");
    expect(tenancyOf({ hospital: "H1" }, "H2")).toBe("other");
    expect(tenancyOf({}, "H1")).toBe("system");
  });
});
