/**
 * The tools the Debian provider runs, pinned in the lock's `debian.tools`
 * like packages (their .debs in `debs`): only patchelf. They belong to the
 * archive: a lock re-pinned to another archive or architecture drops them,
 * and they are resolved again, in the new archive, on the next lookup.
 */
import { TOOL_NAMES, type DebianPin, type Lock, type LockedTool, type ToolName } from "../lock.ts";
import type { DebianProvider } from "./provider.ts";

function sameArchive(a: Lock["debian"], b: DebianPin): boolean {
  return a !== undefined && a.arch === b.arch && JSON.stringify(a.sources) === JSON.stringify(b.sources);
}

/** The archive `debian` as the lock's new pin: with the lock's tools while the archive is the same, and the releases of both. */
export function withTools(lock: Lock, debian: DebianPin): DebianPin {
  const releases = { ...(lock.debian?.arch === debian.arch ? lock.debian.releases : {}), ...debian.releases };
  const base = { arch: debian.arch, sources: debian.sources, ...(Object.keys(releases).length === 0 ? {} : { releases }) };
  const tools = lock.debian?.tools;
  return sameArchive(lock.debian, debian) && tools !== undefined ? { ...base, tools } : base;
}

/** `lock` with every tool resolved by `provider` (in its archive) and pinned. */
export function pinTools(lock: Lock, provider: DebianProvider): Lock {
  const tools: Partial<Record<ToolName, LockedTool>> = {};
  let debs = lock.debs;
  let debian: DebianPin | undefined;
  for (const name of TOOL_NAMES) {
    const r = provider.resolveTool(name);
    tools[name] = r.tool;
    debs = { ...debs, ...r.debs };
    debian = r.debian;
  }
  if (debian === undefined) return lock;
  const releases = lock.debian?.releases === undefined ? {} : { releases: lock.debian.releases };
  return { ...lock, debian: { arch: debian.arch, sources: debian.sources, ...releases, tools: tools as Record<ToolName, LockedTool> }, debs };
}

/** What `update` reports of the tools: those whose .deb changed, as "patchelf (tool)". */
export function toolChanges(before: Lock["debian"], after: Lock["debian"]): { attr: string; before: string | undefined; after: string }[] {
  const describe = (t: LockedTool) => `${t.package} ${t.version} (debian)`;
  return TOOL_NAMES.flatMap((name) => {
    const b = before?.tools?.[name];
    const a = after?.tools?.[name];
    return a === undefined || b?.deb === a.deb ? [] : [{ attr: `${name} (tool)`, before: b === undefined ? undefined : describe(b), after: describe(a) }];
  });
}
