/**
 * A package has the output attributes of a single-output nixpkgs
 * derivation (`out` itself, outputName, outputs, all), from Nix and from
 * TypeScript, also after an override; a conventional output it lacks
 * (`.dev`) is Nix's "attribute 'dev' missing", naming the package's
 * outputs; the system-manager package (cli-package-value.ts) has them too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { EvalStore } from "../nix/eval-store.ts";
import { createEvaluator } from "../nix/evaluate.ts";
import { force, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { toJS } from "../nix/js-value.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { packageSet } from "./package-set.ts";
import { cliPackageValue } from "../build/cli-package-value.ts";
import { hostSystem } from "../cli/host.ts";
import { printValue } from "../nix/print-value.ts";

const store = new EvalStore(STORE_DIR);
const evaluator = createEvaluator({ store, pure: true });
const pkgs = packageSet(() => "x86_64-linux", undefined, store);
const evalWith = (src: string, arg: Lazy = pkgs): Value => force((force(evaluator.evalSource(`pkgs: ${src}`, "«test»", "/")) as { call(a: Lazy): Lazy }).call(arg));
const strict = (src: string, arg?: Lazy): string => printValue(evalWith(src, arg), { strict: true });

test("pkgs.<attr>.out is the package; outputName, outputs and all are a single output's", () => {
  const hello = "pkgs.hello";
  assert.equal(strict(`${hello}.out.outPath == ${hello}.outPath && ${hello}.out.out.outPath == ${hello}.outPath`), "true");
  assert.equal(strict(`[ ${hello}.outputName ${hello}.outputs (map (x: x.outPath == ${hello}.outPath) ${hello}.all) ${hello}.out.type ]`), '[ "out" [ "out" ] [ true ] "derivation" ]');
  assert.match(strict(`"\${pkgs.iputils.out}/bin/ping"`), new RegExp(`^"${STORE_DIR}/[0-9a-z]{32}-iputils/bin/ping"$`));
  assert.equal(strict(`(pkgs.hello.overrideAttrs { doCheck = false; }).out.outPath == pkgs.hello.outPath`), "true");
  assert.equal(strict(`[ (pkgs.lib.getBin pkgs.hello).outPath (pkgs.lib.getDev pkgs.hello).outPath ] == [ pkgs.hello.outPath pkgs.hello.outPath ]`), "true");
});

test("an output the package does not have is Nix's missing attribute, naming its outputs", () => {
  assert.throws(() => evalWith("pkgs.hello.dev"), (e: Error) => {
    assert.equal(e.message, "attribute 'dev' missing\nThe package 'hello' has only the output 'out'; lib.getBin, lib.getDev and lib.getMan fall back to 'out'.");
    return true;
  });
  assert.throws(() => evalWith("pkgs.hello.man"), /: attribute 'man' missing\nThe package 'hello' has only the output 'out'/);
  assert.throws(() => evalWith("pkgs.hello.nmae"), /: attribute 'nmae' missing\nDid you mean name\?$/);
  assert.equal(strict(`pkgs.hello.bin or "none"`), '"none"');
});

test("from TypeScript, a package's out, outputName, outputs and all read as in Nix", () => {
  const hello = toJS(force(pkgs.lazy("hello") as Lazy)) as Record<string, unknown> & { out: Record<string, unknown>; all: unknown[] };
  assert.equal(`${hello.out}`, `${hello}`);
  assert.equal(hello.outputName, "out");
  assert.deepEqual(hello.outputs, ["out"]);
  assert.equal(`${hello.all[0]}`, `${hello}`);
});

test("the system-manager package has a single output's attributes too", () => {
  const host = hostSystem();
  const sm = cliPackageValue(host, host);
  assert.equal(force(sm.lazy("out") as Lazy), sm);
  assert.equal(force(sm.lazy("outputName") as Lazy), "out");
  assert.equal(printValue(force(sm.lazy("outputs") as Lazy)), '[ "out" ]');
  assert.equal(force((force(sm.lazy("all") as Lazy) as Lazy[])[0] as Lazy), sm);
  assert.ok(sm instanceof NixAttrs);
});
