/**
 * Which of these TCP ports something on this machine already listens on
 * (binding the wildcard address fails while any address holds the port):
 * a booted guest shares this machine's network, so a test whose service
 * takes a well-known port skips, saying which, rather than fail or
 * disturb what runs here.
 */
import { createServer } from "node:net";

function taken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "EADDRINUSE" || e.code === "EACCES"));
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => resolve(false)));
  });
}

export async function portsInUse(ports: readonly number[]): Promise<number[]> {
  const busy: number[] = [];
  for (const port of ports) if (await taken(port)) busy.push(port);
  return busy;
}
