/**
 * nixpkgs' lib.systems.doubles (also lib.platforms): the system doubles
 * nixpkgs knows, grouped as nixpkgs groups them (by CPU family, word
 * size, endianness, kernel, ABI), and `flakeExposed`.
 */

export const ALL = (
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
