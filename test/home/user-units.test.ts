/**
 * The reloadSystemd step of a home activation against a fake user manager
 * (fake-user-systemctl.ts): its calls, in order, after linkGeneration;
 * generations built from our own home modules with unit files under
 * .config/systemd/user and `.wants` links.
 */
import { after, test } from "node:test";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { FakeUserSystemctl } from "./fake-user-systemctl.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";

const unit = (exec: string, extra = "") => `[Unit]\nDescription=Demo\n${extra}\n[Service]\nExecStart=${exec}\n\n[Install]\nWantedBy=default.target\n`;

/** home.file entries for services, each with its default.target.wants link. */
const services = (s: Record<string, string>) =>
  Object.fromEntries(Object.entries(s).flatMap(([n, text]) => [[`.config/systemd/user/${n}`, { text }], [`.config/systemd/user/default.target.wants/${n}`, { text }]]));

/** Removes a temporary root, its store paths (read-only directories) included. */
const removeTree = (dir: string) => (execFileSync("chmod", ["-R", "u+w", dir]), rmSync(dir, { recursive: true, force: true }));
const roots: string[] = [];
after(() => roots.forEach((r) => removeTree(r)));

function world() {
  const root = mkdtempSync(join(tmpdir(), "sm-user-units-"));
  roots.push(root);
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  return { root, home, log: [] as string[] };
}
type World = ReturnType<typeof world>;

async function generation(w: World, files: Record<string, unknown>): Promise<string> {
  const { content } = homeOf({ home: { stateVersion: "25.05", file: files } });
  for (const e of content.extra) await writeStorePath(w.root, e.name, e.tree);
  return writeStorePath(w.root, "home-manager-generation", content.tree);
}

function activate(w: World, g: string, systemctl: FakeUserSystemctl | undefined, env: Record<string, string | undefined> = {}) {
  w.log.length = 0;
  activateHome({ storeDir: join(w.root, STORE_DIR), homeDir: w.home, generation: g, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH, ...env }, log: (l) => w.log.push(l), systemctl: systemctl?.run });
}

/** Whether a link (or anything) is at `p`, not following it: links point into the store as the root sees it. */
const isThere = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;
const from = (log: string[], step: string) => log.slice(log.indexOf(`Activating ${step}`));

test("units are started, restarted when changed, stopped when removed; unchanged ones left alone; each after linkGeneration", async () => {
  const w = world();
  const sd = new FakeUserSystemctl();
  const g1 = await generation(w, services({ "web.service": unit("/bin/web 1"), "keep.service": unit("/bin/keep") }));
  activate(w, g1, sd);
  assert.deepEqual(sd.calls, ["is-system-running", "list-units --all --full --plain --no-legend", "daemon-reload", "start -- keep.service web.service"]);
  assert.ok(w.log.indexOf("Activating linkGeneration") < w.log.indexOf("Activating reloadSystemd"));
  assert.deepEqual(from(w.log, "reloadSystemd"), ["Activating reloadSystemd", "Starting units: keep.service, web.service"]);
  assert.ok(isThere(join(w.home, ".config/systemd/user/default.target.wants/web.service")), "the units were linked before");

  sd.calls.length = 0;
  const g2 = await generation(w, services({ "web.service": unit("/bin/web 2"), "keep.service": unit("/bin/keep") }));
  activate(w, g2, sd);
  assert.deepEqual(sd.calls, ["is-system-running", "list-units --all --full --plain --no-legend", "stop -- web.service", "daemon-reload", "start -- web.service"]);

  sd.calls.length = 0;
  const g3 = await generation(w, services({ "keep.service": unit("/bin/keep") }));
  activate(w, g3, sd);
  assert.deepEqual(sd.calls, ["is-system-running", "list-units --all --full --plain --no-legend", "stop -- web.service", "daemon-reload"]);
  assert.deepEqual([...sd.active].sort(), ["basic.target", "default.target", "keep.service"]);
  assert.equal(sd.env.XDG_RUNTIME_DIR, `/run/user/${process.getuid?.() ?? 0}`);
});

