/**
 * An elaborated system's emulator functions, as nixpkgs defines them: given
 * a package set, the command that runs the system's executables there
 * (none needed when the build platform runs them itself; else Wine,
 * qemu-user, wasmtime, Node.js or MMIX), whether there is one, and
 * whether it runs static executables.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../../nix/value.ts";
import { nixThrow, stringFrom, text } from "../../nix/expect.ts";
import { call } from "../fn.ts";
import { attrPath } from "./elaborate.ts";

export interface EmulatorLib {
  getExe(): Value;
  /** `"${v}"`: a value as a string, keeping its context. */
  interpolate(v: Value): Value;
}

const pkg = (pkgs: Lazy, name: string) => attrPath(pkgs, name) ?? nixThrow(`attribute '${name}' missing`);

export function emulatorFields(lib: EmulatorLib, final: () => NixAttrs): Map<string, Lazy> {
  const get = (k: string) => force(final().lazy(k) ?? nixThrow(`attribute '${k}' missing`));
  const is = (k: string) => get(k) === true;
  const under = (v: Value, suffix: string) => {
    const s = lib.interpolate(v);
    return stringFrom(`${text(s)}${suffix}`, s);
  };
  const select = (pkgs: Lazy): Value => {
    const host = attrPath(pkgs, "stdenv", "hostPlatform");
    if (force(call(attrPath(host, "canExecute") ?? nixThrow("attribute 'canExecute' missing"), final())) === true) {
      return call(lib.getExe(), call(pkg(pkgs, "writeShellScriptBin"), "exec", 'exec "$@"'));
    }
    if (is("isWindows")) {
      const bits = String(attrPath(get("parsed"), "cpu", "bits"));
      return under(attrPath(call(pkg(pkgs, "winePackagesFor"), `wine${bits}`), "minimal") ?? nixThrow("attribute 'minimal' missing"), "/bin/wine");
    }
    if (is("isLinux") && attrPath(host, "isLinux") === true && get("qemuArch") !== null) return under(pkg(pkgs, "qemu-user"), `/bin/qemu-${text(get("qemuArch"))}`);
    if (is("isWasi")) return under(pkg(pkgs, "wasmtime"), "/bin/wasmtime");
    if (is("isGhcjs")) return under(pkg(pkgs, "nodejs-slim"), "/bin/node");
    if (is("isMmix")) return under(pkg(pkgs, "mmixware"), "/bin/mmix");
    return null;
  };
  const available = (pkgs: Lazy) => select(pkgs) !== null;
  return new Map<string, Lazy>([
    ["emulatorAvailable", new Thunk(() => new NixFunction((pkgs) => available(pkgs), undefined, "emulatorAvailable"))],
    ["staticEmulatorAvailable", new Thunk(() => new NixFunction((pkgs) => force(call(get("emulatorAvailable"), pkgs)) === true && (is("isLinux") || is("isWasi") || is("isMmix")), undefined, "staticEmulatorAvailable"))],
    [
      "emulator",
      new Thunk(() =>
        new NixFunction((pkgs) => (force(call(get("emulatorAvailable"), pkgs)) === true ? select(pkgs) : nixThrow(`Don't know how to run ${text(get("config"))} executables.`)), undefined, "emulator"),
      ),
    ],
  ]);
}
