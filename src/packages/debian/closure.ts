/**
 * Store paths of a Debian closure, computed from the lock alone. Each .deb
 * is one store path `<hash>-<name>-<version>` whose hash covers its own
 * sha256 and the sha256s of its transitive dependencies (the paths its
 * patched binaries point at): hashing the *set* of inputs needs no order,
 * so dependency cycles (libc6 ↔ libgcc-s1) do not matter, and a .deb
 * shared by several packages is stored once. Every path also hashes the
 * pinned patchelf closure it is patched with, so a different patchelf
 * makes different paths, never different bytes under the same path. A
 * package's output (its bin/ and share/ view, with wrappers) hashes its
 * closure and its recipe.
 */
import type { StorePath } from "../../store/store-path.ts";
import { inputAddressedPath, storeName } from "../input-path.ts";
import type { LockedDeb } from "../lock.ts";
import type { DebianName } from "../names.ts";
import type { Fixup } from "./fixups.ts";
import { hasPython } from "./python-programs.ts";
import { hasPerl } from "./perl-programs.ts";
import { hasRuby } from "./ruby-programs.ts";

export type Debs = Readonly<Record<string, LockedDeb>>;

/** What the lock pins for Debian: the .debs, and the keys of the patchelf closure every path is patched with. */
export interface DebianPins {
  readonly debs: Debs;
  readonly patchelf: readonly string[];
}

/** The key and every key it depends on, transitively, sorted. */
export function debClosure(key: string, debs: Debs): string[] {
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length > 0) {
    const k = stack.pop() as string;
    if (seen.has(k)) continue;
    seen.add(k);
    const d = debs[k];
    if (d === undefined) throw new Error(`deb ${k} missing from the lock`);
    stack.push(...d.depends);
  }
  return [...seen].sort();
}

function closureInputs(keys: readonly string[], debs: Debs): string[] {
  return keys.map((k) => `${k} ${(debs[k] as LockedDeb).sha256}`);
}

/**
 * patchelf 0.16 and newer can break a fixed-address executable, which the
 * realiser checks for and mends since (run-patches.ts): outputs patched by
 * one name that check, so that a store holding ones made before is not
 * taken as it is.
 */
const CHECKED_PATCHELF = /^patchelf_(0\.(1[6-9]|[2-9][0-9])|[1-9])/;

function toolInputs(pins: DebianPins): string[] {
  const checked = pins.patchelf.some((k) => CHECKED_PATCHELF.test(k)) ? ["patched files' layout checked"] : [];
  return [...[...pins.patchelf].sort().map((k) => `patchelf ${k} ${(pins.debs[k] as LockedDeb).sha256}`), ...checked];
}

export function debStorePath(key: string, pins: DebianPins): StorePath {
  const d = pins.debs[key] as LockedDeb;
  const inputs = [d.arch, d.name, d.version, d.sha256, ...closureInputs(debClosure(key, pins.debs), pins.debs), ...toolInputs(pins)];
  return inputAddressedPath("deb", storeName(d.name, d.version), inputs);
}

export interface OutputRecipe {
  readonly attr: string;
  readonly name: DebianName;
  readonly deb: string;
  readonly closure: readonly string[];
  readonly fixup: Fixup | undefined;
}

/**
 * Qt's plugin and QML directories of the package (under usr/lib/<triplet>/)
 * its output links where nixpkgs' Qt packages have them, which
 * home-manager's qt module puts on QT_PLUGIN_PATH and QML2_IMPORT_PATH
 * (profile/lib/qt-5/plugins…): a style or platform theme in home.packages
 * is found there. Part of the output's identity.
 */
export const QT_DIRS: readonly (readonly [string, string])[] = [
  ["lib/qt-5/plugins", "qt5/plugins"],
  ["lib/qt-5/qml", "qt5/qml"],
  ["lib/qt-6/plugins", "qt6/plugins"],
  ["lib/qt-6/qml", "qt6/qml"],
];

/**
 * The directories of the package's usr/share its output links as share/<dir>, where nixpkgs' packages have them
 * (home-manager links share/dbus-1/services/… of dunst, reads share/applications…). Part of the output's identity.
 */
export const SHARE_DIRS: readonly string[] = ["man", "info", "bash-completion", "zsh", "fish", "applications", "icons", "pixmaps", "metainfo", "dbus-1", "fonts", "themes"];

/** The directories of a package whose programs its output's bin/ holds (Debian's games are in usr/games). Part of the output's identity. */
export const BIN_DIRS: readonly string[] = ["usr/bin", "bin", "usr/sbin", "sbin", "usr/games"];

/**
 * The version of how an output's bin/ entries are made beyond what the
 * recipe names: 2 since a /usr/bin shim may run another program of the
 * output with fixed arguments (shim-scripts.ts); 3 since only Python's
 * wrappers come with Python's sitecustomize.py, kept in the output's
 * .system-manager/ (no longer lib/, where two outputs' collided in a
 * buildEnv). Part of its identity.
 */
const BIN_LAYOUT = 3;

export function outputStorePath(r: OutputRecipe, pins: DebianPins): StorePath {
  const d = pins.debs[r.deb] as LockedDeb;
  const recipe = JSON.stringify({
    bin: r.name.bin ?? {},
    env: r.fixup?.env ?? [],
    ...(r.name.programsOf === undefined ? {} : { programsOf: r.name.programsOf }),
    ...(r.name.binDirs === undefined ? {} : { binDirs: r.name.binDirs }),
    ...(r.name.aliases === undefined ? {} : { aliases: r.name.aliases }),
    // Its Python, Perl and Ruby scripts are wrappers (python-programs.ts, perl-programs.ts, ruby-programs.ts), and so is the perl of perl-base's bin/ (2).
    ...(hasPython(r.closure.map((k) => (pins.debs[k] as LockedDeb).name)) ? { python: 1 } : {}),
    ...(hasPerl(r.closure.map((k) => (pins.debs[k] as LockedDeb).name)) ? { perl: d.name === "perl-base" || (r.name.programsOf ?? []).includes("perl-base") ? 2 : 1 } : {}),
    ...(hasRuby(r.closure.map((k) => (pins.debs[k] as LockedDeb).name)) ? { ruby: 1 } : {}),
    ...(r.fixup?.files === undefined ? {} : { files: r.fixup.files }),
    ...(r.fixup?.links === undefined ? {} : { links: r.fixup.links }),
    ...(r.fixup?.copies === undefined ? {} : { copies: r.fixup.copies }),
    ...(r.fixup?.trees === undefined ? {} : { trees: r.fixup.trees }),
    share: SHARE_DIRS,
    qt: QT_DIRS,
    bins: BIN_DIRS,
    binLayout: BIN_LAYOUT,
  });
  return inputAddressedPath("debian-package", storeName(r.attr, d.version), [r.attr, r.deb, recipe, ...closureInputs(r.closure, pins.debs), ...toolInputs(pins)]);
}
