/**
 * nixpkgs' lib.systems.parse: a system string ("x86_64-linux",
 * "armv7l-unknown-linux-gnueabihf", …) split into its CPU, vendor, kernel
 * and ABI records (missing parts filled in as nixpkgs does), and the
 * double and triple written back from them. Messages are nixpkgs'.
 */
import { nixThrow } from "../../nix/expect.ts";
import { ABIS, CPU_TYPES, KERNELS, VENDORS } from "./parse-data.ts";
import { jsonEqual, matchesPattern, type Json, type JsonObject } from "./json.ts";
import { PATTERNS } from "./inspect-data.ts";

export interface Skeleton {
  cpu: string;
  vendor?: string;
  kernel: string;
  abi?: string;
}

const ambiguous = (l: readonly string[], n: number) => nixThrow(`system string '${l.join("-")}' with ${n} component${n === 1 ? "" : "s"} is ambiguous`);

/** nixpkgs `mkSkeletonFromList`. */
export function skeletonFromList(l: readonly string[]): Skeleton {
  const [a = "", b = "", c = "", d = ""] = l;
  switch (l.length) {
    case 1:
      return a === "avr" ? { cpu: a, kernel: "none", abi: "unknown" } : ambiguous(l, 1);
    case 2:
      if (b === "cygwin") return skeletonFromList([a, "pc", "cygwin"]);
      if (b === "windows") return { cpu: a, kernel: "windows", abi: "msvc" };
      if (b === "elf") return { cpu: a, vendor: "unknown", kernel: "none", abi: b };
      return { cpu: a, kernel: b };
    case 3:
      if (b === "linux" || ["eabi", "eabihf", "elf", "gnu"].includes(c)) return { cpu: a, kernel: b, abi: c, vendor: "unknown" };
      if (b === "apple" || ["redox", "mmixware", "ghcjs", "mingw32", "uefi"].includes(c) || /^(freebsd|netbsd|openbsd|genode)/.test(c) || a.startsWith("wasm32")) {
        return { cpu: a, vendor: b, kernel: c === "mingw32" ? "windows" : c };
      }
      if (c === "cygwin") return { cpu: a, vendor: b, kernel: "cygwin" };
      return ambiguous(l, 3);
    case 4:
      return { cpu: a, vendor: b, kernel: c, abi: d };
    default:
      return nixThrow(`system string '${l.join("-")}' has invalid number of hyphen-separated components`);
  }
}

const lookup = (table: Readonly<Record<string, Json>>, what: string, name: string) => (table[name] as JsonObject | undefined) ?? nixThrow(`Unknown ${what}: ${name}`);
const is = (pattern: string, parsed: JsonObject) => {
  const p = PATTERNS[pattern] as Json;
  return Array.isArray(p) ? p.some((x) => matchesPattern(x, parsed)) : matchesPattern(p, parsed);
};
const removeAbiSuffix = (x: string) => /^(.*)e?abi.*$/s.exec(x)?.[1] ?? x;
const versionAtLeast = (v: string, w: string) => v.localeCompare(w, undefined, { numeric: true }) >= 0;

/** nixpkgs `mkSystemFromSkeleton`. */
export function systemFromSkeleton(s: Skeleton): JsonObject {
  const parsed: JsonObject = { _type: "system" };
  parsed.cpu = lookup(CPU_TYPES, "CPU type", s.cpu);
  parsed.kernel = s.kernel.startsWith("darwin") ? lookup(KERNELS, "kernel", "darwin") : s.kernel.startsWith("netbsd") ? lookup(KERNELS, "kernel", "netbsd") : lookup(KERNELS, "kernel", removeAbiSuffix(s.kernel));
  parsed.vendor =
    s.vendor !== undefined ? lookup(VENDORS, "vendor", s.vendor) : (VENDORS[is("isDarwin", parsed) ? "apple" : is("isWindows", parsed) || is("isCygwin", parsed) ? "pc" : "unknown"] as Json);
  let abi: string;
  if (s.abi !== undefined) abi = s.abi;
  else if (is("isLinux", parsed) || is("isWindows", parsed)) {
    const cpu = parsed.cpu as JsonObject;
    abi = is("isAarch32", parsed) ? (versionAtLeast(String(cpu.version ?? "0"), "6") ? "gnueabihf" : "gnueabi") : is("isPower64", parsed) && is("isBigEndian", parsed) ? "gnuabielfv1" : "gnu";
  } else abi = "unknown";
  parsed.abi = lookup(ABIS, "ABI", abi);
  return { _type: "system", cpu: parsed.cpu, vendor: parsed.vendor, kernel: parsed.kernel, abi: parsed.abi };
}

