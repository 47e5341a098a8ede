/**
 * Downloads and a network that fails: a server that never answers, or
 * stops in the middle of a body, ends the download after the context's
 * timeout as `Unavailable`; a refused connection is `Unavailable` and the
 * host is not asked again by the same client; a connection reset before
 * the answer is tried three times, then `Unavailable`, and the host is
 * asked again next time; an HTTP error status is a plain
 * FetchError (the server answered: not a network problem).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { httpGet, saveBody } from "../../src/flake/fetch/download.ts";
import { FetchError, Unavailable } from "../../src/flake/fetch/fetch-error.ts";
import { closedPort } from "../helpers/no-network.ts";
import { fetchContext, loopback, tmp } from "./loopback.ts";

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; connections: () => number; server: Server }> {
  const server = createServer(handler);
  let connections = 0;
  server.on("connection", () => void connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => connections, server };
}

const stop = (s: Server) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));

test("a server that never answers, or stalls in a body, ends the download after the timeout as Unavailable; the silent host is not asked again", async (t) => {
  const silent = await serve(() => undefined);
  const stalling = await serve((_req, res) => {
    res.writeHead(200, { "content-length": "100" });
    res.write("half");
  });
  t.after(() => Promise.all([stop(silent.server), stop(stalling.server)]));
  const server = await loopback();
  t.after(() => server.close());
  const ctx = fetchContext(server, { timeoutMs: 200 });

  await assert.rejects(httpGet(ctx, `${silent.url}/a`), (e: unknown) => e instanceof Unavailable && e.message === `unable to download '${silent.url}/a': no answer within 0.2 s`);
  await assert.rejects(httpGet(ctx, `${silent.url}/b`), (e: unknown) => e instanceof Unavailable && e.message === `unable to download '${silent.url}/b': no answer within 0.2 s`);
  assert.equal(silent.connections(), 1, "the second request is not sent to a host that did not answer");

  const res = await httpGet(ctx, `${stalling.url}/body`);
  await assert.rejects(saveBody(ctx, `${stalling.url}/body`, res, join(tmp("dl"), "out")), (e: unknown) => e instanceof Unavailable && /no answer within 0\.2 s$/.test(e.message));
});

test("refused is Unavailable and remembered; reset is tried three times, then Unavailable, not remembered; HTTP 404 is a FetchError", async (t) => {
  const port = await closedPort();
  const resetting = await serve((req) => req.socket.destroy());
  const missing = await serve((_req, res) => res.writeHead(404).end("no"));
  t.after(() => Promise.all([stop(resetting.server), stop(missing.server)]));
  const server = await loopback();
  t.after(() => server.close());
  const ctx = fetchContext(server);

  await assert.rejects(httpGet(ctx, `http://127.0.0.1:${port}/x`), (e: unknown) => e instanceof Unavailable && /: connect ECONNREFUSED 127\.0\.0\.1:\d+$/.test(e.message));
  await assert.rejects(httpGet(ctx, `http://127.0.0.1:${port}/y`), (e: unknown) => e instanceof Unavailable && e.message === `unable to download 'http://127.0.0.1:${port}/y': connect ECONNREFUSED 127.0.0.1:${port}`);

  await assert.rejects(httpGet(ctx, `${resetting.url}/1`), (e: unknown) => e instanceof Unavailable);
  await assert.rejects(httpGet(ctx, `${resetting.url}/2`), (e: unknown) => e instanceof Unavailable);
  assert.equal(resetting.connections(), 6, "a reset is one request's bad luck: three tries each, and the host is asked again");

  await assert.rejects(httpGet(ctx, `${missing.url}/gone`), (e: unknown) => e instanceof FetchError && !(e instanceof Unavailable) && /HTTP error 404/.test(e.message));
});
