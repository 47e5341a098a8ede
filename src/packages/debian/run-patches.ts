/**
 * Runs the patchelf jobs planned by ./patch-elf.ts with the pinned
 * patchelf (patchelf.ts), never the host's: files with the same arguments
 * together (patchelf applies its arguments to each file it is given, one
 * after the other), so that a package's hundred programs take a few runs,
 * not a hundred; a run that fails is retried file by file, to name the
 * file and patchelf's own message. Every patched file is then checked to
 * load as it did (load-layout.ts): a fixed-address executable that one
 * run giving it both an interpreter and a RUNPATH broke is patched again
 * from its original bytes in two runs, the RUNPATH first (which lays it
 * out soundly with patchelf 0.18), and if that is not enough, with its
 * DT_DEBUG entry made the RUNPATH patchelf fills (debug-entry.ts); a file
 * still broken is an error, never a program that crashes.
 */
import { chmodSync, copyFileSync, lstatSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import { inParallel, tail, type RunResult } from "../run.ts";
import { readElf, type ElfInfo } from "./elf.ts";
import { layoutFault } from "./load-layout.ts";
import { runpathInPlaceOfDebug } from "./debug-entry.ts";
import type { PatchJob } from "./patch-elf.ts";
import type { Patchelf } from "./patchelf.ts";
import { removeTree } from "../staged-path.ts";

/** The most files one patchelf run is given: enough to save most runs, few enough to share a large group among workers. */
export const PATCH_BATCH = 24;

/** `jobs` in batches of the same arguments, at most `size` files each, in the order they were planned. */
export function batchPatches(jobs: readonly PatchJob[], size = PATCH_BATCH): PatchJob[][] {
  const byArgs = new Map<string, PatchJob[]>();
  for (const job of jobs) {
    const key = JSON.stringify(job.args);
    const group = byArgs.get(key);
    if (group === undefined) byArgs.set(key, [job]);
    else group.push(job);
  }
  const batches: PatchJob[][] = [];
  for (const group of byArgs.values()) for (let i = 0; i < group.length; i += size) batches.push(group.slice(i, i + size));
  return batches;
}

/** The original header of each job's file, and a copy of the file (on disk: GHC's programs are hundreds of MB) where a second way of patching may need it. */
interface Original {
  readonly elf: ElfInfo;
  readonly copy: string | undefined;
}

/** `args` as two runs, the RUNPATH first, then the interpreter. */
function inTwoRuns(args: readonly string[]): string[][] {
  const at = args.indexOf("--set-interpreter");
  const interpreter = args.slice(at, at + 2);
  return [[...args.slice(0, at), ...args.slice(at + 2)], interpreter];
}

/** What patching broke in `job`'s file, or undefined. */
function faultOf(job: PatchJob, original: Original): string | undefined {
  const after = readElf(job.file);
  return after === undefined ? "it no longer reads as an ELF file" : layoutFault(original.elf, after);
}

/** Runs the jobs, `concurrency` patchelf runs at a time, each on a batch of at most `batch` files; then checks each file loads as it did. */
export async function runPatches(jobs: readonly PatchJob[], patchelf: Patchelf, concurrency: number, batch = PATCH_BATCH): Promise<void> {
  const originals = new Map<PatchJob, Original>();
  let copies: string | undefined;
  try {
    for (const job of jobs) {
      const mode = lstatSync(job.file).mode & 0o7777;
      if ((mode & 0o200) === 0) chmodSync(job.file, mode | 0o200);
      const elf = job.elf ?? readElf(job.file);
      if (elf === undefined) continue;
      const twoRuns = elf.executable && job.args.includes("--set-interpreter") && job.args.includes("--set-rpath");
      let copy: string | undefined;
      if (twoRuns) {
        copies ??= mkdtempSync(join(tmpdir(), "system-manager-patch-"));
        copy = join(copies, String(originals.size));
        copyFileSync(job.file, copy);
      }
      originals.set(job, { elf, copy });
    }
    const failed = (job: PatchJob, r: RunResult) => new UserError(`Cannot patch ${job.label} with ${patchelf.label}:\n${tail(r)}`);
    await inParallel(batchPatches(jobs, batch), concurrency, async (files) => {
      const first = files[0] as PatchJob;
      const r = await patchelf.run([...first.args, ...files.map((j) => j.file)]);
      if (r.status === 0) return;
      if (files.length === 1) throw failed(first, r);
      for (const job of files) {
        const one = await patchelf.run([...job.args, job.file]);
        if (one.status !== 0) throw failed(job, one);
      }
      throw failed(first, r);
    });
    for (const [job, original] of originals) {
      let fault = faultOf(job, original);
      // Again from the original bytes: in two runs; then also with the RUNPATH in DT_DEBUG's place, so the dynamic section stays where it is.
      for (const inPlace of [false, true]) {
        if (fault === undefined || original.copy === undefined) break;
        copyFileSync(original.copy, job.file);
        if (inPlace && !runpathInPlaceOfDebug(job.file, original.elf)) break;
        for (const args of inTwoRuns(job.args)) {
          const r = await patchelf.run([...args, job.file]);
          if (r.status !== 0) throw failed(job, r);
        }
        fault = faultOf(job, original);
      }
      if (fault !== undefined) throw new UserError(`Cannot patch ${job.label} with ${patchelf.label}: after patching, ${fault}, so it would not run`);
    }
  } finally {
    if (copies !== undefined) removeTree(copies);
  }
}
