import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./main.ts";
import type { Io } from "./io.ts";
import { nodeStandIn } from "../../test/helpers/engine.ts";

const EXAMPLE = join(import.meta.dirname, "../../examples/home-manager/system.config.ts");

function io(): Io & { out: string; err: string } {
  const cache = mkdtempSync(join(tmpdir(), "sm-cache-"));
  const r = {
    out: "",
    err: "",
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
    env: { XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn() },
    cwd: process.cwd(),
  };
  return r;
}

test("system-manager --help lists the commands", async () => {
  const x = io();
  assert.equal(await main(["--help"], x), 0);
  assert.match(x.out, /^Usage: system-manager <command>/);
  for (const c of ["build", "switch", "generations", "rollback", "deactivate"]) assert.match(x.out, new RegExp(`\\n  ${c} `));
});

test("an unknown command or option is a user error (exit 1)", async () => {
  const x = io();
  assert.equal(await main(["frobnicate"], x), 1);
  assert.match(x.err, /^error: Cannot run 'frobnicate': there is no such command/);
  const y = io();
  assert.equal(await main(["build", "--nope"], y), 1);
  assert.match(y.err, /Unknown option '--nope'/);
});

test("build prints the generation's path last; building again prints the same path", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-cli-"));
  const a = io();
  assert.equal(await main(["build", "--config", EXAMPLE, "--root", root], a), 0, a.err);
  const path = a.out.trim().split("\n").pop() as string;
  assert.match(path, new RegExp(`^${root}/var/lib/system-manager/store/[0-9a-z]{32}-system-manager$`));
  const manifest = JSON.parse(readFileSync(join(path, "manifest.json"), "utf8"));
  assert.deepEqual(manifest.users.map((u: { name: string; uid: number }) => [u.name, u.uid]), [["alice", 5000], ["nobody", 65534], ["root", 0]], "root and nobody are declared as on NixOS (users-host-accounts.ts)");
  const b = io();
  assert.equal(await main(["build", "--config", EXAMPLE, "--root", root], b), 0);
  assert.equal(b.out.trim(), path);
});

test("switch --dry-run prints the plan and writes nothing outside the store", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-cli-"));
  const x = io();
  assert.equal(await main(["switch", "--config", EXAMPLE, "--root", root, "--dry-run"], x), 0, x.err);
  assert.match(x.err, /Generation 1 \(new\)/);
  assert.match(x.err, /\+ user alice \(uid 5000, gid 5000, home \/home\/alice\)/);
  assert.match(x.err, /Dry run: nothing was changed\./);
  assert.deepEqual(readdirSync(root), ["var"]);
  assert.ok(!existsSync(join(root, "etc")));
});

test("a missing config file is a user error naming it", async () => {
  const x = io();
  assert.equal(await main(["build", "--config", "/nonexistent/c.ts", "--root", tmpdir()], x), 1);
  assert.match(x.err, /\/nonexistent\/c\.ts/);
});

test("a refused path is shown with '!' in the plan; switch stops before changing anything", async () => {
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const root = mkdtempSync(join(tmpdir(), "sm-cli-"));
  mkdirSync(join(root, "etc/nix"), { recursive: true });
  writeFileSync(join(root, "etc/nix/nix.conf"), "mine\n");
  const dir = mkdtempSync(join(tmpdir(), "sm-cfg-"));
  const config = join(dir, "c.ts");
  writeFileSync(config, `import { defineConfig, mkForce } from "system-manager";\nexport default defineConfig({ modules: [{ nixpkgs: { hostPlatform: "x86_64-linux" }, nix: { enable: true }, environment: { etc: { "nix/nix.conf": { replaceExisting: mkForce(false) } } } }] });\n`);
  const dry = io();
  assert.equal(await main(["switch", "--config", config, "--root", root, "--dry-run"], dry), 1, dry.err);
  assert.match(dry.err, /! \/etc\/nix\/nix\.conf: it exists and is not managed by system-manager/);
  assert.match(dry.err, /A switch would stop at the 1 refused path\(s\) marked "!"/);
  const real = io();
  assert.equal(await main(["switch", "--config", config, "--root", root], real), 1);
  assert.match(real.err, /error: Cannot manage \/etc\/nix\/nix\.conf/);
  assert.equal(readFileSync(join(root, "etc/nix/nix.conf"), "utf8"), "mine\n");
  assert.ok(!existsSync(join(root, "etc/passwd")));
});

test("as a normal user, switching / without --sudo is refused before anything is built", { skip: process.getuid?.() === 0 ? false : "needs root to run as another user" }, async () => {
  const { spawnSync } = await import("node:child_process");
  const cli = join(import.meta.dirname, "../../bin/system-manager.js");
  const r = spawnSync("runuser", ["-u", "nobody", "--", process.execPath, cli, "switch", "--config", EXAMPLE], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: "/nonexistent", XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-nobody-")) },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^error: Cannot activate \/: this needs root\. Run system-manager as root, or add --sudo/);
});

test("switch --flake examples/home-manager --root R: alice's dotfiles, her git config read by the real git, her home-manager generation, all hers", { skip: process.getuid?.() === 0 ? false : "needs root (switch runs alice's activation as alice)" }, async () => {
  const { spawnSync } = await import("node:child_process");
  const { lstatSync, readlinkSync, readdirSync } = await import("node:fs");
  const root = mkdtempSync(join(tmpdir(), "sm-seed-"));
  const cli = join(import.meta.dirname, "../../bin/system-manager.js");
  const { NO_GITHUB } = await import("../../test/helpers/no-network.ts");
  const env = { PATH: process.env.PATH, HOME: "/root", XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-cache-")), SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB };
  const flake = join(import.meta.dirname, "../../examples/home-manager");
  const r = spawnSync(process.execPath, [cli, "switch", "--flake", flake, "--root", root], { encoding: "utf8", env });
  assert.equal(r.status, 0, r.stderr);
  // Links in a --root tree point inside it: read them as the root sees them.
  const inRoot = (p: string): string => (lstatSync(join(root, p)).isSymbolicLink() ? inRoot(readlinkSync(join(root, p))) : join(root, p));
  assert.equal(readFileSync(inRoot("/home/alice/.config/example/hello.txt"), "utf8"), "Hello from home-manager!\n");
  const git = (key: string) => spawnSync("git", ["config", "--file", inRoot("/home/alice/.config/git/config"), key], { encoding: "utf8" }).stdout;
  assert.equal(git("user.name"), "Alice\n");
  assert.equal(git("user.email"), "alice@example.com\n");
  assert.equal(readlinkSync(join(root, "home/alice/.local/state/nix/profiles/home-manager")), "home-manager-1-link");
  const owners = new Set<string>();
  const walk = (p: string) => {
    const st = lstatSync(p);
    owners.add(`${st.uid}:${st.gid}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(join(root, "home/alice"));
  assert.deepEqual([...owners], ["5000:5000"]);
  const again = spawnSync(process.execPath, [cli, "switch", "--flake", flake, "--root", root], { encoding: "utf8", env });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /No changes\./);
});
