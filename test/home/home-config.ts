/**
 * Evaluates a home-manager user configuration through the system module
 * (as `home-manager.users.<name>`) and builds its home generation, for
 * golden tests of generated files.
 */
import { evaluateSystem } from "../../src/build/evaluate-system.ts";
import { checkAssertions } from "../../src/build/check-assertions.ts";
import { homeFileLocation, homeGenerationSpec, type HomeContent } from "../../src/build/home-generation.ts";
import { homeFilesView } from "../helpers/home-files-view.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";
import { toJS, lazyFromJS } from "../../src/nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../src/nix/value.ts";
import { seedSystem } from "../helpers/system.ts";

export function homeOf(userModule: unknown, system: Record<string, unknown> = {}): { content: HomeContent; warnings: string[] } {
  const modules: Lazy[] = [homeManagerModule, seedSystem, { "home-manager": { users: { alice: userModule }, ...system } }].map((m) =>
    NixAttrs.from({ _file: "/cfg/home.ts", imports: [lazyFromJS(m)] }),
  );
  const { evaluation } = evaluateSystem(modules);
  const warnings = checkAssertions(evaluation);
  const cfg = toJS(evaluation.config) as Record<string, any>;
  return { content: homeGenerationSpec("alice", cfg["home-manager"].users.alice, readSourceFromDisk), warnings };
}

export function fileText(content: HomeContent, target: string): string | undefined {
  const e = homeFilesView(content).get(target);
  return e?.kind === "file" ? e.content.toString("utf8") : undefined;
}

/** Where the home link of `target` points for generation `generation` built from `content`: its home-files entry, or its text path (home-generation.ts). */
export function linkTarget(content: HomeContent, generation: string, target: string): string {
  const f = content.manifest.files.find((x) => x.target === target);
  if (f === undefined) throw new Error(`no home file ${target}`);
  return homeFileLocation(generation, f);
}
