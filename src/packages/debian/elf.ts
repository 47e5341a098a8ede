/**
 * Reads what patching needs from an ELF file, without loading it whole:
 * its machine, whether it is a fixed-address executable (ET_EXEC), its
 * loadable segments, the interpreter (PT_INTERP) and the dynamic section's
 * address, DT_NEEDED, DT_SONAME and DT_RUNPATH/DT_RPATH. 32- and 64-bit,
 * both byte orders. A file that is not ELF, or has no dynamic section,
 * reads as such.
 */
import { closeSync, openSync, readSync } from "node:fs";

/** A PT_LOAD segment as the kernel or the loader maps it: its flags (PF_X 1, PF_W 2, PF_R 4) over [vaddr, vaddr + memsz). */
export interface LoadSegment {
  readonly flags: number;
  readonly vaddr: bigint;
  readonly memsz: bigint;
}

export interface ElfInfo {
  readonly machine: number;
  /** ET_EXEC: loaded at the addresses it was linked for (not position-independent). */
  readonly executable: boolean;
  /** The PT_LOAD segments, in the order of the program header table. */
  readonly loads: readonly LoadSegment[];
  /** Where PT_DYNAMIC is loaded (the loader writes DT_DEBUG there). */
  readonly dynamicAt: bigint | undefined;
  /** Where the dynamic entries are in the file, their tags in order, and how they are written: for rewriting one in place. */
  readonly dynamicEntries?: { readonly offset: number; readonly tags: readonly bigint[]; readonly word: 4 | 8; readonly littleEndian: boolean };
  readonly interpreter: string | undefined;
  /** False for static executables, objects and debug files: nothing to patch. */
  readonly dynamic: boolean;
  readonly needed: readonly string[];
  readonly soname: string | undefined;
  readonly runpath: readonly string[];
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;
const DT_SONAME = 14n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;

class Reader {
  readonly #fd: number;
  readonly is64: boolean;
  readonly le: boolean;
  constructor(fd: number, is64: boolean, le: boolean) {
    this.#fd = fd;
    this.is64 = is64;
    this.le = le;
  }
  bytes(offset: number, length: number): Buffer {
    const b = Buffer.alloc(length);
    const n = readSync(this.#fd, b, 0, length, offset);
    return b.subarray(0, n);
  }
  /** An unsigned field of `size` bytes (2, 4 or 8) at `at` in `b`. */
  uint(b: Buffer, at: number, size: number): bigint {
    if (at + size > b.length) throw new RangeError("truncated ELF");
    if (size === 2) return BigInt(this.le ? b.readUInt16LE(at) : b.readUInt16BE(at));
    if (size === 4) return BigInt(this.le ? b.readUInt32LE(at) : b.readUInt32BE(at));
    return this.le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
  }
  cstring(offset: number): string {
    const chunk = this.bytes(offset, 4096);
    const end = chunk.indexOf(0);
    return chunk.subarray(0, end < 0 ? chunk.length : end).toString("utf8");
  }
}

/** Whether the file starts with the ELF magic. */
export function isElf(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.readUInt32BE(0) === 0x7f454c46;
  } finally {
    closeSync(fd);
  }
}

interface Segment {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: bigint;
  readonly filesz: number;
  readonly memsz: bigint;
}

export function readElf(path: string): ElfInfo | undefined {
  const fd = openSync(path, "r");
  try {
    const ident = Buffer.alloc(64);
    if (readSync(fd, ident, 0, 64, 0) < 52 || ident.readUInt32BE(0) !== 0x7f454c46) return undefined;
    const r = new Reader(fd, ident[4] === 2, ident[5] === 1);
    const word = r.is64 ? 8 : 4;
    const machine = Number(r.uint(ident, 18, 2));
    const phoff = Number(r.uint(ident, r.is64 ? 32 : 28, word));
    const phentsize = Number(r.uint(ident, r.is64 ? 54 : 42, 2));
    const phnum = Number(r.uint(ident, r.is64 ? 56 : 44, 2));
    const table = r.bytes(phoff, phentsize * phnum);
    const segments: Segment[] = [];
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      segments.push({
        type: Number(r.uint(table, at, 4)),
        flags: Number(r.uint(table, at + (r.is64 ? 4 : 24), 4)),
        offset: Number(r.uint(table, at + (r.is64 ? 8 : 4), word)),
        vaddr: r.uint(table, at + (r.is64 ? 16 : 8), word),
        filesz: Number(r.uint(table, at + (r.is64 ? 32 : 16), word)),
        memsz: r.uint(table, at + (r.is64 ? 40 : 20), word),
      });
    }
    const executable = r.uint(ident, 16, 2) === 2n;
    const loads = segments.filter((s) => s.type === PT_LOAD).map((s) => ({ flags: s.flags, vaddr: s.vaddr, memsz: s.memsz }));
    const interp = segments.find((s) => s.type === PT_INTERP);
    const interpreter = interp === undefined ? undefined : r.cstring(interp.offset);
    const dyn = segments.find((s) => s.type === PT_DYNAMIC);
    const layout = { machine, executable, loads, dynamicAt: dyn?.vaddr, interpreter };
    if (dyn === undefined) return { ...layout, dynamic: false, needed: [], soname: undefined, runpath: [] };
    const entries = r.bytes(dyn.offset, dyn.filesz);
    const tags: [bigint, bigint][] = [];
    for (let at = 0; at + 2 * word <= entries.length; at += 2 * word) {
      const tag = r.uint(entries, at, word);
      if (tag === 0n) break;
      tags.push([tag, r.uint(entries, at + word, word)]);
    }
    const dynamicEntries = { offset: dyn.offset, tags: tags.map(([t]) => t), word: word as 4 | 8, littleEndian: r.le };
    const strtab = tags.find(([t]) => t === DT_STRTAB)?.[1];
    const load = strtab === undefined ? undefined : segments.find((s) => s.type === PT_LOAD && s.vaddr <= strtab && strtab < s.vaddr + BigInt(s.filesz));
    if (strtab === undefined || load === undefined) return { ...layout, dynamic: false, needed: [], soname: undefined, runpath: [] };
    const base = Number(strtab - load.vaddr) + load.offset;
    const str = (v: bigint) => r.cstring(base + Number(v));
    const all = (tag: bigint) => tags.filter(([t]) => t === tag).map(([, v]) => str(v));
    const runpath = [...all(DT_RUNPATH), ...all(DT_RPATH)].flatMap((p) => p.split(":")).filter((p) => p !== "");
    return { ...layout, dynamicEntries, dynamic: true, needed: all(DT_NEEDED), soname: all(DT_SONAME)[0], runpath };
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  } finally {
    closeSync(fd);
  }
}
