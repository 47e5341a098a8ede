/**
 * The wrappers script (wrappers-script.ts) run for real by the host's
 * dash, as root, on sources and wrapper directories in temporary
 * directories: `check` accepts a root-owned ELF program (through links,
 * under a sticky directory) and refuses, naming the option, a script, a
 * file or directory someone else can change, a missing source and
 * capability text setcap does not take; `install` makes the copy with its
 * owner, mode and capabilities in a fresh directory and swaps the bin link
 * to it, leaves the wrappers in place when anything fails, and `remove`
 * takes them away. (The tmpfs mount is left to the e2e test.)
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderWrappersScript, SETCAP, type WrapperSpec } from "./wrappers-script.ts";

const ID = "/usr/bin/id";
const skip =
  process.getuid?.() !== 0
    ? "the wrappers script runs as root (chown, setuid, setcap): run as root"
    : !existsSync("/usr/bin/dash") || !existsSync(ID)
      ? "needs the host's /usr/bin/dash and /usr/bin/id"
      : undefined;
const capsSkip = skip ?? (existsSync(SETCAP) ? undefined : `needs ${SETCAP} (Debian's libcap2-bin)`);

const scratch: string[] = [];
after(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A root-owned 0755 scratch directory (below /tmp, which is root's and sticky). */
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "sm-wrappers-"));
  chmodSync(d, 0o755);
  scratch.push(d);
  return d;
}

const spec = (name: string, source: string, more: Partial<WrapperSpec> = {}): WrapperSpec => ({
  name,
  program: name,
  source,
  owner: "root",
  group: "root",
  mode: "u+s,g-s,u+rx,g+x,o+x",
  capabilities: "",
  ...more,
});

/** Runs the script for `wrappers` with `args`; its output and status. */
function run(wrappers: WrapperSpec[], ...args: string[]): { code: number | null; out: string } {
  const d = dir();
  const script = join(d, "security-wrappers");
  writeFileSync(script, renderWrappersScript(wrappers));
  const r = spawnSync("/usr/bin/dash", [script, ...args], { encoding: "utf8", env: {} });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A root-owned copy of /usr/bin/id at DIR/sub/id, its directories 0755. */
function idCopy(): string {
  const d = join(dir(), "sub");
  mkdirSync(d, { mode: 0o755 });
  copyFileSync(ID, join(d, "id"));
  chmodSync(join(d, "id"), 0o755);
  return join(d, "id");
}

test("check: a root-owned ELF program is accepted, through a link, below a sticky directory (/tmp)", { skip }, () => {
  const id = idCopy();
  const link = join(dir(), "id-link");
  symlinkSync(id, link);
  assert.deepEqual(run([spec("id", id), spec("linked", link), spec("host", ID)], "check"), { code: 0, out: "" });
});

test("check: a script, a non-ELF file and a missing source are refused, each naming its option; all are listed", { skip }, () => {
  const d = dir();
  writeFileSync(join(d, "tool.sh"), "#!/bin/sh\nid\n", { mode: 0o755 });
  writeFileSync(join(d, "data"), "just text\n", { mode: 0o755 });
  const r = run([spec("tool", join(d, "tool.sh")), spec("data", join(d, "data")), spec("gone", join(d, "nothing"))], "check");
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    [
      `security.wrappers.data.source: ${d}/data is not an ELF executable (a wrapper here is a copy of its source, so it must be a compiled program)`,
      `security.wrappers.gone.source: ${d}/nothing does not exist`,
      `security.wrappers.tool.source: ${d}/tool.sh is a script: the kernel ignores setuid, setgid and file capabilities on scripts, and a wrapper here is a copy of its source (wrap a compiled program)`,
      "",
    ].join("\n"),
  );
});

test("check: a source someone other than root could change is refused: another owner, group-writable, a directory above it writable or not root's", { skip }, () => {
  const cases: [string, (id: string) => void, RegExp][] = [
    ["owner", (id) => chownSync(id, 4321, 0), /\/sub\/id is owned by uid 4321, not root$/m],
    ["mode", (id) => chmodSync(id, 0o775), /\/sub\/id is writable by its group or others \(mode 775\)$/m],
    ["dir", (id) => chmodSync(join(id, ".."), 0o777), /\/sub is writable by its group or others \(mode 777, not sticky\)$/m],
    ["dirOwner", (id) => chownSync(join(id, ".."), 4321, 4321), /\/sub is owned by uid 4321, not root$/m],
  ];
  for (const [name, spoil, why] of cases) {
    const id = idCopy();
    spoil(id);
    const r = run([spec(name, id)], "check");
    assert.equal(r.code, 1, name);
    assert.match(r.out, new RegExp(`^security\\.wrappers\\.${name}\\.source: ${id} could be changed by someone other than root: `), name);
    assert.match(r.out, why, name);
  }
});

test("check: capabilities setcap does not take are refused; good ones pass", { skip: capsSkip }, () => {
  const id = idCopy();
  const bad = run([spec("ping", id, { capabilities: "cap_net_raww+ep", mode: "u+rx,g+x,o+x" })], "check");
  assert.equal(bad.code, 1);
  assert.equal(bad.out, "security.wrappers.ping.capabilities: setcap does not take 'cap_net_raww+ep' (cap_from_text(3)'s form, such as cap_net_raw+ep)\n");
  assert.deepEqual(run([spec("ping", id, { capabilities: "cap_net_raw+ep", mode: "u+rx,g+x,o+x" })], "check"), { code: 0, out: "" });
});

const modeOf = (p: string) => (statSync(p).mode & 0o7777).toString(8);

