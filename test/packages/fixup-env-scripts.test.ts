/**
 * A fixup's variables reach a package's Python programs too (Calibre's
 * look for their modules and other programs in CALIBRE_* variables): the
 * wrapper that runs a Python script with its closure's interpreter sets
 * them, and a value may name the output itself (`${out}`, whose bin/
 * holds the programs as wrapped). Against the fixture archive: `pytool`,
 * a Python script, and a stand-in python3-minimal laid out as Debian's.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import type { ArchiveDeb } from "./helpers/local-archive.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();

const DEBS: ArchiveDeb[] = [
  {
    name: "pytool",
    version: "1.0-1",
    arch: "all",
    depends: "python3-minimal",
    files: { "usr/bin/pytool": { text: "#!/usr/bin/python3\nimport sys\n", mode: 0o755 }, "usr/lib/pytool/mod.py": { text: "" } },
  },
  {
    name: "python3-minimal",
    version: "3.11.2-1",
    arch: "all",
    files: { "usr/bin/python3": { symlink: "python3.11" }, "usr/bin/python3.11": { text: "#!/bin/sh\necho python\n", mode: 0o755 }, "usr/lib/python3.11/os.py": { text: "" } },
  },
];

describe("a fixup's variables in a Python program's wrapper", { skip }, () => {
  let f: Fixture;
  let root: string;
  let out: string;
  before(async () => {
    f = await startFixture(() => ({ test: DEBS }));
    root = f.dir("root");
    const s = f.session(root, join(f.dir("config"), "system-manager.lock"), {
      debian: {
        names: { pytool: { debian: { package: "pytool" } } },
        fixups: { pytool: { env: [{ name: "PYTOOL_PATH", value: "${self}/usr/lib/pytool", mode: "default" }, { name: "PYTOOL_PROGRAMS", value: "${out}/bin", mode: "set" }] } },
      },
    });
    out = s.lookup("pytool", SYSTEM).outPath;
    await s.realise([out]);
  });
  after(() => f?.stop());

  test("bin/pytool runs the closure's python3.11 on the script, with the fixup's variables set after its comment", () => {
    const lines = readFileSync(join(root, out, "bin/pytool"), "utf8").split("\n");
    assert.equal(lines[0], "#!/bin/sh");
    assert.match(lines[1] as string, /^# system-manager: runs pytool 1\.0-1's Python program/);
    assert.match(lines[2] as string, /^PYTOOL_PATH="\$\{PYTOOL_PATH-\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-pytool-1\.0-1\/usr\/lib\/pytool\}"; export PYTOOL_PATH$/);
    assert.equal(lines[3], `export PYTOOL_PROGRAMS='${out}/bin'`, "${out} is the output itself");
    assert.match(lines.at(-2) as string, /^exec '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-python3-minimal-3\.11\.2-1\/usr\/bin\/python3\.11' '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-pytool-1\.0-1\/usr\/bin\/pytool' "\$@"$/);
  });
});
