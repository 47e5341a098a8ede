/**
 * A flake's own directory as a dependency ("flake"): it holds while its
 * stat fingerprint is unchanged, or else while its content is (each file's
 * bytes and execute bit, each link's target, each entry's path and type);
 * a tree too large to read whole, or one that cannot be read, holds only
 * by its stat. The newest mtime ("mtime") holds while it is unchanged.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { digestNow, firstChanged, Observation, type Dependency } from "./dependency.ts";
import { MAX_CONTENT_BYTES, sourceContent } from "./source-content.ts";

const isRoot = process.geteuid?.() === 0;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-flake-tree-"));
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "flake.nix"), "{ outputs = _: { }; }\n");
  writeFileSync(join(dir, "sub/a.nix"), "1\n");
  return dir;
}

const dep = (kind: "flake" | "mtime", dir: string): Dependency => ({ kind, path: dir, digest: digestNow(kind, dir, {}) });
const holds = (d: Dependency) => firstChanged([d], {}) === undefined;
const later = (p: string, s: number) => utimesSync(p, new Date(Date.now() + s * 1000), new Date(Date.now() + s * 1000));

test("a flake's tree holds when saved again or touched, and not when its content, modes, links or entries change", () => {
  const dir = tree();
  const d = dep("flake", dir);
  assert.match(d.digest, /^stat:[0-9a-f]{64} content:[0-9a-f]{64}$/);
  writeFileSync(join(dir, "sub/a.nix"), "1\n");
  later(join(dir, "flake.nix"), 60);
  assert.notEqual(digestNow("source", dir, {}), d.digest.split(" ")[0], "its stat changed");
  assert.ok(holds(d), "the same content");
  const changes: [string, () => void, () => void][] = [
    ["content", () => writeFileSync(join(dir, "sub/a.nix"), "2\n"), () => writeFileSync(join(dir, "sub/a.nix"), "1\n")],
    ["execute bit", () => chmodSync(join(dir, "flake.nix"), 0o755), () => chmodSync(join(dir, "flake.nix"), 0o644)],
    ["new file", () => writeFileSync(join(dir, "b.nix"), ""), () => rmSync(join(dir, "b.nix"))],
    ["new directory", () => mkdirSync(join(dir, "empty")), () => rmSync(join(dir, "empty"), { recursive: true })],
    ["link", () => symlinkSync("flake.nix", join(dir, "l")), () => rmSync(join(dir, "l"))],
  ];
  for (const [what, change, undo] of changes) {
    change();
    assert.equal(holds(d), false, `${what} changed`);
    undo();
    assert.ok(holds(d), `${what} restored`);
  }
  // Its locks are recorded apart (by content, after the build).
  writeFileSync(join(dir, "flake.lock"), "{}");
  assert.ok(holds(d));
});

test("a tree too large to read whole, or unreadable, holds only by its stat", { skip: isRoot ? "root reads any file" : false }, () => {
  const dir = tree();
  chmodSync(join(dir, "sub/a.nix"), 0o000);
  const d = dep("flake", dir);
  assert.match(d.digest, / error:EACCES$/);
  assert.ok(holds(d));
  later(join(dir, "flake.nix"), 60);
  assert.equal(holds(d), false);
});

test("a tree over the content bound is too large, and holds only by its stat", () => {
  const dir = tree();
  writeFileSync(join(dir, "big"), Buffer.alloc(MAX_CONTENT_BYTES + 1));
  assert.equal(sourceContent(dir), "too-large");
  const d = dep("flake", dir);
  assert.ok(holds(d));
  later(join(dir, "flake.nix"), 60);
  assert.equal(holds(d), false);
});

test("the newest mtime holds until a file's times move on", () => {
  const dir = tree();
  const d = dep("mtime", dir);
  assert.match(d.digest, /^\d+$/);
  writeFileSync(join(dir, "sub/a.nix"), "1\n");
  later(join(dir, "sub/a.nix"), -600);
  later(join(dir, "flake.nix"), -600);
  later(join(dir, "sub"), -600);
  later(dir, -600);
  assert.equal(holds(d), false, "older now");
  later(join(dir, "flake.nix"), 600);
  assert.equal(holds(d), false, "newer now");
  assert.ok(holds(dep("mtime", dir)));
});

test("an observation looks at a tree once for every entry, and gives a flake's tree that held by its content with its stat as seen now", () => {
  const dir = tree();
  try {
    const d = dep("flake", dir);
    const plain: Dependency = { kind: "file", path: join(dir, "flake.nix"), digest: digestNow("file", join(dir, "flake.nix"), {}) };
    let seen = new Observation({});
    assert.equal(seen.refreshed(d), d, "held by its stat: nothing to refresh");
    later(join(dir, "flake.nix"), 60);
    seen = new Observation({});
    assert.ok(seen.holds(d) && seen.holds(plain));
    const refreshed = seen.refreshed(d);
    assert.equal(refreshed.digest, `${digestNow("source", dir, {})} ${d.digest.split(" ")[1]}`);
    assert.equal(seen.refreshed(plain), plain);
    writeFileSync(join(dir, "flake.nix"), "{ outputs = _: { x = 1; }; }\n");
    assert.ok(seen.holds(d), "what the observation saw stands for the lookup it serves");
    assert.equal(new Observation({}).holds(refreshed), false, "a new observation sees the change");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