test("install: copies with owner, setuid mode and capabilities in a fresh directory, bin swapped to it; again, the old directory is gone; remove takes all away", { skip: capsSkip }, () => {
  const id = idCopy();
  const w = dir();
  const wrappers = [spec("id", id), spec("idg", id, { group: "nogroup", mode: "u-s,g+s,u+rx,g+x,o+x" }), spec("ping", id, { program: "capid", capabilities: "cap_net_raw+ep", mode: "u+rx,g+x,o+x" })];
  assert.deepEqual(run(wrappers, "install", w), { code: 0, out: "" });
  const first = readlinkSync(join(w, "bin"));
  assert.match(first, /^wrappers\.[A-Za-z0-9]{10}$/);
  assert.deepEqual(readdirSync(join(w, "bin")).sort(), ["capid", "id", "idg"]);
  assert.equal(modeOf(join(w, first)), "755");
  assert.equal(modeOf(join(w, "bin/id")), "4511");
  assert.equal(modeOf(join(w, "bin/idg")), "2511");
  assert.equal(statSync(join(w, "bin/idg")).gid, Number(spawnSync("getent", ["group", "nogroup"], { encoding: "utf8" }).stdout.split(":")[2]));
  assert.equal(modeOf(join(w, "bin/capid")), "511");
  assert.match(spawnSync("/usr/sbin/getcap", [join(w, "bin/capid")], { encoding: "utf8" }).stdout, /cap_net_raw=ep/);
  assert.equal(spawnSync(join(w, "bin/id"), ["-u"], { encoding: "utf8" }).stdout, "0\n");

  assert.deepEqual(run([spec("id", id)], "install", w), { code: 0, out: "" });
  const second = readlinkSync(join(w, "bin"));
  assert.notEqual(second, first);
  assert.deepEqual(readdirSync(w).sort(), ["bin", second].sort());
  assert.deepEqual(readdirSync(join(w, "bin")), ["id"]);

  assert.deepEqual(run([], "remove", w), { code: 0, out: "" });
  assert.equal(existsSync(w), false);
});

test("install: a source that fails its check (or an owner that does not exist) leaves the wrappers in place, and no new directory", { skip }, () => {
  const id = idCopy();
  const w = dir();
  assert.equal(run([spec("id", id)], "install", w).code, 0);
  const before = readlinkSync(join(w, "bin"));
  const d = dir();
  writeFileSync(join(d, "tool.sh"), "#!/bin/sh\n", { mode: 0o755 });
  const r = run([spec("id", id), spec("tool", join(d, "tool.sh"))], "install", w);
  assert.equal(r.code, 1);
  assert.match(r.out, /^security\.wrappers\.tool\.source: .* is a script: [^\n]*\nNo wrapper was changed\.\n$/);
  const noOwner = run([spec("id", id, { owner: "no-such-user-sm" })], "install", w);
  assert.equal(noOwner.code, 1);
  assert.match(noOwner.out, /security\.wrappers\.id: cannot make \S+\/id with owner no-such-user-sm:root\nNo wrapper was changed\.\n$/);
  assert.equal(readlinkSync(join(w, "bin")), before);
  assert.deepEqual(readdirSync(w).sort(), ["bin", before].sort());
});

test("install refuses a bin that is not a link (not made by system-manager), changing nothing", { skip }, () => {
  const w = dir();
  mkdirSync(join(w, "bin"));
  writeFileSync(join(w, "bin/mine"), "x");
  const r = run([spec("id", idCopy())], "install", w);
  assert.equal(r.code, 1);
  assert.equal(r.out, `${w}/bin is not a link (system-manager did not make it): left as it is\n`);
  assert.deepEqual(readdirSync(w), ["bin"]);
  assert.equal(lstatSync(join(w, "bin/mine")).isFile(), true);
});

test("check under a root (the script in the root's store): sources are the root's (an absolute link is followed inside the root, as the store's are), and the ELF interpreter they name must exist there and be root's alone", { skip }, () => {
  const root = dir();
  const store = join(root, "var/lib/system-manager/store/x-gen/etc/system-manager");
  mkdirSync(store, { recursive: true, mode: 0o755 });
  const script = join(store, "security-wrappers");
  writeFileSync(script, renderWrappersScript([spec("id", "/bin-of-root/id-link")]));
  mkdirSync(join(root, "bin-of-root"), { mode: 0o755 });
  copyFileSync(ID, join(root, "bin-of-root/id"));
  symlinkSync("/bin-of-root/../bin-of-root/./id", join(root, "bin-of-root/id-link"));
  const check = () => {
    const r = spawnSync("/usr/bin/dash", [script, "check"], { encoding: "utf8", env: {} });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  // Debian's loader, as /usr/bin/id names it.
  const named = process.arch === "arm64" ? "/lib/ld-linux-aarch64.so.1" : "/lib64/ld-linux-x86-64.so.2";
  assert.deepEqual(check(), { code: 1, out: `security.wrappers.id.source: /bin-of-root/id-link names the ELF interpreter ${named}, which does not exist\n` });
  mkdirSync(join(root, named, ".."), { recursive: true, mode: 0o755 });
  writeFileSync(join(root, named), "loader");
  chmodSync(join(root, named), 0o775);
  const r = check();
  assert.equal(r.code, 1);
  assert.equal(r.out, `security.wrappers.id.source: its ELF interpreter ${named} could be changed by someone other than root: ${join(root, named)} is writable by its group or others (mode 775)\n`);
  chmodSync(join(root, named), 0o755);
  assert.deepEqual(check(), { code: 0, out: "" });
});
