/**
 * Facts about the machine the CLI runs on.
 */
const ARCH: Readonly<Record<string, string>> = { x64: "x86_64", arm64: "aarch64", ia32: "i686", riscv64: "riscv64" };

/** The Nix system string of this machine, e.g. "x86_64-linux". */
export function hostSystem(): string {
  return `${ARCH[process.arch] ?? process.arch}-${process.platform}`;
}
