/**
 * `--sudo` with real packages: a generation built (with the packages of a
 * local signed archive, unpacked and patched) into a staging store is
 * imported into another root whole, and a staged package changed after
 * the build is refused.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { lazyFromJS } from "../../src/nix/js-value.ts";
import { NixAttrs } from "../../src/nix/value.ts";
import { importClosure } from "../../src/packages/import-closure.ts";
import { PACKAGE_HASHES } from "../../src/packages/package-hashes.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { seedSystem } from "../helpers/system.ts";
import { testEngine } from "../helpers/engine.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const skip = fixtureUnavailable();

describe("--sudo import of a generation with packages from a local signed archive", { skip }, () => {
  let f: Fixture;
  let staging: string;
  let generation: string;
  before(async () => {
    f = await startFixture();
    staging = f.dir("staging");
    const session = f.session(staging, join(f.dir("config"), "system-manager.lock"));
    const modules = [seedSystem, ({ pkgs }: { pkgs: Record<string, unknown> }) => ({ users: { users: { alice: { packages: [pkgs.hello] } } } })].map((m) =>
      NixAttrs.from({ _file: "/cfg/system.config.ts", imports: [lazyFromJS(m)] }),
    );
    ({ storePath: generation } = await buildGeneration(modules, { root: staging, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine(), packages: session }));
  });
  after(() => f?.stop());

  test("the build records every package path of the closure, and root imports them as built", async () => {
    const recorded = Object.keys(JSON.parse(readFileSync(join(staging, generation, PACKAGE_HASHES), "utf8")) as Record<string, string>);
    for (const prefix of ["hello-2.10-3", "libgreet1-1.0-1", "greet-data-3.0-2", "libc6-2.99-1"]) assert.ok(recorded.some((n) => n.slice(33).startsWith(prefix)), `${prefix} in ${recorded.join(" ")}`);
    const root = f.dir("root");
    await importClosure(staging, root, generation);
    const profile = readdirSync(join(root, STORE_DIR)).find((n) => n.endsWith("-alice-profile")) as string;
    assert.ok(lstatSync(join(root, STORE_DIR, profile, "bin", "hello")).isSymbolicLink());
    for (const n of recorded) assert.ok(existsSync(join(root, STORE_DIR, n)), n);
  });

  test("a staged package changed after the build is refused", async () => {
    const lib = readdirSync(join(staging, STORE_DIR)).find((n) => n.slice(33).startsWith("libgreet1-1.0-1")) as string;
    const so = readdirSync(join(staging, STORE_DIR, lib, "usr/lib/x86_64-linux-gnu")).find((n) => n.startsWith("libgreet.so")) as string;
    const file = join(staging, STORE_DIR, lib, "usr/lib/x86_64-linux-gnu", so);
    chmodSync(join(file, ".."), 0o755);
    chmodSync(file, 0o644);
    writeFileSync(file, "not the library that was built");
    const root = f.dir("root2");
    await assert.rejects(importClosure(staging, root, generation), new RegExp(`${lib} from .*: its content does not match the hash its generation recorded for this package`));
    assert.equal(existsSync(join(root, STORE_DIR)), false);
  });
});
