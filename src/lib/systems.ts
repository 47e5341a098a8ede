/**
 * `lib.systems` (and `lib.platforms`, its `doubles`): the system doubles
 * nixpkgs knows, grouped as nixpkgs groups them (by CPU family, word
 * size, endianness, kernel, ABI), `flakeExposed`, and `elaborate`, which
 * gives a platform record for a system string or `{ system; }` set: the
 * `is*` predicates, `parsed.{cpu,kernel}`, `linuxArch`, `uname` and
 * `canExecute`. Cross-compilation data (examples, full parsing of
 * config triples, emulators) is not modelled.
 */
import { force, isString, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { fn } from "./fn.ts";
import { attrs, expectAttrs, text } from "../nix/expect.ts";

const ALL = (
  "i686-cygwin x86_64-cygwin x86_64-darwin aarch64-darwin i686-freebsd x86_64-freebsd aarch64-freebsd aarch64-genode i686-genode x86_64-genode " +
  "x86_64-solaris javascript-ghcjs aarch64-linux arc-linux armv5tel-linux armv6l-linux armv7a-linux armv7l-linux i686-linux loongarch64-linux " +
  "m68k-linux sh4-linux microblaze-linux microblazeel-linux mips-linux mips64-linux mips64el-linux mipsel-linux powerpc-linux powerpc64-linux " +
  "powerpc64le-linux riscv32-linux riscv64-linux s390-linux s390x-linux x86_64-linux mmix-mmixware aarch64-netbsd armv6l-netbsd armv7a-netbsd " +
  "armv7l-netbsd i686-netbsd m68k-netbsd mipsel-netbsd powerpc-netbsd riscv32-netbsd riscv64-netbsd x86_64-netbsd aarch64_be-none aarch64-none " +
  "arm-none armv6l-none avr-none i686-none microblaze-none microblazeel-none mips-none mips64-none msp430-none or1k-none m68k-none powerpc-none " +
  "powerpcle-none riscv32-none riscv64-none rx-none s390-none s390x-none vc4-none x86_64-none i686-openbsd x86_64-openbsd x86_64-redox " +
  "wasm64-wasi wasm32-wasi aarch64-windows x86_64-windows i686-windows aarch64-uefi x86_64-uefi"
).split(" ");

export const FLAKE_EXPOSED = ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "armv6l-linux", "armv7l-linux", "i686-linux", "aarch64-darwin", "powerpc64le-linux", "riscv64-linux", "x86_64-freebsd"];

const BIG_ENDIAN = new Set(["aarch64_be", "m68k", "microblaze", "mips", "mips64", "powerpc", "powerpc64", "s390", "s390x", "mmix", "or1k"]);
const BITS64 = new Set(["aarch64", "aarch64_be", "x86_64", "mips64", "mips64el", "powerpc64", "powerpc64le", "riscv64", "s390x", "loongarch64", "mmix", "wasm64"]);
const UNIX_KERNELS = new Set(["cygwin", "darwin", "freebsd", "solaris", "linux", "netbsd", "openbsd", "redox"]);

const cpuOf = (d: string) => d.slice(0, d.indexOf("-"));
const kernelOf = (d: string) => d.slice(d.indexOf("-") + 1);

/** The CPU tests nixpkgs' predicates make, by CPU name. */
const CPU: Record<string, (cpu: string) => boolean> = {
  arm: (c) => c === "arm" || c.startsWith("armv"),
  armv7: (c) => c.startsWith("armv7"),
  aarch: (c) => c === "arm" || c.startsWith("armv") || c.startsWith("aarch64"),
  aarch64: (c) => c.startsWith("aarch64"),
  x86: (c) => c === "i686" || c === "x86_64",
  i686: (c) => c === "i686",
  x86_64: (c) => c === "x86_64",
  microblaze: (c) => c.startsWith("microblaze"),
  mips: (c) => c.startsWith("mips"),
  mmix: (c) => c === "mmix",
  power: (c) => c.startsWith("powerpc"),
  riscv: (c) => c.startsWith("riscv"),
  riscv32: (c) => c === "riscv32",
  riscv64: (c) => c === "riscv64",
  rx: (c) => c === "rx",
  vc4: (c) => c === "vc4",
  or1k: (c) => c === "or1k",
  m68k: (c) => c === "m68k",
  arc: (c) => c === "arc",
  sh4: (c) => c === "sh4",
  s390: (c) => c.startsWith("s390"),
  s390x: (c) => c === "s390x",
  loongarch64: (c) => c === "loongarch64",
  js: (c) => c === "javascript",
  bigEndian: (c) => BIG_ENDIAN.has(c),
  littleEndian: (c) => !BIG_ENDIAN.has(c) && c !== "avr",
};

const KERNEL: Record<string, (kernel: string) => boolean> = {
  cygwin: (k) => k === "cygwin",
  darwin: (k) => k === "darwin",
  freebsd: (k) => k === "freebsd",
  illumos: (k) => k === "solaris",
  linux: (k) => k === "linux",
  netbsd: (k) => k === "netbsd",
  openbsd: (k) => k === "openbsd",
  unix: (k) => UNIX_KERNELS.has(k),
  wasi: (k) => k === "wasi",
  redox: (k) => k === "redox",
  windows: (k) => k === "windows",
  genode: (k) => k === "genode",
  uefi: (k) => k === "uefi",
  embedded: (k) => k === "none",
};

