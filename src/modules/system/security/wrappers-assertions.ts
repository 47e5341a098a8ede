/**
 * security.wrappers' assertions: NixOS's (setuid/setgid and capabilities
 * are exclusive, in its words), and the ones a wrapper made as a copy in
 * one directory needs: a program name is one file name, no two wrappers
 * share it, and the wrapper directory's parent (where the tmpfs is
 * mounted) is a directory of /run, never a place holding the host's files.
 */
import type { Wrapper } from "./wrappers-options.ts";

interface Assertion {
  assertion: boolean;
  message: string;
  loc?: string[];
}

export function wrappersAssertions(wrappers: Readonly<Record<string, Wrapper>>, wrapperDir: string): Assertion[] {
  const enabled = Object.entries(wrappers).filter(([, w]) => w.enable);
  const byProgram = new Map<string, string[]>();
  for (const [name, w] of enabled) byProgram.set(w.program ?? name, [...(byProgram.get(w.program ?? name) ?? []), name]);
  return [
    ...enabled.map(([name, w]) => ({
      assertion: !(w.setuid || w.setgid) || w.capabilities === "",
      message: `The security.wrappers.${name} wrapper is not valid:\n    setuid/setgid and capabilities are mutually exclusive.\n`,
      loc: ["security", "wrappers", name],
    })),
    ...enabled.map(([name, w]) => {
      const p = w.program ?? name;
      return {
        assertion: /^[^/\0]+$/.test(p) && p !== "." && p !== "..",
        message: `security.wrappers.${name}.program is ${JSON.stringify(p)}: the wrapper's name must be one file name (no "/"), made in ${wrapperDir}`,
        loc: ["security", "wrappers", name, "program"],
      };
    }),
    ...[...byProgram].filter(([, names]) => names.length > 1).map(([p, names]) => ({
      assertion: false,
      message: `security.wrappers: ${names.map((n) => `${n}`).join(" and ")} both make the wrapper ${wrapperDir}/${p}; give one of them another program name`,
      loc: ["security", "wrappers", names[1] as string, "program"],
    })),
    {
      assertion: /^\/run\/[^/]+\/[^/]+$/.test(wrapperDir),
      message: `security.wrapperDir is ${wrapperDir}: it must be /run/<dir>/<name>, as system-manager mounts a tmpfs on its parent (the default, /run/wrappers/bin, should not be overridden)`,
      loc: ["security", "wrapperDir"],
    },
  ];
}
