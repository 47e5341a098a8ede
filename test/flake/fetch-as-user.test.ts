/**
 * A flake's inputs fetched by an ordinary user (uid 65534, through
 * setpriv; root only, as it changes user): a `path:` input is copied into
 * that user's store and renamed to its store path. Without root, a
 * read-only directory cannot be moved to another parent directory, so
 * the fetched tree's top directory is made read-only only after it is in
 * place (src/flake/fetch/source-store.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";

const NOBODY = 65534;
const skip = process.getuid?.() !== 0 ? "needs root to run the CLI as another user" : spawnSync("sh", ["-c", "command -v setpriv"]).status !== 0 ? "setpriv is not installed" : undefined;

test("an ordinary user builds a flake whose input is a path: the input is fetched into their store", { skip }, () => {
  const base = mkdtempSync(join(tmpdir(), "sm-fetch-user-"));
  try {
    chmodSync(base, 0o755);
    mkdirSync(join(base, "dep"));
    writeFileSync(join(base, "dep/flake.nix"), `{ outputs = { self }: { greeting = "hello from a path input"; }; }\n`);
    mkdirSync(join(base, "flake"));
    writeFileSync(
      join(base, "flake/flake.nix"),
      `{
  inputs.system-manager.url = "github:numtide/system-manager";
  inputs.dep.url = "path:${join(base, "dep")}";
  outputs = { self, system-manager, dep, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."greeting".text = dep.greeting; } ];
    };
  };
}
`,
    );
    mkdirSync(join(base, "home/root"), { recursive: true, mode: 0o700 });
    chmodSync(join(base, "home"), 0o700);
    for (const d of ["flake", "home", "home/root"]) chownSync(join(base, d), NOBODY, NOBODY);
    const root = join(base, "home/root");
    const script = `const { main } = await import(${JSON.stringify(join(process.cwd(), "src/cli/main.ts"))}); process.exitCode = await main(["build", "--flake", ${JSON.stringify(join(base, "flake"))}, "--root", ${JSON.stringify(root)}, "--offline"]);`;
    const r = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath, "--import", import.meta.resolve("tsx"), "--input-type=module", "-e", script], {
      cwd: join(base, "home"),
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: join(base, "home"), USER: "nobody", SYSTEM_MANAGER_PACKAGES: "off" },
    });
    assert.equal(r.status, 0, r.stderr);
    const store = join(root, STORE_DIR);
    const sources = readdirSync(store).filter((n) => n.endsWith("-source") && readdirSync(join(store, n)).includes("flake.nix") && readFileSync(join(store, n, "flake.nix"), "utf8").includes("hello from a path input"));
    assert.equal(sources.length, 1, "the input is in the user's store");
    const input = join(store, sources[0] as string);
    assert.equal(lstatSync(input).uid, NOBODY);
    assert.equal(lstatSync(input).mode & 0o777, 0o555, "read-only once in place");
    assert.equal(lstatSync(join(input, "flake.nix")).mode & 0o777, 0o444);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
