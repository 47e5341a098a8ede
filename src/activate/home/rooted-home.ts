/**
 * One home activation with the gc roots of the generations its links may
 * stay in kept around it (home-roots.ts gives the order): the new
 * generation is rooted beside those already rooted, which are offered to
 * the activation (`keepFrom`); once it succeeded, the roots become the new
 * generation and those it reported leaving links in (keptLine). The
 * system's activation (activate.ts) and home-manager-<user>.service
 * (home-unit.ts) both activate a home through here, so both relink only
 * the files that changed.
 */
import type { RootFs } from "../root-fs.ts";
import type { HomeActivationRequest, HomeRunner } from "./run-home-activations.ts";
import { hasRoots, homeRoots, parseKeptLine, setHomeRoots } from "./home-roots.ts";

/** Runs `h` through `runner`, its output (but the keptLine reports) through `log`; resolves with its exit code. */
export async function activateRootedHome(fs: RootFs, runner: HomeRunner, h: Omit<HomeActivationRequest, "keepFrom">, log: (line: string) => void): Promise<number> {
  const rooted = homeRoots(fs, h.user);
  setHomeRoots(fs, h.user, [...new Set([...rooted, h.generation])]);
  const keepFrom = hasRoots(h.user) ? rooted.filter((g) => g !== h.generation) : [];
  const kept = new Set<string>();
  const code = await runner.run({ ...h, keepFrom }, (line) => {
    const g = parseKeptLine(line);
    if (g === undefined) log(line);
    else kept.add(g);
  });
  if (code === 0) setHomeRoots(fs, h.user, [h.generation, ...keepFrom.filter((g) => kept.has(g))]);
  return code;
}
