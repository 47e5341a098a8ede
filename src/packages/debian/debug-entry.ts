/**
 * Room for a RUNPATH in a dynamic section that has none: its DT_DEBUG
 * entry (where the loader writes the address of its debugger interface)
 * becomes a DT_RUNPATH naming the empty string (offset 0 of every
 * DT_STRTAB), in place. patchelf then only sets that entry's string and
 * never has to move the dynamic section to make it larger, which in a
 * fixed-address Go program (Debian 13's kitty's kitten) leaves it on a
 * read-only page the loader's DT_DEBUG write kills the program on. A
 * debugger finds the loader's interface through the loader's own symbol
 * (_r_debug) instead.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { ElfInfo } from "./elf.ts";

const DT_DEBUG = 21n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;

/** Turns the DT_DEBUG entry of `file` (read as `elf`) into an empty DT_RUNPATH; whether it had one to turn and no RUNPATH or RPATH yet. */
export function runpathInPlaceOfDebug(file: string, elf: ElfInfo): boolean {
  const d = elf.dynamicEntries;
  if (d === undefined || d.tags.includes(DT_RUNPATH) || d.tags.includes(DT_RPATH)) return false;
  const index = d.tags.indexOf(DT_DEBUG);
  if (index < 0) return false;
  const entry = Buffer.alloc(2 * d.word);
  if (d.word === 8) {
    if (d.littleEndian) entry.writeBigUInt64LE(DT_RUNPATH, 0);
    else entry.writeBigUInt64BE(DT_RUNPATH, 0);
  } else if (d.littleEndian) entry.writeUInt32LE(Number(DT_RUNPATH), 0);
  else entry.writeUInt32BE(Number(DT_RUNPATH), 0);
  const fd = openSync(file, "r+");
  try {
    writeSync(fd, entry, 0, entry.length, d.offset + index * 2 * d.word);
  } finally {
    closeSync(fd);
  }
  return true;
}
