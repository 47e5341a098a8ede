/**
 * `lib.meta`: a package's main program (`getExe` reads
 * `meta.mainProgram`, warning and falling back to the package name when it
 * is missing; `getExe'` names the program), and priorities
 * (`lowPrio`, `hiPrio`, `setPrio`).
 */
import { force, isDerivation, isString, NixAttrs, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { fn } from "./fn.ts";
import { attrs, expectAttrs, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { interpolate } from "./coercion.ts";
import { getOutput } from "./attrsets-more.ts";
import { parseDrvName } from "../nix/builtins/versions.ts";
import type { LibEnv } from "./lib-context.ts";

export function metaLib(env: LibEnv): Record<string, Value> {
  const { ctx } = env;
  const getExe2 = (x: Lazy, y: Lazy): Value => {
    const pkg = force(x);
    if (!isDerivation(pkg)) nixThrow(`lib.meta.getExe': The first argument is of type ${typeOf(pkg)}, but it should be a derivation instead.`);
    const name = force(y);
    if (!isString(name)) nixThrow(`lib.meta.getExe': The second argument is of type ${typeOf(name)}, but it should be a string instead.`);
    if (text(name).includes("/")) {
      nixThrow(`lib.meta.getExe': The second argument "${text(name)}" is a nested path with a "/" character, but it should just be the name of the executable instead.`);
    }
    const bin = interpolate(getOutput("bin", pkg), ctx.copyToStore);
    return stringFrom(`${String(bin)}/bin/${text(name)}`, bin, name);
  };
  const setPrio = (priority: Lazy, drv: Lazy) => {
    const d = expectAttrs(drv);
    const meta = d.get("meta");
    return d.update(attrs({ meta: (meta instanceof NixAttrs ? meta : NixAttrs.empty).update(attrs({ priority })) }));
  };
  return {
    getExe: fn("getExe", (x) => {
      const pkg = expectAttrs(x);
      const main = (pkg.get("meta") as NixAttrs | undefined)?.get("mainProgram");
      if (main !== undefined) return getExe2(pkg, main);
      const name = text(pkg.get("pname") ?? parseDrvName(text(pkg.get("name") ?? "")).name);
      ctx.warn(
        `getExe: Package ${name} does not have the meta.mainProgram attribute. We'll assume that the main program has the same name for now, but this behavior is deprecated, because it leads to surprising errors when the assumed name does not match the actual name. Fix the Nix expression to set meta.mainProgram in the package, or call getExe' with the correct executable name.`,
      );
      return getExe2(pkg, name);
    }),
    "getExe'": fn("getExe'", getExe2),
    setPrio: fn("setPrio", setPrio),
    lowPrio: fn("lowPrio", (drv) => setPrio(10n, drv)),
    hiPrio: fn("hiPrio", (drv) => setPrio(-10n, drv)),
  };
}

