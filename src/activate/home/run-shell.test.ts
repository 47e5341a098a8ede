import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";

const STEPS = fileURLToPath(new URL("./home-steps.ts", import.meta.url));

test("a step's script runs quietly when stdin is a socket (Debian's bash would read /etc/bash.bashrc and fail on $PS1 under -u)", { skip: existsSync("/etc/bash.bashrc") ? false : "this host's bash has no /etc/bash.bashrc" }, async () => {
  const server = net.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => socket.on("connect", resolve));
  try {
    const code = `import { runShell } from ${JSON.stringify(STEPS)}; runShell("echo ran", { PATH: process.env.PATH }, "/", "test step");`;
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: [fd, "pipe", "pipe"], env: { PATH: process.env.PATH } });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), "ran\n");
    assert.equal(r.stderr.toString(), "");
  } finally {
    socket.destroy();
    server.close();
  }
});
