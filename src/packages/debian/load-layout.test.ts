import { test } from "node:test";
import assert from "node:assert/strict";
import type { ElfInfo, LoadSegment } from "./elf.ts";
import { layoutFault } from "./load-layout.ts";

const R = 4;
const RW = 6;
const RX = 5;
const seg = (flags: number, vaddr: number, memsz: number): LoadSegment => ({ flags, vaddr: BigInt(vaddr), memsz: BigInt(memsz) });
const elf = (loads: LoadSegment[], dynamicAt: number): ElfInfo => ({ machine: 62, executable: true, loads, dynamicAt: BigInt(dynamicAt), interpreter: "/lib64/ld-linux-x86-64.so.2", dynamic: true, needed: [], soname: undefined, runpath: [] });

// Debian 13's python3.13 before and after patchelf 0.18 (readelf -l), and after the two runs.
const original = elf([seg(R, 0x400000, 0x1f1d0), seg(RX, 0x420000, 0x31f4f9), seg(R, 0x740000, 0x2b2668), seg(RW, 0x9f3db8, 0x104f90)], 0x9f3dd8);
const oneRun = elf([seg(RW, 0x3fe000, 0x1b050), seg(R, 0x4003e8, 0x1ede8), seg(RX, 0x420000, 0x31f4f9), seg(R, 0x740000, 0x2b2668), seg(RW, 0x9f3db8, 0x104f90)], 0x418e40);
const twoRuns = elf([seg(RW, 0x3fc000, 0x4c8), seg(RW, 0x3fe428, 0x1abc0), seg(R, 0x41ac34, 0x459c), seg(RX, 0x420000, 0x31f4f9), seg(R, 0x740000, 0x2b2668), seg(RW, 0x9f3db8, 0x104f90)], 0x418dd8);

test("a patched file whose segments share a page with different permissions, or whose dynamic section became read-only, is at fault", () => {
  assert.equal(layoutFault(original, oneRun), "its loadable segments RW 0x3fe000-0x419050 and R 0x4003e8-0x41f1d0 share a page");
  assert.equal(layoutFault(original, twoRuns), undefined);
  assert.equal(layoutFault(original, original), undefined);
  // The moved dynamic section on a page the later read-only segment maps, the segments otherwise apart.
  const readOnlyDynamic = elf([seg(R, 0x3fe000, 0x1000), seg(R, 0x400000, 0x1f1d0), seg(RX, 0x420000, 0x31f4f9)], 0x3fe400);
  assert.equal(layoutFault(original, readOnlyDynamic), "its dynamic section (0x3fe400) is no longer writable");
});

test("a page shared as the original file already shared it, or by segments with the same permissions, is no fault", () => {
  const sharing = elf([seg(RX, 0x400000, 0x1800), seg(RW, 0x401800, 0x800)], 0x401900);
  assert.equal(layoutFault(sharing, sharing), undefined);
  const same = elf([seg(RW, 0x3fe000, 0x2100), seg(RW, 0x400100, 0x100)], 0x400100);
  assert.equal(layoutFault(original, same), undefined);
});
