import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import type { AddressInfo } from "node:net";

export type RunningServer = { port: number; url: string; close(): Promise<void> };

/**
 * Serves a Hono app on loopback (or `hostname`) and resolves once it listens. Port 0 picks a free one.
 */
export function serveApp(app: Hono<any>, { port = 0, hostname = "127.0.0.1" }: { port?: number; hostname?: string } = {}): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        url: `http://${hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}