export const systemFromString = (s: string): JsonObject => systemFromSkeleton(skeletonFromList(s.split("-")));

const name = (r: Json | undefined) => String((r as JsonObject).name);
const kernelName = (k: JsonObject) => `${k.name}${k.version === undefined ? "" : String(k.version)}`;
const isDarwinKernel = (k: JsonObject) => "darwin" in (k.families as JsonObject);

/** nixpkgs `darwinArch`. */
export const darwinArch = (cpu: JsonObject): string => (cpu.name === "aarch64" ? "arm64" : String(cpu.name));

/** nixpkgs `doubleFromSystem`. */
export function doubleFromSystem(p: JsonObject): string {
  const kernel = p.kernel as JsonObject;
  return isDarwinKernel(kernel) ? `${name(p.cpu)}-darwin` : `${name(p.cpu)}-${kernelName(kernel)}`;
}

/** nixpkgs `gnuNetBSDDefaultExecFormat`: the exec format GNU assumes for NetBSD on a CPU. */
export function gnuNetBSDDefaultExecFormat(cpu: JsonObject): string {
  return cpu.bits === 32 && ["arm", "sparc", "m68k", "x86"].includes(String(cpu.family)) ? "aout" : "elf";
}

const MUSL_ABI: Readonly<Record<string, string>> = {
  gnu: "musl", gnueabi: "musleabi", gnueabihf: "musleabihf", gnuabin32: "muslabin32", gnuabi64: "muslabi64", gnuabielfv2: "musl", gnuabielfv1: "musl",
  musleabi: "musleabi", musleabihf: "musleabihf", muslabin32: "muslabin32", muslabi64: "muslabi64",
};

/** nixpkgs `mkMuslSystem`: the same system with the musl counterpart of its ABI. */
export function muslSystem(parsed: JsonObject): JsonObject {
  return { ...parsed, _type: "system", abi: ABIS[MUSL_ABI[name(parsed.abi)] ?? "musl"] as Json };
}

/** nixpkgs `tripleFromSystem`. */
export function tripleFromSystem(p: JsonObject): string {
  const cpu = p.cpu as JsonObject;
  const kernel = p.kernel as JsonObject;
  const execFormat = name(kernel.execFormat);
  const optExecFormat = kernel.name === "netbsd" && gnuNetBSDDefaultExecFormat(cpu) !== execFormat ? execFormat : "";
  const optAbi = jsonEqual(p.abi, ABIS.unknown) ? "" : `-${name(p.abi)}`;
  return `${isDarwinKernel(kernel) ? darwinArch(cpu) : cpu.name}-${name(p.vendor)}-${kernelName(kernel)}${optExecFormat}${optAbi}`;
}

const COMPATIBLE: readonly [string, string][] = [
  ["i386", "i486"], ["i486", "i586"], ["i586", "i686"], ["i686", "x86_64"], ["arm", "armv5tel"], ["armv5tel", "armv6l"], ["armv6m", "armv6l"],
  ["armv6l", "armv7l"], ["armv7l", "armv7a"], ["armv7l", "armv7r"], ["armv7m", "armv7a"], ["armv7m", "armv7r"], ["armv8a", "aarch64"],
  ["powerpc", "powerpc64"], ["powerpcle", "powerpc64le"], ["mips", "mips64"], ["mipsel", "mips64el"], ["sparc", "sparc64"],
];

/** nixpkgs `isCompatible a b`: code for CPU b runs on CPU a. */
export function isCompatible(a: string, b: string): boolean {
  return a === b || COMPATIBLE.some(([lower, higher]) => b === lower && isCompatible(a, higher));
}
