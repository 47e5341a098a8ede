/**
 * A name table's `binDirs` (how pkgs.postgresql_15 gets nixpkgs' bin/):
 * the programs of a versioned directory of the package and of the closure
 * members `programsOf` names, linked so that they resolve to their real
 * path inside their own .deb (PostgreSQL finds share/ and lib/ from it),
 * never the /usr/bin wrapper another member installs under the same name;
 * `{version}` matches a version number only. Against the fixture archive
 * with `verso`, laid out as Debian's PostgreSQL: verso-3 (the server),
 * verso-client-3 (the clients), verso-client-common (/usr/bin wrappers)
 * and the metapackage verso. And the programs a `programsOf` member
 * names with update-alternatives in a loop (ImageMagick's metapackage and
 * imagemagick-N.q16: convert → convert-im7.q16). And a /usr/bin shim
 * (`exec /usr/lib/… "$@"`, as p7zip-full's 7z) run from the store.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { NameTable } from "../../src/packages/names.ts";
import { NAMES, startFixture, type Fixture } from "./helpers/archive-fixture.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import type { ArchiveDeb } from "./helpers/local-archive.ts";
import { storeViewCommand } from "../../src/activate/home/store-view.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();
const script = (text: string) => ({ text: `#!/bin/sh\necho ${text}\n`, mode: 0o755 });

const VERSO: ArchiveDeb[] = [
  { name: "verso", version: "3+1", arch: "all", depends: "verso-3", files: { "usr/share/doc/verso/copyright": { text: "free\n" } } },
  {
    name: "verso-3",
    version: "3.2-1",
    arch: "all",
    depends: "verso-client-3",
    files: {
      "usr/lib/verso/3/bin/versod": script("versod"),
      "usr/lib/verso/3/bin/versomaster": { symlink: "versod" },
      "usr/lib/verso/3/lib/plugin.txt": { text: "plugin\n" },
      "usr/share/verso/3/boot.txt": { text: "boot\n" },
    },
  },
  { name: "verso-client-3", version: "3.2-1", arch: "all", depends: "verso-client-common", files: { "usr/lib/verso/3/bin/verso": script("verso client") } },
  {
    name: "verso-client-common",
    version: "250",
    arch: "all",
    files: { "usr/share/verso-common/wrapper": script("wrapper"), "usr/bin/verso": { symlink: "../share/verso-common/wrapper" }, "usr/lib/verso-common/bin/clusters": script("clusters") },
  },
];

// ImageMagick's layout: a metapackage, and the programs under versioned names, linked by the member's postinst in a loop.
const IMAGO: ArchiveDeb[] = [
  { name: "imago", version: "7+1", arch: "all", depends: "imago-7.q16", files: { "usr/share/doc/imago/copyright": { text: "free\n" } } },
  {
    name: "imago-7.q16",
    version: "7.1-1",
    arch: "all",
    files: { "usr/bin/convert-im7.q16": script("convert"), "usr/bin/magick-im7.q16": script("magick") },
    postinst: `#!/bin/sh\nset -e\nif [ "$1" = "configure" ]; then\n    for prog in convert magick; do\n\tupdate-alternatives --install /usr/bin/$prog \\\n\t    $prog /usr/bin/$prog-im7.q16 10000\n    done\nfi\n`,
  },
];

// p7zip-full's layout: /usr/bin/shimmy only runs /usr/lib/shimmy/shimmy.
const SHIMMY: ArchiveDeb[] = [
  {
    name: "shimmy",
    version: "1.0-1",
    arch: "all",
    files: {
      "usr/bin/shimmy": { text: '#! /bin/sh\nexec /usr/lib/shimmy/shimmy "$@"\n', mode: 0o755 },
      "usr/lib/shimmy/shimmy": { text: '#!/bin/sh\necho "real shimmy $*"\n', mode: 0o755 },
      // VLC's cvlc: another program of /usr/bin, with arguments first.
      "usr/bin/cshimmy": { text: '#! /bin/sh\nexec /usr/bin/shimmy -I "dummy" "$@"\n', mode: 0o755 },
      // Debian's games (cowsay, sl…) are in /usr/games.
      "usr/games/shimmy-game": { text: "#!/bin/sh\necho game\n", mode: 0o755 },
    },
  },
];

const names: NameTable = {
  ...NAMES,
  imago: { debian: { package: "imago", programsOf: ["imago-{version}.q16"] } },
  verso_3: { debian: { package: "verso-3", programsOf: ["verso-client-3"], binDirs: ["usr/lib/verso/3/bin"] } },
  verso: { debian: { package: "verso", programsOf: ["verso-{version}", "verso-client-{version}"], binDirs: ["usr/lib/verso/{version}/bin"] } },
  versoPlain: { debian: { package: "verso-3" } },
};

describe("programs of versioned directories (binDirs)", { skip }, () => {
  let f: Fixture;
  let root: string;
  let lockPath: string;
  const session = () => f.session(root, lockPath, { debian: { names } });
  const links = (out: string) => Object.fromEntries(readdirSync(join(root, out, "bin")).sort().map((n) => [n, readlinkSync(join(root, out, "bin", n))]));
  before(async () => {
    f = await startFixture(() => ({ test: [...VERSO, ...IMAGO, ...SHIMMY] }));
    root = f.dir("root");
    lockPath = join(f.dir("config"), "system-manager.lock");
  });
  after(() => f?.stop());

  test("bin/ links the server's and the clients' programs into their own .debs' usr/lib/verso/3/bin", async () => {
    const s = session();
    const out = s.lookup("verso_3", SYSTEM).outPath;
    await s.realise([out]);
    const bin = links(out);
    assert.deepEqual(Object.keys(bin), ["verso", "versod", "versomaster"], "not the wrapper's /usr/bin/verso, nor verso-client-common's own bin/");
    assert.match(bin.versod as string, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-verso-3-3\.2-1\/usr\/lib\/verso\/3\/bin\/versod$/);
    assert.match(bin.verso as string, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-verso-client-3-3\.2-1\/usr\/lib\/verso\/3\/bin\/verso$/);
    assert.match(bin.versomaster as string, /-verso-3-3\.2-1\/usr\/lib\/verso\/3\/bin\/versomaster$/);
    const real = join(root, bin.versod as string, "../../../../../share/verso/3/boot.txt");
    assert.equal(readFileSync(real, "utf8"), "boot\n", "share/ is where the program's own real path says, as PostgreSQL looks for it");
  });

  test("the metapackage's {version} finds verso-3 and verso-client-3 (not verso-client-common): the same programs", async () => {
    const s = session();
    const meta = s.lookup("verso", SYSTEM).outPath;
    const v3 = s.lookup("verso_3", SYSTEM).outPath;
    await s.realise([meta, v3]);
    assert.deepEqual(links(meta), links(v3));
  });

  test("binDirs are part of the output's recipe: without them, another store path with an empty bin/", async () => {
    const s = session();
    const plain = s.lookup("versoPlain", SYSTEM).outPath;
    const v3 = s.lookup("verso_3", SYSTEM).outPath;
    assert.notEqual(plain, v3);
    await s.realise([plain]);
    assert.deepEqual(links(plain), {});
  });

  test("a programsOf member's programs named by its update-alternatives loop are in bin/ under those names", async () => {
    const s = session();
    const out = s.lookup("imago", SYSTEM).outPath;
    await s.realise([out]);
    const bin = links(out);
    assert.deepEqual(Object.keys(bin), ["convert", "convert-im7.q16", "magick", "magick-im7.q16"]);
    assert.match(bin.convert as string, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-imago-7\.q16-7\.1-1\/usr\/bin\/convert-im7\.q16$/);
    assert.equal(bin.magick, bin["magick-im7.q16"]);
  });

  test("a /usr/bin shim running /usr/lib/… is a wrapper running that file of the store, not the host's", async () => {
    const s = session();
    const out = s.lookup("shimmy", SYSTEM).outPath;
    await s.realise([out]);
    const wrapper = readFileSync(join(root, out, "bin/shimmy"), "utf8");
    const real = /^exec '(\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-shimmy-1\.0-1\/usr\/lib\/shimmy\/shimmy)' "\$@"$/m.exec(wrapper);
    assert.ok(real !== null, wrapper);
    assert.equal(readFileSync(join(root, real[1] as string), "utf8"), '#!/bin/sh\necho "real shimmy $*"\n');
    assert.equal(spawnSync("sh", ["-c", wrapper.replace(real[1] as string, join(root, real[1] as string)), "sh", "a b"], { encoding: "utf8" }).stdout, "real shimmy a b\n");
  });

  test("the programs of usr/games are in bin/ too", async () => {
    const s = session();
    const out = s.lookup("shimmy", SYSTEM).outPath;
    await s.realise([out]);
    assert.match(readlinkSync(join(root, out, "bin/shimmy-game")), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-shimmy-1\.0-1\/usr\/games\/shimmy-game$/);
  });

  test("a /usr/bin shim running another program of /usr/bin with arguments runs the output's own program of that name with them", async () => {
    const s = session();
    const out = s.lookup("shimmy", SYSTEM).outPath;
    await s.realise([out]);
    const wrapper = readFileSync(join(root, out, "bin/cshimmy"), "utf8");
    assert.match(wrapper, new RegExp(`^exec '${out}/bin/shimmy' '-I' 'dummy' "\\$@"$`, "m"));
    const view = storeViewCommand(join(root, STORE_DIR), STORE_DIR, process.getuid?.() ?? 0, process.getgid?.() ?? 0, `${out}/bin/cshimmy`, ["x"]);
    if (view !== undefined) assert.equal(spawnSync(view.command, [...view.args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } }).stdout, "real shimmy -I dummy x\n");
  });
});
