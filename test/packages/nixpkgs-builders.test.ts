/**
 * pkgs' builders end to end with Debian's real bash and stdenv tools: the
 * .debs (through the host's apt) are served by a local signed archive on
 * loopback with the fixture's libc6, resolved and realised by the Debian
 * provider into a temporary root, and the builders run with them (their
 * PATH is the bin/ of coreutils, findutils, sed, grep… as nixpkgs'
 * stdenv's, their shebangs Debian's bash).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EvalStore } from "../../src/nix/eval-store.ts";
import { force, NixAttrs, NixString, type Lazy } from "../../src/nix/value.ts";
import { PackageSession } from "../../src/packages/package-session.ts";
import { packageSet } from "../../src/packages/package-set.ts";
import { STDENV_TOOLS } from "../../src/packages/nixpkgs/index.ts";
import { realiseStorePaths } from "../../src/packages/nixpkgs/realise.ts";
import { createEvaluator } from "../../src/nix/evaluate.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { fixtureDebs, fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { testEngine } from "../helpers/engine.ts";
import { BUILDER_DEBS, hostDebs } from "./helpers/patchelf-debs.ts";
import { buildArchive, serve, type ArchiveDeb, type Server } from "./helpers/local-archive.ts";

const SYSTEM = "x86_64-linux";
const tools = fixtureUnavailable() === undefined ? hostDebs(BUILDER_DEBS) : undefined;
const skip = fixtureUnavailable() ?? (typeof tools === "string" ? tools : undefined);

describe("builders run with Debian's bash and coreutils from a local archive", { skip }, () => {
  let base: string;
  let server: Server;
  let session: PackageSession;
  let root: string;
  let store: EvalStore;
  let pkgs: NixAttrs;
  let sources: ReturnType<ReturnType<typeof buildArchive>["sources"]>;
  const ev = createEvaluator({ pure: true });
  const apply = (src: string): unknown => force((force(ev.evalSource(src, "«test»", "/")) as { call(a: Lazy): Lazy }).call(pkgs));
  const build = async (src: string): Promise<string> => {
    const s = apply(`pkgs: "\${${src}}"`) as NixString;
    await realiseStorePaths(s.context, { root, stores: [store], realiseOther: async (paths) => void (await session.realise(paths)) });
    return s.s;
  };
  before(async () => {
    base = mkdtempSync(join(tmpdir(), "sm-nixpkgs-"));
    chmodSync(base, 0o755);
    const debs: Record<string, ArchiveDeb> = { ...fixtureDebs(join(base, "cc")) };
    for (const d of tools as Exclude<typeof tools, string | undefined>) if (!Object.values(debs).some((x) => x.name === d.name)) debs[d.name] = d;
    const archive = buildArchive(join(base, "archive"), Object.values(debs));
    server = await serve(archive.dir);
    root = join(base, "root");
    mkdirSync(join(base, "config"), { recursive: true });
    sources = archive.sources(server.url);
    session = new PackageSession({ root, lockPath: join(base, "config", "system-manager.lock"), provider: "debian", debian: { sources } });
    store = new EvalStore(STORE_DIR);
    pkgs = packageSet(() => SYSTEM, session, store);
  });
  after(() => {
    server?.stop();
    if (base !== undefined) rmSync(base, { recursive: true, force: true });
  });

  test("writeShellScriptBin: Debian's bash in the shebang and running its check; the output in the root's store", async () => {
    const bash = (apply(`pkgs: "\${pkgs.bash}"`) as NixString).s;
    assert.match(bash, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-bash-/);
    const out = await build(`pkgs.writeShellScriptBin "hi" "echo hi"`);
    assert.equal(readFileSync(join(root, out, "bin/hi"), "utf8"), `#!${bash}/bin/bash\necho hi\n`);
    await assert.rejects(build(`pkgs.writeShellScriptBin "bad" "if then"`), /^UserError: builder for '.*-bad\.drv' failed with exit code 2; last 10 log lines:\n> .*syntax error/m);
  });

  test("a builder's PATH is nixpkgs' stdenv tools' bin (coreutils, findutils, sed, grep, gawk…); symlinkJoin links with it", async () => {
    const outOf = (attr: string) => (apply(`pkgs: "\${pkgs.${attr}}"`) as NixString).s;
    const p = await build(`pkgs.runCommand "path" { } "echo $PATH > $out; ls --version | head -n 1 >> $out; printf 'a\\nb\\n' > l; find . -name l | sed s/l/found/ | grep found >> $out; gawk 'END { print NR }' l >> $out"`);
    const [path, ls, found, lines] = readFileSync(join(root, p), "utf8").split("\n");
    assert.equal(path, STDENV_TOOLS.map((t) => `${outOf(t)}/bin`).join(":"));
    assert.match(ls ?? "", /^ls \(GNU coreutils\) \d/);
    assert.equal(found, "./found");
    assert.equal(lines, "2");
    const j = await build(`pkgs.symlinkJoin { name = "j"; paths = [ (pkgs.writeTextDir "share/a" "A") (pkgs.writeTextDir "share/b" "B") ]; }`);
    assert.match(readlinkSync(join(root, j, "share/a")), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-a\/share\/a$/);
  });

  test("a builder leaving read-only directories (as store paths are) builds, and its scratch directory is removed (an ordinary user must make it writable first)", async () => {
    const scratch = () => readdirSync(tmpdir()).filter((n) => n.startsWith("system-manager-build-"));
    const before = scratch();
    const out = await build(`pkgs.runCommand "sealed" { } "mkdir -p $out/lib/deep; echo x > $out/lib/deep/f; chmod -R a-w $out"`);
    assert.equal(readFileSync(join(root, out, "lib/deep/f"), "utf8"), "x\n");
    assert.deepEqual(scratch().filter((n) => !before.includes(n)), []);
  });

  test("overrideAttrs of a Debian package adding post-install steps (home-manager's nnn wraps bin/nnn so) builds its output with them run over it", async () => {
    const hello = (apply(`pkgs: "\${pkgs.hello}"`) as NixString).s;
    const out = await build(`pkgs.hello.overrideAttrs (old: { nativeBuildInputs = (old.nativeBuildInputs or [ ]) ++ [ pkgs.makeWrapper ]; postInstall = "\${old.postInstall or ""}\nwrapProgram $out/bin/hello --set GREETING wrapped"; })`);
    assert.notEqual(out, hello, "another package");
    assert.equal(readlinkSync(join(root, out, "bin/.hello-wrapped")), readlinkSync(join(root, hello, "bin/hello")), "the program, as the package's output links it");
    assert.match(readFileSync(join(root, out, "bin/hello"), "utf8"), new RegExp(`^#! \\S+/bin/bash -e\nexport GREETING=wrapped\nexec -a "\\$0" ${out}/bin/\\.hello-wrapped "\\$@"\n$`));
    assert.equal(apply(`pkgs: (pkgs.hello.overrideAttrs (old: { postInstall = "true"; })).meta.mainProgram`), "hello", "its meta is the package's");
  });

  test("a configuration's /etc source from pkgs.writeText and a package from writeShellScriptBin are built into the generation", async () => {
    const genRoot = join(base, "gen-root");
    const module = ev.evalSource(
      `{ pkgs, ... }: { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."greeting".source = pkgs.writeText "greeting" "hello\\n"; environment.etc."tool".source = "\${pkgs.writeShellScriptBin "tool" "echo tool"}/bin/tool"; }`,
      "«module»",
      "/",
    );
    const genSession = new PackageSession({ root: genRoot, lockPath: join(base, "config", "gen.lock"), provider: "debian", debian: { sources } });
    const r = await buildGeneration([module], { root: genRoot, hostSystem: SYSTEM, readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine(), packages: genSession });
    assert.equal(readFileSync(join(genRoot, r.storePath, "etc/greeting"), "utf8"), "hello\n");
    assert.match(readFileSync(join(genRoot, r.storePath, "etc/tool"), "utf8"), /^#!\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-bash-[^/]+\/bin\/bash\necho tool\n$/);
  });
});
