import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireActivationLock, LOCK_PATH } from "./activation-lock.ts";
import { RootFs } from "./root-fs.ts";

test("acquireActivationLock() refuses while a live process holds the lock, naming it", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const release = acquireActivationLock(new RootFs(root));
  assert.throws(() => acquireActivationLock(new RootFs(root), { waitMs: 0 }), new RegExp(`another system-manager \\(pid ${process.pid}\\) is activating this root; wait for it to finish`));
  release();
  assert.ok(!existsSync(join(root, LOCK_PATH)));
  acquireActivationLock(new RootFs(root))();
});

test("acquireActivationLock() takes over a lock whose holder is gone", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  writeFileSync(join(root, LOCK_PATH), "2147483646\n");
  const release = acquireActivationLock(new RootFs(root));
  release();
});

test("acquireActivationLock() takes over a lock whose holder is a zombie (killed with SIGKILL, not yet reaped)", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  // perl's child exits at once, and perl never reaps it.
  const parent = spawn("perl", ["-e", '$| = 1; my $pid = fork; exit 0 if $pid == 0; print "$pid\\n"; sleep 30'], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const [line] = (await once(parent.stdout.setEncoding("utf8"), "data")) as [string];
    const zombie = Number(line.trim());
    while (!/^Z/.test(readFileSync(`/proc/${zombie}/stat`, "latin1").split(") ")[1] ?? "")) await sleep(5);
    writeFileSync(join(root, LOCK_PATH), `${zombie}\n`);
    acquireActivationLock(new RootFs(root))();
  } finally {
    parent.kill("SIGKILL");
  }
});

test("acquireActivationLock() waits for a live holder to finish (the engine of a switch whose CLI was killed with kill -9 <pid>)", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  // A holder that lives a moment longer and then dies without releasing, as a killed activation does.
  const holder = spawn("sleep", ["0.5"], { stdio: "ignore" });
  writeFileSync(join(root, LOCK_PATH), `${holder.pid}\n`);
  const release = acquireActivationLock(new RootFs(root));
  assert.equal(readFileSync(join(root, LOCK_PATH), "utf8"), `${process.pid}\n`);
  release();
});

test("a stale lock taken over by many processes at once is held by one at a time", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  const log = join(root, "log");
  writeFileSync(log, "");
  const lock = new URL("./activation-lock.ts", import.meta.url).pathname;
  const fsMod = new URL("./root-fs.ts", import.meta.url).pathname;
  const code = `
    import { acquireActivationLock } from ${JSON.stringify(lock)};
    import { RootFs } from ${JSON.stringify(fsMod)};
    import { appendFileSync } from "node:fs";
    const release = acquireActivationLock(new RootFs(${JSON.stringify(root)}));
    appendFileSync(${JSON.stringify(log)}, "in\\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    appendFileSync(${JSON.stringify(log)}, "out\\n");
    release();`;
  for (let round = 0; round < 3; round++) {
    writeFileSync(join(root, LOCK_PATH), "2147483646\n");
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "ignore", "inherit"] }));
    const codes = await Promise.all(children.map(async (c) => ((await once(c, "close")) as [number])[0]));
    assert.deepEqual(codes, [0, 0, 0, 0, 0, 0]);
  }
  const lines = readFileSync(log, "utf8").trim().split("\n");
  assert.equal(lines.length, 36);
  for (let i = 0; i < lines.length; i += 2) assert.deepEqual(lines.slice(i, i + 2), ["in", "out"], `two holders at once: ${lines.join(" ")}`);
});

test("the private lock file of a taker killed before it cleaned up is removed by the next holder", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  writeFileSync(join(root, `${LOCK_PATH}.2147483646`), "2147483646\n");
  acquireActivationLock(new RootFs(root))();
  assert.ok(!existsSync(join(root, `${LOCK_PATH}.2147483646`)));
});
