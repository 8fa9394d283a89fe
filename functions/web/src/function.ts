import { createApiClient } from "./api.ts";
import { createWebApp } from "./app.ts";
import { apiUrls, loadWebEnv } from "./env.ts";
import { createOidcClient, type OidcClient } from "./oidc.ts";
import { createSealer } from "./session.ts";
import { defineFunction, type FunctionModule } from "@casemix/runtime";

/** The web application for coders and reviewers: server-rendered pages over the other functions' REST APIs. */
export function createWebModule(): FunctionModule {
  return defineFunction({
    name: "web",
    create: (platform) => {
      const env = loadWebEnv(platform.source);
      if (!env.WEB_SESSION_SECRET) platform.log.warn("WEB_SESSION_SECRET is not set: a random one seals the sessions, which end with this process");
      let oidc: OidcClient | undefined;
      const routes = createWebApp(
        {
          env,
          api: createApiClient(apiUrls(env)),
          sealer: createSealer(env.WEB_SESSION_SECRET),
          oidc: () => {
            if (!env.OIDC_ISSUER) throw new Error("OIDC_ISSUER is not set: the web application has no issuer to sign in with");
            return (oidc ??= createOidcClient(env.OIDC_ISSUER, env.WEB_OIDC_CLIENT_ID, env.WEB_OIDC_SCOPE));
          },
        },
        platform.verifier,
      );
      return { routes };
    },
  });
}

export default createWebModule();
