import { createServer, type AddressInfo } from "node:net";

/** A port nothing listens on now (the OS picks it), for the supervisor's tests. */
export async function freePortForTest(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
