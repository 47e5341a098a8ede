/**
 * `systemd.units` holds the units of the other kinds, as on NixOS
 * (src/modules/system/systemd/derived-units.ts): a configuration reads a
 * service's rendered text and install options there, and it is the very
 * file the generation writes; install options added under systemd.units
 * join the service's; a text of its own for a service's name conflicts in
 * NixOS's words; the build renders each unit once (derived-units.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "../build-generation.ts";
import { readSourceFromDisk } from "../read-source.ts";
import type { Manifest } from "../manifest.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { lazyFromJS } from "../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../nix/value.ts";
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { testEngine } from "../../../test/helpers/engine.ts";

const mod = (m: unknown): Lazy => NixAttrs.from({ _file: "/cfg/system.nix", imports: [lazyFromJS(m)] });
const base = { nixpkgs: { hostPlatform: "x86_64-linux" }, systemd: { services: { foo: { wantedBy: ["multi-user.target"], script: "echo hi", serviceConfig: { Type: "oneshot" } } } } };
/** A module that copies what it reads of systemd.units into /etc. */
const reader = ({ config }: { config: { systemd: { units: Record<string, { text: string; wantedBy: string[] }> } } }) => ({
  environment: {
    etc: {
      "foo-unit.txt": { text: lib.lazy(() => config.systemd.units["foo.service"]?.text ?? "") },
      "foo-wanted-by.txt": { text: lib.lazy(() => (config.systemd.units["foo.service"]?.wantedBy ?? []).join(" ")) },
    },
  },
});

async function build(...modules: unknown[]) {
  const root = await mkdtemp(join(tmpdir(), "sm-derived-units-"));
  const r = await buildGeneration(modules.map((m) => mod(m)), { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  const gen = join(root, r.storePath);
  const manifest = JSON.parse(await readFile(join(gen, "manifest.json"), "utf8")) as Manifest;
  const etcText = async (target: string) => {
    const e = manifest.etc.find((x) => x.target === target);
    assert.ok(e !== undefined, target);
    return readFile(e.source.startsWith("/") ? join(root, e.source) : join(gen, e.source), "utf8");
  };
  return { root, gen, manifest, etcText };
}

test("config.systemd.units.\"foo.service\".text is the unit file the generation writes for systemd.services.foo; wantedBy reads the service's", async () => {
  const { gen, etcText, manifest } = await build(base, reader);
  const written = await readFile(join(gen, "etc/systemd/system/foo.service"), "utf8");
  assert.match(written, /^ExecStart=\/etc\/systemd\/system\/system-manager-scripts\/[0-9a-z]{32}\/foo-start$/m);
  assert.equal(await etcText("foo-unit.txt"), written);
  assert.equal(manifest.units["foo.service"]?.text, written);
  assert.equal(await etcText("foo-wanted-by.txt"), "multi-user.target");
});

test("install options added under systemd.units join the service's; the unit is written once", async () => {
  const { gen, manifest } = await build(base, { systemd: { units: { "foo.service": { wantedBy: ["extra.target"] } } } });
  assert.equal(await readlink(join(gen, "etc/systemd/system/extra.target.wants/foo.service")), "../foo.service");
  assert.equal(await readlink(join(gen, "etc/systemd/system/system-manager.target.wants/foo.service")), "../foo.service");
  assert.deepEqual(Object.keys(manifest.units).filter((n) => n.startsWith("foo")), ["foo.service"]);
});

test("a text of the configuration's own for a service's unit conflicts with the derived one, in NixOS's words", async () => {
  await assert.rejects(build(base, { systemd: { units: { "foo.service": { text: "[Service]\nExecStart=/bin/true\n" } } } }), (e: unknown) => {
    assert.ok(e instanceof UserError, String(e));
    assert.match(e.message, /The option `systemd\.units\."foo\.service"\.text' has conflicting definition values/);
    return true;
  });
});
