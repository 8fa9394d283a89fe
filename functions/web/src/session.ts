import { createHash, randomBytes } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";

/** What a signed-in session holds: the person's access token (sent to the APIs) and who they are. */
export type Session = { accessToken: string; subject: string; name: string; roles: string[]; hospital?: string; csrf: string; expiresAt: number };

/** What the sign-in round trip keeps between the redirect to the issuer and the callback. */
export type PendingSignIn = { state: string; verifier: string; nonce: string; returnTo: string };

export type Sealer = {
  seal(value: object, ttlSeconds: number): Promise<string>;
  open<T>(sealed: string | undefined): Promise<T | undefined>;
};

/**
 * Seals cookies as encrypted JWTs (JWE, dir + A256GCM, jose): the browser holds them but can neither
 * read nor change them, and no session store is needed, so every instance of the function (scaled
 * out or restarted) reads the same cookie given the same secret.
 */
export function createSealer(secret: string | undefined): Sealer {
  const key = createHash("sha256").update(secret ?? randomBytes(32).toString("hex")).digest();
  return {
    seal: (value, ttlSeconds) => new EncryptJWT({ v: value }).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).encrypt(key),
    open: async <T>(sealed: string | undefined) => {
      if (!sealed) return undefined;
      try {
        const { payload } = await jwtDecrypt(sealed, key);
        return payload.v as T;
      } catch {
        return undefined; // tampered, expired or sealed with another secret: as if absent
      }
    },
  };
}

export const newCsrfToken = () => randomBytes(18).toString("base64url");
