import { describe, expect, it } from "vitest";
import { hostKeysFor } from "./known-hosts.ts";

const file = ["# comment", "[127.0.0.1]:2222 ssh-ed25519 AAAAkey1", "127.0.0.1 ssh-ed25519 AAAAkey2", "other,[10.0.0.1]:2222 ssh-rsa AAAAkey3"].join("\n");

describe("known_hosts lookup", () => {
  it("a non-standard port matches only the bracketed host:port entry", () => expect(hostKeysFor(file, "127.0.0.1", 2222)).toEqual(["AAAAkey1"]));
  it("port 22 matches the bare host name", () => expect(hostKeysFor(file, "127.0.0.1", 22)).toEqual(["AAAAkey2"]));
  it("a host in a comma-separated list matches", () => expect(hostKeysFor(file, "10.0.0.1", 2222)).toEqual(["AAAAkey3"]));
  it("an unknown host has no keys", () => expect(hostKeysFor(file, "192.168.1.1", 2222)).toEqual([]));
});
