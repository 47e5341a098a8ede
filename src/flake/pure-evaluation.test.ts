/**
 * Pure evaluation keeps a flake inside its own tree: reading, importing,
 * copying or naming as a `source` any path outside it (or outside its
 * inputs' trees) fails with Nix's message, at evaluation or at build
 * time; --impure allows it. The "secret" is a file in a temporary
 * directory beside the flake's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../cli/main.ts";
import { main as homeManager } from "../cli/home-manager-main.ts";
import { nodeStandIn } from "../../test/helpers/engine.ts";

const repo = join(import.meta.dirname, "../..");
const FORBIDDEN = /access to absolute path '(.*)' is forbidden in pure evaluation mode \(use '--impure' to override\)/;

function io(env: Record<string, string> = {}) {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-cache-")), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn(), ...env }, cwd: repo };
  return r;
}

/** A secret outside the flake, and a flake (in its own directory) whose outputs are `outputs`. */
function setup(outputs: (secret: string) => string) {
  const top = mkdtempSync(join(tmpdir(), "sm-pure-"));
  mkdirSync(join(top, "secrets"));
  const secret = join(top, "secrets", "shadow");
  writeFileSync(secret, "root:$6$TOPSECRET:19000::::::\n");
  const dir = join(top, "flake");
  mkdirSync(dir);
  writeFileSync(join(dir, "flake.nix"), `{ inputs.system-manager.url = "github:numtide/system-manager";\n  outputs = { self, system-manager, ... }: ${outputs(secret)}; }\n`);
  writeFileSync(join(dir, "own.txt"), "mine\n");
  symlinkSync(secret, join(dir, "link"));
  return { top, dir, secret };
}

async function evalAttr(dir: string, attr: string, ...flags: string[]) {
  const x = io();
  const code = await main(["eval", ...flags, "--flake", `${dir}#${attr}`], x);
  return { code, out: x.out, err: x.err };
}

test("a flake's builtins cannot read, import, list or copy paths outside its tree", async () => {
  const { dir, secret } = setup(
    (s) => `{
      abs = builtins.readFile ${s};
      up = builtins.readFile (./.. + "/secrets/shadow");
      str = builtins.readFile "\${toString ./.}/../secrets/shadow";
      imp = import ${s};
      dir = builtins.readDir ${join(s, "..")};
      copy = "\${${s}}";
      link = builtins.readFile ./link;
      hash = builtins.hashFile "sha256" ${s};
      exists = builtins.pathExists ${s};
      own = builtins.readFile ./own.txt;
      ownExists = builtins.pathExists ./own.txt;
    }`,
  );
  for (const attr of ["abs", "up", "str", "imp", "copy", "link", "hash"]) {
    const r = await evalAttr(dir, attr);
    assert.equal(r.code, 1, `${attr}: ${r.out}`);
    assert.equal(r.err.match(FORBIDDEN)?.[1], secret, `${attr}: ${r.err}`);
    assert.doesNotMatch(r.err + r.out, /TOPSECRET/);
  }
  assert.equal((await evalAttr(dir, "dir")).err.match(FORBIDDEN)?.[1], join(secret, ".."));
  assert.deepEqual(await evalAttr(dir, "exists"), { code: 0, out: "false\n", err: "" });
  assert.deepEqual(await evalAttr(dir, "own"), { code: 0, out: '"mine\\n"\n', err: "" });
  assert.deepEqual(await evalAttr(dir, "ownExists"), { code: 0, out: "true\n", err: "" });
  const impure = await evalAttr(dir, "abs", "--impure");
  assert.equal(impure.code, 0, impure.err);
  assert.match(impure.out, /TOPSECRET/);
});

const system = (source: string) => `{ systemConfigs.default = system-manager.lib.makeSystemConfig {
    modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."leak".source = ${source}; } ];
  }; }`;

test("an /etc source read from outside the flake (a path, or a symlink) is refused at build time; --impure allows it; a string outside the store is a link, never read", async () => {
  const cases: [string, (s: string) => string][] = [
    ["path literal", (s) => s],
    ["path above the flake", () => `./.. + "/secrets/shadow"`],
    ["symlink in the flake", () => "./link"],
  ];
  for (const [what, source] of cases) {
    const { dir, secret } = setup((s) => system(source(s)));
    const x = io();
    assert.equal(await main(["build", "--flake", dir, "--root", mkdtempSync(join(tmpdir(), "sm-root-"))], x), 1, `${what}: ${x.out}`);
    assert.equal(x.err.match(FORBIDDEN)?.[1], secret, `${what}: ${x.err}`);
  }
  // A string outside the store is what NixOS links /etc to: nothing of the file enters the store.
  const linked = setup((s) => system(JSON.stringify(s)));
  const z = io();
  assert.equal(await main(["build", "--flake", linked.dir, "--root", mkdtempSync(join(tmpdir(), "sm-root-"))], z), 0, z.err);
  assert.equal(readlinkSync(join(z.out.trim(), "etc/leak")), linked.secret);
  const { dir } = setup((s) => system(s));
  const root = mkdtempSync(join(tmpdir(), "sm-root-"));
  const x = io();
  assert.equal(await main(["build", "--impure", "--flake", dir, "--root", root], x), 0, x.err);
  const ok = setup(() => system("./own.txt"));
  const y = io();
  assert.equal(await main(["build", "--flake", ok.dir, "--root", root], y), 0, y.err);
  assert.match(readFileSync(join(y.out.trim(), "etc/leak"), "utf8"), /mine/);
});

test("home-manager --flake: a home.file source outside the flake is refused", async () => {
  const { dir, secret } = setup(
    (s) => `{ homeConfigurations.bob = { _type = "home-manager-configuration"; extraSpecialArgs = { };
      modules = [ { home.stateVersion = "25.05"; home.file."leak".source = ${JSON.stringify(s)}; } ]; }; }`,
  );
  const home = mkdtempSync(join(tmpdir(), "sm-hm-"));
  const x = io({ HOME: home, USER: "bob" });
  assert.equal(await homeManager(["build", "--flake", dir], x), 1, x.out);
  assert.equal(x.err.match(FORBIDDEN)?.[1], secret, x.err);
});
