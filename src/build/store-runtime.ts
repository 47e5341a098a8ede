/**
 * A node that runs from a Node runtime store path (node-runtime.ts's
 * layout: bin/node, and libexec/node with lib/ when wrapped): the
 * system-manager CLI installed as a store path runs on one
 * (cli-package.ts), and the generations it builds carry that runtime as it
 * is, never a copy made again from the host's libraries, which may have
 * changed or gone. Recognised by where the binary is, after links:
 * `…/var/lib/system-manager/store/<hash>-nodejs-<version>/{bin,libexec}/node`
 * (under any root, so a CLI run from a --root tree is recognised too).
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { HostFile, SourcedTree, TreeEntry } from "../store/file-tree.ts";
import { STORE_DIR, type StorePath } from "../store/store-path.ts";

const RUNTIME_ENTRY = /^[0-9a-df-np-sv-z]{32}-(nodejs-[A-Za-z0-9+._?=-]+)$/;

export interface StoreRuntime {
  /** The runtime's store path, as the target sees it. */
  readonly path: StorePath;
  /** Its store path name (`nodejs-<version>`). */
  readonly name: string;
  /** Where it is on this host. */
  readonly dir: string;
}

/**
 * The runtime store path `node` runs from, or undefined when it is not one's bin/node or libexec/node.
 * This process's own binary is also asked by the name it was started with: a wrapped runtime starts
 * libexec/node through the dynamic loader, which is then what process.execPath names.
 */
export function storeRuntimeOf(node: string, self: { readonly execPath: string; readonly argv0: string } = process): StoreRuntime | undefined {
  const own = node === self.execPath && self.argv0 !== node ? runtimeAt(self.argv0) : undefined;
  return own ?? runtimeAt(node);
}

/**
 * The node to start this CLI again with (under sudo, for a generation
 * without an engine): process.execPath, or, when this process runs from a
 * runtime store path (where process.execPath may be the dynamic loader
 * that started libexec/node), that runtime's bin/node, which sets up what
 * libexec/node needs.
 */
export function ownNode(self: { readonly execPath: string; readonly argv0: string } = process): string {
  const runtime = storeRuntimeOf(self.execPath, self);
  return runtime === undefined ? self.execPath : join(runtime.dir, "bin", "node");
}

function runtimeAt(node: string): StoreRuntime | undefined {
  let binary: string;
  try {
    binary = realpathSync(node);
  } catch {
    return undefined;
  }
  const sub = dirname(binary);
  const dir = dirname(sub);
  const m = RUNTIME_ENTRY.exec(basename(dir));
  if (basename(binary) !== "node" || !["bin", "libexec"].includes(basename(sub)) || m === null || !dirname(dir).endsWith(STORE_DIR)) return undefined;
  return { path: `${STORE_DIR}/${basename(dir)}` as StorePath, name: m[1] as string, dir };
}

/** The runtime's files, to copy into another store as they are (host files: the kernel copies them). */
export function storeRuntimeTree(dir: string): SourcedTree {
  const tree = new Map<string, TreeEntry | HostFile>();
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const [a, r] = [join(abs, name), rel === "" ? name : `${rel}/${name}`];
      const st = lstatSync(a);
      if (st.isDirectory()) walk(a, r);
      else if (st.isSymbolicLink()) tree.set(r, { kind: "symlink", target: readlinkSync(a) });
      else tree.set(r, { kind: "host-file", path: a, executable: (st.mode & 0o111) !== 0 });
    }
  };
  walk(dir, "");
  return tree;
}
