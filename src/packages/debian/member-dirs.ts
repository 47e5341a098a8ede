/**
 * Looking into a closure member's tree (a .deb's store path) for the
 * directories an interpreter's wrapper names: whether one is a real
 * directory, a directory's entries in order, and the multiarch triplets
 * it installs under usr/lib (x86_64-linux-gnu).
 */
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const isDir = (p: string): boolean => existsSync(p) && lstatSync(p).isDirectory();

/** A directory's entries, sorted; none when it is no directory. */
export const sortedEntries = (p: string): string[] => (isDir(p) ? readdirSync(p).sort() : []);

/** The multiarch directories under a member's usr/lib. */
export const tripletsOf = (member: string): string[] => sortedEntries(join(member, "usr/lib")).filter((t) => t.includes("-linux-"));
