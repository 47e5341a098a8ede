/**
 * nixpkgs' lib.systems.elaborate: the platform record of a system string
 * or `{ system; … }` / `{ config; … }` set — the parsed system, its
 * double and triple, every `is*` predicate of lib.systems.inspect, the
 * CPU feature predicates of its GCC architecture, libc, linker,
 * extensions, uname, the kernel/QEMU/EFI/U-Boot/Darwin architecture
 * names, and the toolchain settings (./toolchains.ts); attributes given
 * in the set override the computed ones, which read each other through
 * the final record as nixpkgs' do.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../../nix/value.ts";
import { nixThrow, text } from "../../nix/expect.ts";
import { fromJS } from "../../nix/js-value.ts";
import { valuesEqual } from "../../nix/equality.ts";
import { darwinArch, doubleFromSystem, isCompatible, systemFromString, tripleFromSystem } from "./parse.ts";
import { matchesPattern, type Json, type JsonObject } from "./json.ts";
import { failedAbiAssertion, systemValue } from "./abi-assertions.ts";
import { PATTERNS } from "./inspect-data.ts";
import { archCanExecute, FEATURE_PREDICATES, hasFeature } from "./architectures.ts";
import { selectPlatform } from "./platforms.ts";
import { toolchainFields, type Final } from "./toolchains.ts";
import { emulatorFields, type EmulatorLib } from "./emulator.ts";

const FUNCTION_NAMES = ["canExecute", "emulator", "emulatorAvailable", "staticEmulatorAvailable"];

/** `a.b.c` of a Nix value, or undefined where an attribute is missing (Nix's `or`). */
export function attrPath(v: Lazy | undefined, ...path: string[]): Value | undefined {
  let x = v === undefined ? undefined : force(v);
  for (const k of path) {
    if (!(x instanceof NixAttrs)) return undefined;
    const next = x.lazy(k);
    x = next === undefined ? undefined : force(next);
  }
  return x;
}

const UNAME_SYSTEM: Readonly<Record<string, string>> = { linux: "Linux", windows: "Windows", cygwin: "CYGWIN_NT", darwin: "Darwin", netbsd: "NetBSD", freebsd: "FreeBSD", openbsd: "OpenBSD", wasi: "Wasi", redox: "Redox", genode: "Genode" };

function libcOf(is: (k: string) => boolean): string | null {
  const table: [string, string | null][] = [
    ["isDarwin", "libSystem"], ["isMsvc", "ucrt"], ["isMinGW", "msvcrt"], ["isCygwin", "cygwin"], ["isWasi", "wasilibc"], ["isWasm", null], ["isRedox", "relibc"],
    ["isMusl", "musl"], ["isUClibc", "uclibc"], ["isAndroid", "bionic"], ["isLinux", "glibc"], ["isFreeBSD", "fblibc"], ["isOpenBSD", "oblibc"],
    ["isNetBSD", "nblibc"], ["isAvr", "avrlibc"], ["isGhcjs", null], ["isNone", "newlib"],
  ];
  const hit = table.find(([p]) => is(p));
  return hit === undefined ? "native/impure" : hit[1];
}

