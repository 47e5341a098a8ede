/**
 * The toolchain settings of an elaborated system, as nixpkgs computes
 * them (they override the given attributes of the same name): `rust`
 * (the given rust/rustc settings plus platform, target spec and target
 * names), `go` (GOARCH, GOOS, GOARM), `node` (arch, platform) and `nim`
 * (cpu, os).
 */
import { force, isString, NixAttrs, Thunk, type Lazy, type Value } from "../../nix/value.ts";
import { stringFrom, text } from "../../nix/expect.ts";
import { call } from "../fn.ts";
import { attrPath } from "./elaborate.ts";

/** What the toolchain settings read of the record being elaborated. */
export interface Final {
  get(k: string): Value;
  is(k: string): boolean;
  readonly args: ReadonlyMap<string, Lazy>;
  /** A builtin by name (readFile, fromJSON, toJSON, toFile). */
  builtin(name: string): Value;
}

const GOARCH: Readonly<Record<string, string>> = {
  aarch64: "arm64", arm: "arm", armv5tel: "arm", armv6l: "arm", armv7l: "arm", i686: "386", loongarch64: "loong64", mips: "mips", mips64el: "mips64le",
  mipsel: "mipsle", powerpc64: "ppc64", powerpc64le: "ppc64le", riscv64: "riscv64", s390x: "s390x", x86_64: "amd64", wasm32: "wasm",
};
const RUST_CPU: Readonly<Record<string, string>> = { armv7a: "armv7", armv7l: "armv7", armv6l: "arm", armv5tel: "armv5te", riscv32: "riscv32gc", riscv64: "riscv64gc" };

const first = <T>(table: readonly [boolean, T][], otherwise: T): T => table.find(([c]) => c)?.[1] ?? otherwise;

