/**
 * One home-manager fixture, as home-manager's harness runs it: what the
 * evaluated configuration refers to (home.file sources, activation
 * scripts, the nmt.script's own paths, then home.path) is realised
 * (fixture-store.ts); the tested tree is made as home-manager's
 * activation package has it: home-files/ (our home generation's files,
 * packages as `@pname@`), home-path (the realised home.path, or only its
 * hm-session-vars.sh when a package in it cannot be stood in for) and
 * activate (the activation entries' scripts in home-manager's order);
 * then the script runs (nmt-script.ts), with /nix/store in it read as our
 * store directory (but for normalizeStorePaths' zeroed paths). Returns the problems: none when
 * the script passed.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { realHomeContent } from "../../src/home/real-home-manager.ts";
import { homeFilesView } from "../helpers/home-files-view.ts";
import type { SourceReader } from "../../src/build/generation-spec.ts";
import { stringContexts } from "../../src/packages/nixpkgs/string-contexts.ts";
import { toJS } from "../../src/nix/js-value.ts";
import { force, NixAttrs, NixString, type Lazy } from "../../src/nix/value.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import type { FixtureStore } from "./fixture-store.ts";
import { runNmtScript } from "./nmt-script.ts";

const LOG_LINES = 40;

const attrs = (v: Lazy | undefined) => force(v as Lazy) as NixAttrs;

export async function runFixture(config: NixAttrs, fstore: FixtureStore, read: SourceReader, scratch: string): Promise<string[]> {
  const home = attrs(config.lazy("home"));
  const scriptValue = force(attrs(config.lazy("nmt")).lazy("script") as Lazy);
  const script = scriptValue instanceof NixString ? scriptValue.s : String(scriptValue);
  if (!/\bassert|\bfail\b/.test(script)) return ["the fixture's nmt.script asserts nothing"];
  const activation = attrs(home.lazy("activation"));
  await fstore.realise(stringContexts([home.lazy("file") as Lazy, scriptValue, ...activation.keys().map((k) => activation.lazy(k) as Lazy)], STORE_DIR));
  const content = realHomeContent(config, { user: "hm-user", readSource: read });
  const tested = join(scratch, "tested");
  const write = (rel: string, text: string, executable: boolean) => {
    mkdirSync(dirname(join(tested, rel)), { recursive: true });
    writeFileSync(join(tested, rel), text);
    chmodSync(join(tested, rel), executable ? 0o555 : 0o444);
  };
  mkdirSync(tested, { recursive: true });
  for (const [target, e] of homeFilesView(content)) {
    const rel = `home-files/${target}`;
    if (e.kind === "symlink") {
      mkdirSync(dirname(join(tested, rel)), { recursive: true });
      symlinkSync(e.target, join(tested, rel));
    } else write(rel, fstore.asTested(e.content.toString("utf8")), e.executable);
  }
  const path = home.lazy("path") as Lazy;
  try {
    await fstore.realise(stringContexts([path], STORE_DIR));
    symlinkSync(String(toJS(attrs(path).lazy("outPath") as Lazy)), join(tested, "home-path"));
  } catch {
    const vars = attrs(home.lazy("sessionVariablesPackage"));
    write("home-path/etc/profile.d/hm-session-vars.sh", String(toJS(vars.lazy("text") as Lazy)), false);
  }
  const entries = content.manifest.activation.map((s) => String(toJS(attrs(activation.lazy(s.name)).lazy("data") as Lazy)));
  write("activate", fstore.asTested(`#!/usr/bin/env bash\n${entries.join("\n")}\n`), true);
  // The script's patterns for store paths ("/nix/store/[0-9a-z]*-key1") name our store; normalized paths stay /nix/store's.
  const ours = fstore.asTested(script, true).replace(/\/nix\/store\/(?!0{32}-)/g, `${STORE_DIR}/`);
  const run = await runNmtScript(ours, tested, fstore.root, join(scratch, "nmt"));
  if (run.code === 0) return [];
  return [`nmt.script failed (exit ${run.code}):\n${run.log.replace(/\n$/, "").split("\n").slice(-LOG_LINES).join("\n")}`];
}
