/**
 * Debian's Python programs run from the store. A `#!/usr/bin/python3`
 * script would run the host's Python (or none), which lacks the modules
 * of the package's closure; so its entry in bin/ is a small wrapper that
 * runs the closure's own interpreter with PYTHONHOME at the member holding
 * the standard library's core (libpython3.N-minimal) and PYTHONPATH at
 * the rest of the standard library (its lib-dynload too) and every
 * member's dist-packages, as nixpkgs' wrappers give a Python program its
 * modules; so is the interpreter itself (pkgs.python3's bin/python3),
 * which would look for its standard library in /usr. A sitecustomize.py of the output, first on that path, gives the
 * caller's own PYTHONHOME and PYTHONPATH back before the program runs, so
 * that a Python it starts is not handed ours. An output's store path
 * covers this whenever its closure holds a Python interpreter.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { shellQuote } from "../shell-quote.ts";
import { firstLine } from "../first-line.ts";
import { realPathInRoot } from "../rooted-path.ts";

/** Where the output keeps its sitecustomize.py: in its own record (META_DIR), which profiles and buildEnv leave out, so two outputs' never collide. */
export const PYTHON_SITE_DIR = ".system-manager/python";

export const SITECUSTOMIZE = `# system-manager: gives the caller's PYTHONHOME and PYTHONPATH back to what this program starts.
import os
for name in ("PYTHONHOME", "PYTHONPATH"):
    saved = os.environ.pop("SYSTEM_MANAGER_" + name, None)
    if saved is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = saved
`;

/** Whether a closure (its package names) holds a Python interpreter, whose scripts get wrapped. */
export function hasPython(names: readonly string[]): boolean {
  return names.some((n) => /^python3(\.\d+)?-minimal$/.test(n));
}

/** The interpreter a script's first line names (`python3`, `python3.11`) and its flags, or undefined for anything else. */
export function pythonShebang(file: string): { name: string; flags: string[] } | undefined {
  const m = /^#!\s*\/usr\/bin\/(python3(?:\.\d+)?)((?:\s+-[A-Za-z]+)*)\s*$/.exec(firstLine(file));
  if (m === null) return undefined;
  // -E and -I would make it ignore the PYTHONHOME and PYTHONPATH it needs.
  const flags = (m[2] as string).trim().split(/\s+/).filter((f) => f !== "").map((f) => f.replace(/[EI]/g, "")).filter((f) => f !== "-");
  return { name: m[1] as string, flags };
}

/**
 * The wrapper running `script` (none: the interpreter itself, as
 * pkgs.python3's bin/python3) with the interpreter `name` of the closure
 * `members` (store paths), or undefined when the closure has none.
 */
export function pythonWrapper(root: string, out: string, members: readonly string[], script: string | undefined, shebang: { name: string; flags: string[] }, label: string): string | undefined {
  const real = members.map((m) => realPathInRoot(root, `${m}/usr/bin/${shebang.name}`)).find((p) => p !== undefined);
  const version = real === undefined ? undefined : /\/python(3\.\d+)$/.exec(real)?.[1];
  if (real === undefined || version === undefined) return undefined;
  const lib = `usr/lib/python${version}`;
  const home = members.find((m) => existsSync(join(root, m, lib, "os.py")));
  if (home === undefined) return undefined;
  const path = [`${out}/${PYTHON_SITE_DIR}`];
  for (const m of members) {
    if (m !== home) for (const d of [lib, `${lib}/lib-dynload`]) if (existsSync(join(root, m, d))) path.push(`${m}/${d}`);
  }
  for (const m of members) if (existsSync(join(root, m, "usr/lib/python3/dist-packages"))) path.push(`${m}/usr/lib/python3/dist-packages`);
  return [
    "#!/bin/sh",
    `# system-manager: runs ${script === undefined ? `${label}'s Python` : `${label}'s Python program`} with the standard library and the modules of its closure.`,
    `if [ "\${PYTHONHOME+set}" ]; then export SYSTEM_MANAGER_PYTHONHOME="$PYTHONHOME"; fi`,
    `if [ "\${PYTHONPATH+set}" ]; then export SYSTEM_MANAGER_PYTHONPATH="$PYTHONPATH"; fi`,
    `export PYTHONHOME=${shellQuote(`${home}/usr`)}`,
    `export PYTHONPATH=${shellQuote(path.join(":"))}"\${PYTHONPATH:+:$PYTHONPATH}"`,
    `exec ${[real, ...shebang.flags, ...(script === undefined ? [] : [script])].map(shellQuote).join(" ")} "$@"`,
    "",
  ].join("\n");
}
