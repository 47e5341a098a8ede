/**
 * `lib.meta`: a package's main program (`getExe` reads
 * `meta.mainProgram`, warning and falling back to the package name when it
 * is missing; `getExe'` names the program), and priorities
 * (`lowPrio`, `hiPrio`, `setPrio`).
 */
import { force, isDerivation, isString, NixAttrs, Thunk, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { escapeNixIdentifier } from "../module-system/option-path.ts";
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
      const pkg = force(x);
      const meta = pkg instanceof NixAttrs ? pkg.lazy("meta") : undefined;
      const main = meta === undefined ? undefined : (force(meta) instanceof NixAttrs ? (force(meta) as NixAttrs).lazy("mainProgram") : undefined);
      const program = main ?? new Thunk(() => {
        const p = expectAttrs(x);
        const field = (set: Lazy | undefined, k: string) => (set !== undefined && force(set) instanceof NixAttrs ? (force(set) as NixAttrs).lazy(k) : undefined);
        const shown = field(meta, "name") ?? p.lazy("pname") ?? (p.lazy("name") ?? nixThrow("attribute 'name' missing"));
        ctx.warn(
          `getExe: Package ${escapeNixIdentifier(text(shown))} does not have the meta.mainProgram attribute. We'll assume that the main program has the same name for now, but this behavior is deprecated, because it leads to surprising errors when the assumption does not hold. If the package has a main program, please set \`meta.mainProgram\` in its definition to make this warning go away. Otherwise, if the package does not have a main program, or if you don't control its definition, use getExe' to specify the name to the program, such as lib.getExe' foo "bar".`,
        );
        return force(p.lazy("pname") ?? parseDrvName(text(p.lazy("name") ?? nixThrow("attribute 'name' missing"))).name);
      });
      return getExe2(x, program);
    }),
    "getExe'": fn("getExe'", getExe2),
    setPrio: fn("setPrio", setPrio),
    lowPrio: fn("lowPrio", (drv) => setPrio(10n, drv)),
    hiPrio: fn("hiPrio", (drv) => setPrio(-10n, drv)),
  };
}

