import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DebianProvider } from "../../src/packages/debian/provider.ts";
import type { DebianPin } from "../../src/packages/lock.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { FIXUPS, NAMES, startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const skip = fixtureUnavailable();

describe("patchelf solved alongside the first package", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  const provider = (root: string, locked?: ConstructorParameters<typeof DebianProvider>[0]["locked"]) =>
    new DebianProvider({ root, arch: "amd64", sources: f.archive.sources(f.server.url), fixups: FIXUPS, names: NAMES, locked });

  test("resolves the package and patchelf exactly as solving each alone does", () => {
    const together = provider(f.dir("root"));
    const hello = together.resolve("hello");
    const tool = together.resolveTool("patchelf");
    // A lock that pins tools already: nothing is solved alongside, each is solved on its own.
    const alone = provider(f.dir("root"), { ...(hello.debian as DebianPin), tools: { patchelf: tool.tool } });
    assert.deepEqual(alone.resolve("hello"), hello);
    assert.deepEqual(alone.resolveTool("patchelf"), tool);
    assert.ok(tool.tool.closure.some((k) => k.startsWith("libstdc++6_")), tool.tool.closure.join(" "));
  });

  test("a package of no release leaves patchelf's solution for resolveTool, still right", () => {
    const p = provider(f.dir("root"));
    assert.throws(() => p.resolve("helo"), /Cannot find pkgs\.helo/);
    const tool = p.resolveTool("patchelf");
    assert.deepEqual(provider(f.dir("root"), { ...tool.debian, tools: { patchelf: tool.tool } }).resolveTool("patchelf"), tool);
  });
});