test("X-SwitchMethod=restart: a changed unit is restarted", async () => {
  const w = world();
  const sd = new FakeUserSystemctl();
  activate(w, await generation(w, services({ "web.service": unit("/bin/web 1", "X-SwitchMethod=restart") })), sd);
  sd.calls.length = 0;
  activate(w, await generation(w, services({ "web.service": unit("/bin/web 2", "X-SwitchMethod=restart") })), sd, { XDG_RUNTIME_DIR: "/run/user/4242" });
  assert.deepEqual(sd.calls.slice(2), ["daemon-reload", "restart -- web.service"]);
  assert.equal(sd.env.XDG_RUNTIME_DIR, "/run/user/4242", "a given XDG_RUNTIME_DIR is used");
});

test("no user manager: home-manager's skip message, the activation succeeds and the generation is current", async () => {
  const w = world();
  const sd = new FakeUserSystemctl({ state: undefined });
  activate(w, await generation(w, services({ "web.service": unit("/bin/web") })), sd);
  assert.deepEqual(sd.calls, ["is-system-running"]);
  assert.deepEqual(from(w.log, "reloadSystemd"), ["Activating reloadSystemd", "User systemd daemon not running. Skipping reload."]);
  assert.ok(isThere(join(w.home, ".local/state/nix/profiles/home-manager")));
});

test("a degraded manager: a warning with the failed units, then the units are switched anyway", async () => {
  const w = world();
  const sd = new FakeUserSystemctl({ state: "degraded" });
  activate(w, await generation(w, services({ "web.service": unit("/bin/web") })), sd);
  assert.deepEqual(from(w.log, "reloadSystemd").slice(0, 2), ["Activating reloadSystemd", "The user systemd session is degraded:"]);
  assert.ok(w.log.some((l) => l.includes("broken.service")), w.log.join("\n"));
  assert.ok(w.log.includes("Attempting to reload services anyway..."));
  assert.deepEqual(sd.calls.at(-1), "start -- web.service");
});

test("a unit failing to start: named with systemctl's message, the step fails after the files were linked", async () => {
  const w = world();
  const sd = new FakeUserSystemctl();
  sd.failing.add("bad.service");
  const g = await generation(w, services({ "bad.service": unit("/bin/false"), "web.service": unit("/bin/web") }));
  assert.throws(
    () => activate(w, g, sd),
    (e: Error) => e.name === "UserError" && /^Failed to start bad\.service: Job for bad\.service failed because the control process exited with error code\./m.test(e.message) && !e.message.includes("web.service"),
  );
  assert.ok(sd.active.has("web.service"), "the other unit was started");
  assert.ok(isThere(join(w.home, ".config/systemd/user/bad.service")), "the files were linked");
});

test("a home without user units asks nothing of systemd; one not activated in place leaves the manager alone", async () => {
  const w = world();
  const sd = new FakeUserSystemctl();
  activate(w, await generation(w, { ".config/example/hello.txt": { text: "hi\n" } }), sd);
  assert.deepEqual(sd.calls, []);
  activate(w, await generation(w, services({ "web.service": unit("/bin/web") })), undefined);
  assert.deepEqual(from(w.log, "reloadSystemd"), ["Activating reloadSystemd", `Not reloading systemd user units: the home is activated at ${w.home}, not in place at /home/alice`]);
});

test("activating the current generation again touches no unit; a unit a failed activation started is stopped once no generation has it", async () => {
  const w = world();
  const sd = new FakeUserSystemctl();
  const g1 = await generation(w, services({ "web.service": unit("/bin/web") }));
  activate(w, g1, sd);
  sd.calls.length = 0;
  activate(w, g1, sd);
  assert.deepEqual(sd.calls, ["is-system-running", "list-units --all --full --plain --no-legend", "daemon-reload"]);

  sd.failing.add("bad.service");
  const g2 = await generation(w, services({ "web.service": unit("/bin/web"), "extra.service": unit("/bin/extra"), "bad.service": unit("/bin/false") }));
  assert.throws(() => activate(w, g2, sd), /Failed to start bad\.service/);
  assert.ok(sd.active.has("extra.service"));
  sd.calls.length = 0;
  activate(w, g1, sd);
  assert.deepEqual(sd.calls.slice(2), ["stop -- extra.service", "daemon-reload"]);
});
