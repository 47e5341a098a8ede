/**
 * A fixup's `links` (how pkgs.nginx gets nixpkgs' conf/ and html/ from
 * Debian's nginx-common): a link in the package's output into a member of
 * its closure, part of the output's recipe; a target the closure lacks is
 * an error naming it. Checked on the fixture archive's hello, whose data
 * lives in its dependency greet-data, as nginx's in nginx-common.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { FIXUPS as NGINX_FIXUPS } from "../../src/packages/debian/fixups.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();

test("pkgs.nginx's layout: conf/ and html/ link into nginx-common, as nixpkgs' nginx has them", () => {
  assert.deepEqual(NGINX_FIXUPS.nginx?.links, { conf: "${pkg:nginx-common}/etc/nginx", html: "${pkg:nginx-common}/usr/share/nginx/html" });
});

describe("links of a package's output", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  test("a link into a closure member is made, and changes the output's store path", async () => {
    const root = f.dir("root");
    const plain = f.session(f.dir("plain"), join(f.dir("c0"), "system-manager.lock")).lookup("hello", SYSTEM).outPath;
    const s = f.session(root, join(f.dir("c1"), "system-manager.lock"), { debian: { fixups: { hello: { env: [], links: { "share/greet": "${pkg:greet-data}/usr/share/greet" } } } } });
    const info = s.lookup("hello", SYSTEM);
    assert.notEqual(info.outPath, plain, "the links are part of the recipe");
    await s.realise([info.outPath]);
    const link = readlinkSync(join(root, info.outPath, "share/greet"));
    assert.match(link, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-greet-data-3\.0-2\/usr\/share\/greet$/);
    assert.equal(readFileSync(join(root, link, "data.txt"), "utf8"), "greetings, data\n");
    assert.ok(lstatSync(join(root, info.outPath, "bin/hello")).isSymbolicLink(), "the programs are still there");
  });

  test("a link whose target the closure lacks stops the realisation, naming it", async () => {
    const root = f.dir("root");
    const s = f.session(root, join(f.dir("c2"), "system-manager.lock"), { debian: { fixups: { hello: { env: [], links: { html: "${pkg:greet-data}/usr/share/nowhere" } } } } });
    const info = s.lookup("hello", SYSTEM);
    await assert.rejects(s.realise([info.outPath]), /^.*Cannot make html of pkgs\.hello: \S+-greet-data-3\.0-2\/usr\/share\/nowhere \(from \$\{pkg:greet-data\}\/usr\/share\/nowhere\) does not exist in hello 2\.10-3's closure/);
    assert.ok(!existsSync(join(root, info.outPath)), "no half-made output");
  });
});