export function toolchainFields(f: Final): Map<string, Lazy> {
  const parsed = (...path: string[]) => attrPath(f.get("parsed"), ...path);
  const cpuName = () => text(parsed("cpu", "name") as Value);
  const kernelName = () => text(parsed("kernel", "name") as Value);
  const args = (...path: string[]) => attrPath(NixAttrs.from(Object.fromEntries(f.args)), ...path);
  const rust = (): NixAttrs => (args("rust") ?? args("rustc") ?? NixAttrs.empty) as NixAttrs;
  const own = (...path: string[]) => attrPath(rust(), ...path);
  const out = new Map<string, Lazy>();
  const set = (k: string, v: () => Value) => out.set(k, new Thunk(v));
  let rustSet: NixAttrs | undefined;
  const rustField = (k: string) => force(rustSet?.lazy(k) as Lazy);
  set("rust", () => {
    const platform = new Thunk(() => {
      const spec = own("rustcTargetSpec");
      const base = own("platform") ?? (spec !== undefined && text(spec).endsWith(".json") ? call(f.builtin("fromJSON"), call(f.builtin("readFile"), spec)) : NixAttrs.empty);
      const given = own("platform");
      const unix = f.is("isUnix") ? ["unix"] : [];
      return (base as NixAttrs).update(
        NixAttrs.from({
          arch: new Thunk(() => (given !== undefined ? force(attrPath(given, "arch") as Value) : f.is("isAarch32") ? "arm" : f.is("isMips64") ? "mips64" : f.is("isPower64") ? "powerpc64" : cpuName())),
          os: new Thunk(() => (given !== undefined ? (attrPath(given, "os") ?? "none") : f.is("isDarwin") ? "macos" : f.is("isWasm") && !f.is("isWasi") ? "unknown" : kernelName())),
          "target-family": new Thunk(() => {
            const fromRust = args("rust", "platform", "target-family");
            if (fromRust !== undefined) return fromRust;
            const fromRustc = args("rustc", "platform", "target-family");
            if (fromRustc !== undefined) return Array.isArray(fromRustc) ? fromRustc : [fromRustc];
            return [...unix, ...(f.is("isWindows") ? ["windows"] : []), ...(f.is("isWasm") ? ["wasm"] : [])];
          }),
          vendor: new Thunk(() => {
            const vendor = text(parsed("vendor", "name") as Value);
            return own("platform", "vendor") ?? (vendor === "w64" ? "pc" : vendor);
          }),
        }),
      );
    });
    const rustcTargetSpec = new Thunk(() => {
      const explicit = args("rust", "rustcTargetSpec") ?? args("rustc", "config");
      if (explicit !== undefined) return explicit;
      const abi = text(parsed("abi", "name") as Value);
      const cpu = own("platform", "arch") ?? RUST_CPU[cpuName()] ?? cpuName();
      const abi_ = cpuName().startsWith("powerpc") && abi.startsWith("gnuabielfv") ? "gnu" : abi;
      const inferred = f.is("isWasi") ? `${text(cpu)}-wasip1` : `${text(cpu)}-${text(attrPath(rustField("platform"), "vendor") as Value)}-${kernelName()}${abi === "unknown" ? "" : `-${abi_}`}`;
      const given = own("platform");
      if (given !== undefined) return call(f.builtin("toFile"), own("rustcTarget") ?? `${inferred}.json`, call(f.builtin("toJSON"), given));
      return args("rust", "rustcTarget") ?? inferred;
    });
    const cargoShortTarget = new Thunk(() => {
      const spec = force(rustField("rustcTargetSpec"));
      const s = text(spec);
      const base = s.slice(s.lastIndexOf("/") + 1);
      return stringFrom(base.endsWith(".json") ? base.slice(0, -5) : base, spec);
    });
    rustSet = rust().update(
      NixAttrs.from({
        platform,
        rustcTargetSpec,
        rustcTarget: new Thunk(() => own("rustcTarget") ?? force(rustField("cargoShortTarget"))),
        cargoShortTarget,
        cargoEnvVarTarget: new Thunk(() => text(rustField("cargoShortTarget")).toUpperCase().replaceAll("-", "_")),
        isNoStdTarget: new Thunk(() => ["-none", "nvptx", "switch", "-uefi"].some((t) => text(rustField("rustcTarget")).includes(t))),
      }),
    );
    return rustSet;
  });
  set("go", () =>
    NixAttrs.from({
      GOARCH: new Thunk(() => GOARCH[cpuName()] ?? null),
      GOOS: new Thunk(() => (f.is("isWasi") ? "wasip1" : kernelName())),
      GOARM: new Thunk(() => {
        const v = parsed("cpu", "version");
        const version = v === undefined || !isString(v) ? "" : text(v);
        return ["5", "6", "7"].includes(version) ? version : "";
      }),
    }),
  );
  set("node", () =>
    NixAttrs.from({
      arch: new Thunk(() =>
        first<string | null>(
          [
            [f.is("isAarch"), `arm${f.is("is64bit") ? "64" : ""}`],
            [f.is("isMips32"), `mips${f.is("isLittleEndian") ? "el" : ""}`],
            [f.is("isMips64") && f.is("isLittleEndian"), "mips64el"],
            [f.is("isPower"), `ppc${f.is("is64bit") ? "64" : ""}`],
            [f.is("isx86_64"), "x64"],
            [f.is("isx86_32"), "ia32"],
            [f.is("isS390x"), "s390x"],
            [f.is("isRiscV64"), "riscv64"],
            [f.is("isLoongArch64"), "loong64"],
          ],
          null,
        ),
      ),
      platform: new Thunk(() =>
        first<string | null>(
          [[f.is("isAndroid"), "android"], [f.is("isDarwin"), "darwin"], [f.is("isFreeBSD"), "freebsd"], [f.is("isLinux"), "linux"], [f.is("isOpenBSD"), "openbsd"], [f.is("isSunOS"), "sunos"], [f.is("isWindows") || f.is("isCygwin"), "win32"]],
          null,
        ),
      ),
    }),
  );
  set("nim", () =>
    NixAttrs.from({
      cpu: new Thunk(() => {
        // nixpkgs reads is32Bit/is64Bit here, which an elaborated system lacks: a MIPS CPU fails as it does there.
        const mips = () => (f.is("is32Bit") ? "mips" : f.is("is64Bit") ? "mips64" : null);
        const table: [() => boolean, () => string | null][] = [
          [() => f.is("isAarch32"), () => "arm"], [() => f.is("isAarch64"), () => "arm64"], [() => f.is("isAlpha"), () => "alpha"], [() => f.is("isAvr"), () => "avr"],
          [() => f.is("isMips"), mips], [() => f.is("isMsp430"), () => "msp430"], [() => f.is("isPower") && f.is("is32bit"), () => "powerpc"],
          [() => f.is("isPower") && f.is("is64bit"), () => "powerpc64"], [() => f.is("isRiscV") && f.is("is64bit"), () => "riscv64"], [() => f.is("isSparc"), () => "sparc"],
          [() => f.is("isx86_32"), () => "i386"], [() => f.is("isx86_64"), () => "amd64"],
        ];
        return table.find(([c]) => c())?.[1]() ?? null;
      }),
      os: new Thunk(() =>
        first<string | null>(
          [[f.is("isAndroid"), "Android"], [f.is("isDarwin"), "MacOSX"], [f.is("isFreeBSD"), "FreeBSD"], [f.is("isGenode"), "Genode"], [f.is("isLinux"), "Linux"], [f.is("isNetBSD"), "NetBSD"], [f.is("isNone"), "Standalone"], [f.is("isOpenBSD"), "OpenBSD"], [f.is("isWindows"), "Windows"], [f.is("isiOS"), "iOS"]],
          null,
        ),
      ),
    }),
  );
  return out;
}
