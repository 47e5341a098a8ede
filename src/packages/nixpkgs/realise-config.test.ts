import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { module, seedSystem } from "../../../test/helpers/system.ts";
import type { PackageLookup } from "../package-set.ts";
import type { PackageSession } from "../package-session.ts";
import { realiseConfigReferences } from "./realise-config.ts";
import { lazyFromJS } from "../../nix/js-value.ts";
import { homeManagerModule } from "../../modules/system/home-manager.ts";

test("realising a configuration's references resolves only the packages the generation uses, not a disabled option's default", async () => {
  const looked: string[] = [];
  const lookup: PackageLookup = {
    lookup(attr) {
      looked.push(attr);
      return { name: `${attr}-1.0`, version: "1.0", outPath: `/var/lib/system-manager/store/${"a".repeat(32)}-${attr}-1.0`, mainProgram: attr } as ReturnType<PackageLookup["lookup"]>;
    },
  };
  const home = { home: { stateVersion: "24.05", packages: [] as unknown[] }, programs: { git: { enable: true, userName: "Alice" } } };
  const ev = evaluateSystem([lazyFromJS(homeManagerModule), module({ ...seedSystem, "home-manager": { users: { alice: home } } })], {}, lookup);
  const realised: string[] = [];
  const packages = { realise: async (paths: readonly string[]) => void realised.push(...paths), throwUnavailable: () => undefined } as unknown as PackageSession;
  await realiseConfigReferences(ev.evaluation, { root: await mkdtemp(join(tmpdir(), "sm-realise-config-")), stores: [ev.store], packages });
  assert.ok(looked.includes("git"), `git is installed by programs.git: ${looked.join(", ")}`);
  assert.ok(!looked.includes("git-lfs"), `programs.git.lfs is disabled, so its package must not be resolved: ${looked.join(", ")}`);
  assert.ok(realised.some((p) => p.endsWith("-git-1.0")), `git is realised: ${realised.join(", ")}`);
});

test("of a home's files, what their generation entries are made from is realised: a text's references and a source, not a text's own text path nor a disabled file", async () => {
  const store = (c: string, name: string) => `/var/lib/system-manager/store/${c.repeat(32)}-${name}`;
  const file = {
    text: { text: `exec ${store("a", "tool-1.0")}/bin/tool\n` },
    linked: { source: store("b", "linked") },
    changed: { text: "plain\n", onChange: `${store("c", "hook")}/bin/run` },
    off: { enable: false, source: store("d", "disabled") },
  };
  const home = { home: { stateVersion: "24.05", packages: [] as unknown[], file } };
  const ev = evaluateSystem([lazyFromJS(homeManagerModule), module({ ...seedSystem, "home-manager": { users: { alice: home } } })], {});
  const realised: string[] = [];
  const packages = { realise: async (paths: readonly string[]) => void realised.push(...paths), throwUnavailable: () => undefined } as unknown as PackageSession;
  await realiseConfigReferences(ev.evaluation, { root: await mkdtemp(join(tmpdir(), "sm-realise-config-")), stores: [ev.store], packages });
  const names = realised.map((p) => p.replace(/^.*\/[0-9a-z]{32}-/, ""));
  assert.deepEqual(names.filter((n) => ["tool-1.0", "linked", "hook", "disabled"].includes(n)).sort(), ["hook", "linked", "tool-1.0"]);
  assert.deepEqual(names.filter((n) => n.startsWith("hm_")), [], "a text entry's text path is the build's to write");
});
