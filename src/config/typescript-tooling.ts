/**
 * What a TypeScript configuration needs beyond the CLI's bundles: esbuild
 * (which compiles it) and TypeScript (which checks it), both dependencies
 * of the npm installation. The system-manager package, a store path
 * (src/build/cli-package.ts), carries neither (some 40 MB, next to its
 * 3 MB) and runs flake configurations only: asked for a TypeScript one, it
 * says so before anything is loaded.
 */
import { createRequire } from "node:module";
import { UserError } from "../diagnostics/user-error.ts";
import { PACKAGE_ROOT } from "./package-files.ts";

const TOOLS = ["esbuild", "typescript"];

/** Throws, naming `file`, what is missing and what to use instead, when this installation cannot load a TypeScript configuration. */
export function requireTypeScriptTooling(file: string, resolve: (name: string) => string = createRequire(import.meta.url).resolve): void {
  const missing = TOOLS.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  throw new UserError(
    `Cannot load the TypeScript configuration ${file}: this system-manager (${PACKAGE_ROOT}) has no ${missing.join(" and no ")}, ` +
      "as the system-manager package (a store path) runs flake configurations only; use a flake (--flake) or the npm installation (npx system-manager)",
  );
}
