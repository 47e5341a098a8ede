/**
 * Whether patching left an ELF file loadable as it was. The kernel (for a
 * program) and the loader (for a library) map PT_LOAD segments in the
 * order of the program header table, a later segment replacing an
 * earlier one on a page they share: two segments with different flags on
 * one page leave that page with the later one's. patchelf 0.16 and newer
 * (Debian 13's and Ubuntu 24.04's 0.18) can write such a layout into a
 * fixed-address executable it gives an interpreter and a RUNPATH at once
 * (Debian 13's python3.13, shellcheck): the segment holding the moved
 * .dynamic shares its pages with a read-only one, and the loader's write
 * of DT_DEBUG there kills the program (SIGSEGV) before it starts. A fault
 * is such a page the original file did not have, or a dynamic section no
 * longer writable that was.
 */
import type { ElfInfo, LoadSegment } from "./elf.ts";

/** The smallest page size of the architectures the provider patches for. */
const PAGE = 4096n;
const PF_W = 2;

const firstPage = (s: LoadSegment) => s.vaddr / PAGE;
const endPage = (s: LoadSegment) => (s.vaddr + s.memsz + PAGE - 1n) / PAGE;

/** Pairs of segments (by index) with different flags sharing a page. */
function sharedPages(loads: readonly LoadSegment[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < loads.length; i++) {
    for (let j = i + 1; j < loads.length; j++) {
      const a = loads[i] as LoadSegment;
      const b = loads[j] as LoadSegment;
      if (a.flags !== b.flags && a.memsz > 0n && b.memsz > 0n && firstPage(a) < endPage(b) && firstPage(b) < endPage(a)) out.push([i, j]);
    }
  }
  return out;
}

/** Whether the page holding the dynamic section is writable once every segment is mapped (the last segment mapping it decides). */
function dynamicWritable(elf: ElfInfo): boolean | undefined {
  const at = elf.dynamicAt;
  if (at === undefined) return undefined;
  const page = at / PAGE;
  const last = [...elf.loads].reverse().find((s) => firstPage(s) <= page && page < endPage(s));
  return last === undefined ? undefined : (last.flags & PF_W) !== 0;
}

const flagText = (f: number) => `${f & 4 ? "R" : ""}${f & PF_W ? "W" : ""}${f & 1 ? "E" : ""}` || "none";
const show = (s: LoadSegment) => `${flagText(s.flags)} 0x${s.vaddr.toString(16)}-0x${(s.vaddr + s.memsz).toString(16)}`;

/** What is wrong with `after` (the patched file) that was right in `before`, or undefined. */
export function layoutFault(before: ElfInfo, after: ElfInfo): string | undefined {
  if (sharedPages(before.loads).length === 0) {
    const [pair] = sharedPages(after.loads);
    if (pair !== undefined) return `its loadable segments ${show(after.loads[pair[0]] as LoadSegment)} and ${show(after.loads[pair[1]] as LoadSegment)} share a page`;
  }
  if (dynamicWritable(before) === true && dynamicWritable(after) !== true) return `its dynamic section (0x${after.dynamicAt?.toString(16)}) is no longer writable`;
  return undefined;
}