export function elaborate(emulatorLib: EmulatorLib, builtin: (name: string) => Value, systemOrArgs: Lazy): NixAttrs {
  const given = force(systemOrArgs);
  const allArgs = given instanceof NixAttrs ? given : NixAttrs.from({ system: given });
  const args = new Map([...allArgs.map].filter(([k]) => !["parsed", "system", "_withoutFunctions"].includes(k)));
  const parsedJson = systemFromString(text(args.has("config") ? (args.get("config") as Lazy) : (allArgs.lazy("system") ?? nixThrow("attribute 'system' missing"))));
  const fields = new Map<string, Lazy>();
  let finalSet: NixAttrs | undefined;
  const get = (k: string): Value => force(finalSet?.lazy(k) ?? nixThrow(`attribute '${k}' missing`));
  const is = (k: string): boolean => get(k) === true;
  const set = (k: string, f: () => Value) => fields.set(k, new Thunk(f));
  const cpu = parsedJson.cpu as { [k: string]: Json };

  set("parsed", () => systemValue(parsedJson));
  set("system", () => doubleFromSystem(parsedJson));
  set("config", () => tripleFromSystem(parsedJson));
  set("canExecute", () =>
    new NixFunction((platform) => {
      const p = force(platform);
      const theirCpu = attrPath(p, "parsed", "cpu");
      const theirArch = attrPath(p, "gcc", "arch");
      const ourArch = attrPath(finalSet, "gcc", "arch");
      return (
        is("isAndroid") === (attrPath(p, "isAndroid") === true) &&
        isCompatible(String(cpu.name), text(attrPath(theirCpu, "name") ?? "")) &&
        valuesEqual(force(attrPath(finalSet, "parsed", "kernel") as Value), attrPath(p, "parsed", "kernel") ?? null) &&
        (!valuesEqual(force(attrPath(finalSet, "parsed", "cpu") as Value), theirCpu ?? null) || theirArch === undefined || (ourArch !== undefined && archCanExecute(text(ourArch), text(theirArch))))
      );
    }, undefined, "canExecute"),
  );
  set("useLLVM", () => is("isFreeBSD") || is("isOpenBSD"));
  set("libc", () => libcOf(is));
  set("linker", () => (attrPath(finalSet, "useLLVM") === true ? "lld" : is("isDarwin") ? "cctools" : "bfd"));
  set("libDir", () => (is("isLinux") ? (is("isx86_64") || is("isMips64") || is("isPower64") ? "lib64" : "lib") : null));
  set("extensions", () => {
    const windowsLike = is("isWindows") || is("isCygwin");
    const e: Record<string, Lazy> = {
      staticLibrary: is("isWindows") ? ".lib" : ".a",
      library: new Thunk(() => force(attrPath(get("extensions"), is("isStatic") ? "staticLibrary" : "sharedLibrary") ?? nixThrow("attribute 'sharedLibrary' missing"))),
      executable: windowsLike ? ".exe" : "",
    };
    if (is("hasSharedLibraries")) e.sharedLibrary = is("isDarwin") ? ".dylib" : windowsLike ? ".dll" : ".so";
    return NixAttrs.from(e);
  });
  set("useAndroidPrebuilt", () => false);
  set("useiOSPrebuilt", () => false);
  set("uname", () =>
    NixAttrs.from({
      system: UNAME_SYSTEM[String((parsedJson.kernel as { name: string }).name)] ?? null,
      processor: new Thunk(() =>
        is("isPower64") ? `ppc64${is("isLittleEndian") ? "le" : ""}` : is("isPower") ? `ppc${is("isLittleEndian") ? "le" : ""}` : is("isMips64") ? "mips64" : is("isDarwin") ? get("darwinArch") : String(cpu.name),
      ),
      release: null,
    }),
  );
  const sharedKinds = ["isAndroid", "isGnu", "isMusl", "isDarwin", "isSunOS", "isOpenBSD", "isFreeBSD", "isNetBSD", "isCygwin", "isMinGW", "isWindows", "isWasm"];
  set("hasSharedLibraries", () => sharedKinds.some(is) && !is("isStatic"));
  set("isStatic", () => is("isWasi") || is("isRedox"));
  set("gcc", () => {
    const given = args.get("gcc");
    const selected = selectPlatform(is, cpu);
    return "gcc" in selected ? fromJS(selected.gcc) : given === undefined ? NixAttrs.empty : force(given);
  });
  set("rustc", () => force(args.get("rustc") ?? NixAttrs.empty));
  set("linuxArch", () => {
    const table: [string, string][] = [["isAarch32", "arm"], ["isAarch64", "arm64"], ["isx86_32", "i386"], ["isx86_64", "x86_64"], ["isMicroBlaze", "microblaze"], ["isMips32", "mips"], ["isMips64", "mips"], ["isPower", "powerpc"], ["isRiscV", "riscv"], ["isSh4", "sh"], ["isS390", "s390"], ["isLoongArch64", "loongarch"]];
    return table.find(([p]) => is(p))?.[1] ?? String(cpu.name);
  });
  set("ubootArch", () => (is("isx86_32") ? "x86" : is("isMips64") ? "mips64" : get("linuxArch")));
  set("qemuArch", () => {
    if (is("isAarch32")) return "arm";
    if (is("isAarch64")) return `aarch64${is("isBigEndian") ? "_be" : ""}`;
    if (is("isS390") && !is("isS390x")) return null;
    if (is("isx86_64")) return "x86_64";
    if (is("isx86")) return "i386";
    if (is("isMips64n32")) return `mipsn32${is("isLittleEndian") ? "el" : ""}`;
    if (is("isMips64")) return `mips64${is("isLittleEndian") ? "el" : ""}`;
    return force(attrPath(get("uname"), "processor") as Value);
  });
  set("efiArch", () => (is("isx86_32") ? "ia32" : is("isx86_64") ? "x64" : is("isAarch32") ? "arm" : is("isAarch64") ? "aa64" : String(cpu.name)));
  set("darwinArch", () => darwinArch(cpu));
  set("darwinPlatform", () => (is("isMacOS") ? "macos" : is("isiOS") ? "ios" : null));
  set("darwinSdkVersion", () => force(finalSet?.lazy("sdkVer") ?? "14.4"));
  set("darwinMinVersion", () => "14.0");
  set("darwinMinVersionVariable", () => (is("isMacOS") ? "MACOSX_DEPLOYMENT_TARGET" : is("isiOS") ? "IPHONEOS_DEPLOYMENT_TARGET" : null));
  set("androidSdkVersion", () => force(args.get("androidSdkVersion") ?? null));
  set("androidNdkVersion", () => force(args.get("androidNdkVersion") ?? null));
  for (const [k, v] of emulatorFields(emulatorLib, () => finalSet as NixAttrs)) fields.set(k, v);
  for (const [name, pattern] of Object.entries(PATTERNS)) {
    set(name, () => (Array.isArray(pattern) ? pattern.some((p) => matchesPattern(p, parsedJson)) : matchesPattern(pattern, parsedJson)));
  }
  const gccArch = () => {
    const a = attrPath(get("gcc"), "arch");
    return a === undefined ? "default" : text(a);
  };
  for (const [name, feature] of Object.entries(FEATURE_PREDICATES)) set(name, () => hasFeature(feature, gccArch()));
  for (const [k, v] of args) fields.set(k, v);
  const final: Final = { get, is, args, builtin };
  for (const [k, v] of toolchainFields(final)) fields.set(k, v);
  set("_withoutFunctions", () => new NixAttrs(new Map([...(finalSet as NixAttrs).map].filter(([k]) => !FUNCTION_NAMES.includes(k) && k !== "_withoutFunctions"))));
  finalSet = new NixAttrs(fields);
  checkAssertions(args, is, parsedJson);
  return finalSet;
}

function checkAssertions(args: ReadonlyMap<string, Lazy>, is: (k: string) => boolean, parsed: { [k: string]: Json }): void {
  if (args.has("linux-kernel")) nixThrow("lib.systems.elaborate: linux-kernel has been removed; see the 26.11 release notes");
  if (is("useAndroidPrebuilt") && !is("isAndroid")) nixThrow("assertion 'final.useAndroidPrebuilt -> final.isAndroid' failed");
  const failed = failedAbiAssertion(parsed.abi as JsonObject, is);
  if (failed !== undefined) nixThrow(failed);
}