/** Linux doubles whose default ABI is not plain gnu, in the order nixpkgs lists them after the others. */
const GNU_LATE = ["armv5tel-linux", "armv6l-linux", "armv7a-linux", "armv7l-linux", "powerpc64-linux"];

export function doubles(): Record<string, string[]> {
  const out: Record<string, string[]> = { all: ALL, none: [] };
  for (const [name, test] of Object.entries(CPU)) out[name] = ALL.filter((d) => test(cpuOf(d)));
  for (const [name, test] of Object.entries(KERNEL)) out[name] = ALL.filter((d) => test(kernelOf(d)));
  out.gnu = [...ALL.filter((d) => kernelOf(d) === "linux" && !GNU_LATE.includes(d)), ...GNU_LATE];
  return out;
}

const LINUX_ARCH: Record<string, string> = { x86_64: "x86_64", i686: "x86", aarch64: "arm64", riscv64: "riscv", riscv32: "riscv", powerpc64le: "powerpc", powerpc64: "powerpc", powerpc: "powerpc", s390x: "s390", loongarch64: "loongarch", mips: "mips", mipsel: "mips", mips64: "mips", mips64el: "mips" };

/** `lib.systems.elaborate`: a platform record for a system double. */
export function elaborate(system: string): NixAttrs {
  const cpu = cpuOf(system);
  const kernel = kernelOf(system);
  const fields: Record<string, Lazy> = { system, config: `${cpu}-unknown-${kernel}${kernel === "linux" ? "-gnu" : ""}` };
  for (const [name, test] of Object.entries(CPU)) {
    const key = name === "bigEndian" ? "isBigEndian" : name === "littleEndian" ? "isLittleEndian" : name === "js" ? "isJavaScript" : `is${name === "x86_64" || name === "x86" || name === "i686" ? name : name[0]!.toUpperCase() + name.slice(1)}`;
    fields[key] = test(cpu);
  }
  fields.isAarch32 = CPU.arm!(cpu);
  fields.isPower64 = cpu.startsWith("powerpc64");
  for (const [name, test] of Object.entries(KERNEL)) fields[name === "illumos" ? "isSunOS" : name === "embedded" ? "isNone" : `is${name === "freebsd" ? "FreeBSD" : name === "netbsd" ? "NetBSD" : name === "openbsd" ? "OpenBSD" : name[0]!.toUpperCase() + name.slice(1)}`] = test(kernel);
  fields.isMacOS = kernel === "darwin";
  fields.isBSD = ["darwin", "freebsd", "netbsd", "openbsd"].includes(kernel);
  fields.is64bit = BITS64.has(cpu);
  fields.is32bit = !BITS64.has(cpu);
  fields.isStatic = false;
  fields.isMusl = false;
  fields.isGnu = kernel === "linux";
  fields.parsed = attrs({
    _type: "system",
    cpu: attrs({ _type: "cpu-type", name: cpu, bits: BITS64.has(cpu) ? 64n : 32n, significantByte: attrs({ name: BIG_ENDIAN.has(cpu) ? "bigEndian" : "littleEndian" }) }),
    kernel: attrs({ _type: "kernel", name: kernel === "solaris" ? "solaris" : kernel }),
    vendor: attrs({ _type: "vendor", name: kernel === "darwin" ? "apple" : "unknown" }),
    abi: attrs({ _type: "abi", name: kernel === "linux" ? "gnu" : "unknown" }),
  });
  fields.linuxArch = LINUX_ARCH[cpu] ?? cpu;
  fields.uname = attrs({ system: kernel === "linux" ? "Linux" : kernel === "darwin" ? "Darwin" : kernel, processor: cpu === "aarch64" && kernel === "darwin" ? "arm64" : cpu, release: null });
  fields.darwinArch = cpu === "aarch64" ? "arm64" : cpu;
  fields.canExecute = fn("canExecute", (other) => {
    const o = force(other);
    const s = o instanceof NixAttrs ? text(o.get("system") as Value) : text(o);
    return s === system || (system === "x86_64-linux" && s === "i686-linux");
  });
  fields.emulatorAvailable = fn("emulatorAvailable", (_pkgs) => false);
  return attrs(fields);
}

export function systemsLib(): Record<string, Value> {
  const d = doubles();
  const doublesSet = attrs(d);
  return {
    doubles: doublesSet,
    flakeExposed: FLAKE_EXPOSED,
    supported: attrs({ tier1: ["x86_64-linux"], tier2: ["aarch64-linux", "x86_64-darwin"], tier3: ["aarch64-darwin", "armv6l-linux", "armv7l-linux", "i686-linux", "mipsel-linux", "riscv64-linux"], hydra: ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"] }),
    elaborate: fn("elaborate", (arg) => {
      const a = force(arg);
      if (isString(a)) return elaborate(text(a));
      const set = expectAttrs(a);
      const sys = set.get("system") ?? set.get("config");
      return elaborate(text(sys as Value)).update(set);
    }),
    equals: fn("equals", (a, b) => text(expectAttrs(a).get("system") as Value) === text(expectAttrs(b).get("system") as Value)),
  };
}
