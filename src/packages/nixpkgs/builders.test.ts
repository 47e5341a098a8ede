import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEvaluator } from "../../nix/evaluate.ts";
import { force, NixAttrs, NixString, type Lazy } from "../../nix/value.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { BUILDER_NAMES, NIXPKGS_DIR } from "./index.ts";
import { renderText } from "./render.ts";
import { upstream } from "../../../test/helpers/upstream.ts";
import { storeViewCommand } from "../../activate/home/store-view.ts";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

const realLib = upstream("nixpkgs.lib");

function listing(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.push(`${prefix}${n} -> ${readlinkSync(p)}`);
    else if (st.isDirectory()) out.push(`${prefix}${n}/`, ...listing(p, `${prefix}${n}/`));
    else out.push(`${prefix}${n} ${(st.mode & 0o777).toString(8)}`);
  }
  return out;
}

test("writeText, writeTextDir, writeScript(Bin), writeShellScript(Bin): nixpkgs' bytes, names, modes and mainProgram", async () => {
  const w = world();
  try {
    const t = await w.build(`pkgs.writeText "hello.txt" "Hello\\n"`);
    assert.match(t.storePath, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-hello\.txt$/);
    assert.equal(readFileSync(t.disk, "utf8"), "Hello\n");
    assert.equal(lstatSync(t.disk).mode & 0o777, 0o444);
    const d = await w.build(`pkgs.writeTextDir "share/doc/a.txt" "A"`);
    assert.equal(readFileSync(join(d.disk, "share/doc/a.txt"), "utf8"), "A");
    // A name that is no store path name is made one, as nixpkgs' mkDerivation does (home-manager's redshift module).
    const slashed = await w.build(`(pkgs.formats.ini { }).generate "redshift/redshift.conf" { general.temp-day = 5500; }`);
    assert.match(slashed.storePath, /-redshift-redshift\.conf$/);
    assert.equal(readFileSync(slashed.disk, "utf8"), "[general]\ntemp-day=5500\n");
    const s = await w.build(`pkgs.writeShellScript "s" "echo hi"`);
    assert.equal(readFileSync(s.disk, "utf8"), "#!/usr/bin/bash\necho hi\n");
    assert.equal(lstatSync(s.disk).mode & 0o777, 0o555);
    const b = await w.build(`pkgs.writeShellScriptBin "hi" "echo hi"`);
    assert.deepEqual(listing(b.disk), ["bin/", "bin/hi 555"]);
    assert.equal(w.evalWith(`(pkgs.writeShellScriptBin "hi" "x").meta.mainProgram`), "hi");
    assert.equal(w.evalWith(`(pkgs.writeScriptBin "hi" "x").meta.mainProgram`), "hi");
    assert.equal(w.evalWith(`(pkgs.writeText "x" "y").type`), "derivation");
    assert.match((w.evalWith(`(pkgs.writeText "x" "y").drvPath`) as NixString).s, /\.drv$/);
  } finally {
    w.done();
  }
});

test("makeDesktopItem: nixpkgs' desktop entry (keys in name order, unset ones left out, lists joined with ;, actions as sections) at share/applications/<name>.desktop", async () => {
  const w = world();
  try {
    const item = `pkgs.makeDesktopItem { name = "myapp"; desktopName = "My App"; exec = "myapp %U"; terminal = false; categories = [ "Utility" "Development" ]; mimeTypes = [ ]; actions.new = { name = "New Window"; exec = "myapp --new"; }; extraConfig.X-Foo = "bar"; }`;
    const d = await w.build(item);
    assert.match(d.storePath, /-myapp\.desktop$/);
    assert.equal(
      readFileSync(join(d.disk, "share/applications/myapp.desktop"), "utf8"),
      "[Desktop Entry]\nActions=new\nCategories=Utility;Development\nExec=myapp %U\nName=My App\nTerminal=false\nType=Application\nVersion=1.5\nX-Foo=bar\n\n[Desktop Action new]\nExec=myapp --new\nName=New Window\n",
    );
    const dir = await w.build(`pkgs.makeDesktopItem { name = "games"; desktopName = "Games"; type = "Directory"; destination = "/share/desktop-directories"; }`);
    assert.equal(readFileSync(join(dir.disk, "share/desktop-directories/games.directory"), "utf8"), "[Desktop Entry]\nName=Games\nType=Directory\nVersion=1.5\n");
    assert.equal(w.evalWith(`((${item}).override { desktopName = "Other"; }).name`), "myapp.desktop", "overridable, as nixpkgs' is");
    assert.throws(() => w.evalWith(`"\${pkgs.makeDesktopItem { name = "x"; desktopName = "X"; categories = [ "A;B" ]; }}"`), /makeDesktopItem: values in categories list must not contain semicolons!/);
  } finally {
    w.done();
  }
});

test("writeShellApplication: errexit/nounset/pipefail header, runtimeInputs on PATH, and its checkPhase refuses a script bash cannot parse", async () => {
  const w = world();
  try {
    const a = await w.build(`pkgs.writeShellApplication { name = "app"; runtimeInputs = [ (pkgs.writeTextDir "bin/tool" "") ]; text = "tool"; }`);
    const tool = (w.evalWith(`"\${pkgs.writeTextDir "bin/tool" ""}"`) as NixString).s;
    assert.equal(readFileSync(join(a.disk, "bin/app"), "utf8"), `#!/usr/bin/bash\nset -o errexit\nset -o nounset\nset -o pipefail\n\nexport PATH="${tool}/bin:$PATH"\n\ntool\n`);
    await assert.rejects(w.build(`pkgs.writeShellApplication { name = "bad"; text = "if then"; }`), (e: Error) => /^builder for '.*-bad\.drv' failed with exit code \d+; last 10 log lines:\n> /.test(e.message));
    assert.ok(!existsSync(join(w.root, (w.evalWith(`"\${(pkgs.writeShellApplication { name = "bad"; text = "if then"; })}"`) as NixString).s)));
  } finally {
    w.done();
  }
});

test("symlinkJoin, buildEnv (directories shared or linked whole, collisions), linkFarm, emptyDirectory (fixed output)", async () => {
  const w = world();
  try {
    const a = (w.evalWith(`"\${pkgs.writeTextDir "share/a" "A"}"`) as NixString).s;
    const hi = (w.evalWith(`"\${pkgs.writeShellScriptBin "hi" "echo hi"}"`) as NixString).s;
    const j = await w.build(`pkgs.symlinkJoin { name = "j"; paths = [ (pkgs.writeShellScriptBin "hi" "echo hi") (pkgs.writeTextDir "share/a" "A") ]; }`);
    assert.deepEqual(listing(j.disk), ["bin/", `bin/hi -> ${hi}/bin/hi`, "share/", `share/a -> ${a}/share/a`]);
    const e = await w.build(`pkgs.buildEnv { name = "env"; paths = [ (pkgs.writeShellScriptBin "hi" "echo hi") (pkgs.writeTextDir "share/a" "A") ]; }`);
    assert.deepEqual(listing(e.disk), [`bin -> ${hi}/bin`, `share -> ${a}/share`]);
    const only = await w.build(`pkgs.buildEnv { name = "env2"; paths = [ (pkgs.writeShellScriptBin "hi" "echo hi") (pkgs.writeTextDir "share/a" "A") ]; pathsToLink = [ "/bin" ]; }`);
    // A directory named in pathsToLink is always a real directory (builder.pl).
    assert.deepEqual(listing(only.disk), ["bin/", `bin/hi -> ${hi}/bin/hi`]);
    await assert.rejects(w.build(`pkgs.buildEnv { name = "clash"; paths = [ (pkgs.writeTextDir "share/a" "A") (pkgs.writeTextDir "share/a" "B") ]; }`), /collision between/);
    const ok = await w.build(`pkgs.buildEnv { name = "noclash"; ignoreCollisions = true; paths = [ (pkgs.writeTextDir "share/a" "A") (pkgs.writeTextDir "share/a" "B") ]; }`);
    assert.deepEqual(listing(ok.disk), ["share/", `share/a -> ${a}/share/a`]);
    const f = await w.build(`pkgs.linkFarm "farm" { "x/y" = pkgs.writeText "t" "T"; }`);
    const t = (w.evalWith(`"\${pkgs.writeText "t" "T"}"`) as NixString).s;
    assert.deepEqual(listing(f.disk), ["x/", `x/y -> ${t}`]);
    const empty = await w.build(`pkgs.emptyDirectory`);
    assert.deepEqual(listing(empty.disk), []);
  } finally {
    w.done();
  }
});

test("mkDerivation phases, overrideAttrs (prev and final: prev:), callPackage with override, overlays' final: prev:", async () => {
  const w = world();
  try {
    const p = await w.build(`pkgs.stdenv.mkDerivation { pname = "p"; version = "1"; dontUnpack = true; installPhase = "mkdir -p $out; echo $pname-$version > $out/v"; }`);
    assert.equal(readFileSync(join(p.disk, "v"), "utf8"), "p-1\n");
    const o = await w.build(`(pkgs.stdenv.mkDerivation { pname = "p"; version = "1"; dontUnpack = true; installPhase = "mkdir -p $out; echo $version > $out/v"; }).overrideAttrs (prev: { version = prev.version + "-2"; })`);
    assert.equal(readFileSync(join(o.disk, "v"), "utf8"), "1-2\n");
    assert.equal(w.evalWith(`((pkgs.stdenv.mkDerivation (finalAttrs: { pname = "q"; version = "1"; passthru.v = finalAttrs.version; })).overrideAttrs (final: prev: { version = "3"; })).v`), "3");
    assert.equal(w.evalWith(`((pkgs.callPackage ({ writeText, greeting ? "hi" }: writeText "g" greeting) { }).override { greeting = "yo"; }).text`), "yo");
    // Packages are an open set: callPackage passes a package asked for by name (home-manager's own command asks for findutils, ncurses…).
    assert.equal(w.evalWith(`(pkgs.callPackage ({ findutils, greeting ? "hi" }: { inherit greeting; p = findutils.pname or findutils.name; }) { }).greeting`), "hi");
    assert.equal(w.evalWith(`builtins.isAttrs (pkgs.callPackage ({ findutils }: findutils) { })`), true);
    // An input's setup hook is sourced: writableTmpDirAsHomeHook gives the build a HOME it can write (Nix's /homeless-shelter is not).
    const home = await w.build(`pkgs.runCommand "home" { nativeBuildInputs = [ pkgs.writableTmpDirAsHomeHook ]; } "touch $HOME/written; echo $HOME > $out"`);
    assert.match(readFileSync(home.disk, "utf8"), /\/\.home\n$/);
    // Nor can a builder write to the host's root file system (as Nix's unprivileged build users cannot), even run as root.
    const probe = `sm-builder-probe-${process.pid}`;
    const escape = await w.build(`pkgs.runCommand "escape" { } "touch /${probe} 2>/dev/null || echo refused > $out; mkdir -p /homeless-shelter/.cache 2>/dev/null || echo refused >> $out"`);
    assert.equal(readFileSync(escape.disk, "utf8"), "refused\nrefused\n");
    assert.equal(existsSync(`/${probe}`), false);
    // pkgs.makeWrapper's hook gives wrapProgram, as home-manager's pandoc module uses it over symlinkJoin; an empty
    // --prefix or --suffix value adds nothing (nnn's PATH of no extra packages: an empty entry would be the current directory).
    const wrapped = await w.build(`pkgs.symlinkJoin { name = "w"; paths = [ (pkgs.writeShellScriptBin "hi" "echo hi $GREETING") ]; nativeBuildInputs = [ pkgs.makeWrapper ]; postBuild = "wrapProgram $out/bin/hi --set GREETING there --prefix PATH : '' --suffix XDG_DATA_DIRS : ''"; }`);
    assert.equal(readFileSync(join(wrapped.disk, "bin/hi"), "utf8"), `#! /usr/bin/bash -e\nexport GREETING=there\nexec -a "$0" ${wrapped.storePath}/bin/.hi-wrapped "$@"\n`);
    const nixosOption = await w.build(`pkgs.nixos-option`);
    assert.match(readFileSync(join(nixosOption.disk, "bin/nixos-option"), "utf8"), /not available: it evaluates configurations with Nix/);
    assert.equal(w.evalWith(`pkgs.stdenv.isLinux && !pkgs.stdenv.isDarwin && pkgs.stdenv.hostPlatform.system == "x86_64-linux"`), true);
    assert.equal(w.evalWith(`pkgs.buildPackages.system`), "x86_64-linux");
  } finally {
    w.done();
  }
});

test("replaceVars, substitute and substituteAll replace as nixpkgs does", async () => {
  const w = world();
  try {
    const r = await w.build(`pkgs.replaceVars (pkgs.writeText "in" "a=@a@ b=@b@\\n") { a = "1"; b = "two"; }`);
    assert.equal(readFileSync(r.disk, "utf8"), "a=1 b=two\n");
    await assert.rejects(w.build(`pkgs.replaceVars (pkgs.writeText "in2" "a=@a@ c=@c@\\n") { a = "1"; }`), /still contains @c@/);
    const s = await w.build(`pkgs.substituteAll { src = pkgs.writeText "in3" "x=@x@\\n"; x = "X"; }`);
    assert.equal(readFileSync(s.disk, "utf8"), "x=X\n");
    const t = await w.build(`pkgs.substitute { src = pkgs.writeText "in4" "a b @v@\n"; substitutions = [ "--replace-fail" "a b" "A'B" "--subst-var-by" "v" "V" ]; }`);
    assert.equal(readFileSync(t.disk, "utf8"), "A'B V\n");
    const legacy = await w.build(`pkgs.substitute { src = pkgs.writeText "in5" "old\n"; name = "renamed"; replacements = "--replace old new"; }`);
    assert.equal(readFileSync(legacy.disk, "utf8"), "new\n");
    assert.match(legacy.disk, /-renamed$/);
    await assert.rejects(w.build(`pkgs.substitute { src = pkgs.writeText "in6" "x\n"; substitutions = [ "--replace-fail" "absent" "y" ]; }`), /pattern 'absent' doesn't match anything/);
    // substituteInPlace takes several files before its options (home-manager's GPU setup: `substituteInPlace non-nixos-gpu* --replace-quiet …`).
    const many = await w.build(`pkgs.runCommand "many" { } "mkdir $out && cd $out && echo '@dir@ a' > f-one && echo '@dir@ b' > f-two && substituteInPlace f-* --replace-quiet @dir@ /x --replace-quiet absent y"`);
    assert.equal(readFileSync(join(many.disk, "f-one"), "utf8") + readFileSync(join(many.disk, "f-two"), "utf8"), "/x a\n/x b\n");
    await assert.rejects(w.build(`pkgs.runCommand "none" { } "mkdir $out && substituteInPlace --replace-quiet a b"`), /substituteInPlace called without any files to operate on/);
  } finally {
    w.done();
  }
});

test("formats.json.generate writes jq's `jq .` bytes; ini, keyValue and gitIni go through the lib's generators", async () => {
  const w = world();
  try {
    const j = await w.build(`(pkgs.formats.json { }).generate "a.json" { b = { }; a = [ 1 2.5 "x\\ty" null true ]; c = [ ]; "é" = "ü\x7f"; }`);
    assert.equal(readFileSync(j.disk, "utf8"), '{\n  "a": [\n    1,\n    2.5,\n    "x\\ty",\n    null,\n    true\n  ],\n  "b": {},\n  "c": [],\n  "é": "ü\\u007f"\n}\n');
    const i = await w.build(`(pkgs.formats.ini { }).generate "a.ini" { s = { k = "v"; n = 1; }; }`);
    assert.equal(readFileSync(i.disk, "utf8"), "[s]\nk=v\nn=1\n");
    const kv = await w.build(`(pkgs.formats.keyValue { }).generate "kv" { a = "b"; }`);
    assert.equal(readFileSync(kv.disk, "utf8"), "a=b\n");
    for (const f of ["json", "yaml", "yaml_1_1", "yaml_1_2", "toml", "ini", "iniWithGlobalSection", "keyValue", "gitIni", "xml", "javaProperties", "lua", "plist"]) {
      assert.equal(typeof w.evalWith(`(pkgs.formats.${f} { }).type.description`), "string", f);
    }
  } finally {
    w.done();
  }
});

test("formats.lua: the value returned (\"return \" first) unless bindings, with nixpkgs' lib's toLua", { skip: "skip" in realLib ? realLib.skip : undefined }, async () => {
  const w = world([], "/usr", "dir" in realLib ? join(realLib.dir, "lib") : "");
  try {
    const lua = await w.build(`(pkgs.formats.lua { }).generate "a.lua" { a = 1; }`);
    assert.equal(readFileSync(lua.disk, "utf8"), 'return {\n  ["a"] = 1\n}');
    const bindings = await w.build(`(pkgs.formats.lua { asBindings = true; }).generate "b.lua" { a = 1; }`);
    assert.equal(readFileSync(bindings.disk, "utf8"), "a = 1\n");
    assert.equal(w.evalWith(`((pkgs.formats.lua { }).lib.mkRaw "x").expr`), "x");
  } finally {
    w.done();
  }
});

/** Runs a program of the world's store where the root's store is seen at the store directory (its wrappers name the store's paths). */
const inStoreOf = (root: string) => (program: string, args: string[], env: Record<string, string>) => {
  const view = storeViewCommand(join(root, STORE_DIR), STORE_DIR, process.getuid?.() ?? 0, process.getgid?.() ?? 0, program, args);
  assert.ok(view !== undefined, "util-linux's unshare and mount");
  return spawnSync(view.command, [...view.args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", ...env } });
};

test("wrapOBS: OBS itself without plugins; with them, bin/obs finds their modules and data, and their own wrapper arguments", async () => {
  const fakes = `final: prev: {
    obs-studio = (prev.writeShellScriptBin "obs" "echo obs \\"$@\\" plugins=$OBS_PLUGINS_PATH data=$OBS_PLUGINS_DATA_PATH extra=$EXTRA") // { name = "obs-studio-29.0.2"; meta.description = "OBS"; };
  }`;
  const w = world([fakes]);
  try {
    assert.equal(w.evalWith(`(pkgs.wrapOBS { }).outPath == pkgs.obs-studio.outPath`), true, "without plugins, OBS itself");
    const plugin = `(pkgs.writeTextDir "lib/obs-plugins/wlrobs.so" "") // { obsWrapperArguments = [ "--set EXTRA 1" ]; }`;
    const obs = await w.build(`pkgs.wrapOBS.override { obs-studio = pkgs.obs-studio; } { plugins = [ (${plugin}) ]; }`);
    assert.match(obs.storePath, /-wrapped-obs-studio-29\.0\.2$/);
    const r = inStoreOf(w.root)(`${obs.storePath}/bin/obs`, ["--minimize-to-tray"], {});
    assert.match(r.stdout, /^obs --minimize-to-tray plugins=\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-obs-studio-plugins\/lib\/obs-plugins data=\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-obs-studio-plugins\/share\/obs\/obs-plugins extra=1\n$/, r.stderr);
  } finally {
    w.done();
  }
});

test("sway is nixpkgs' wrapper around sway-unwrapped: override's extraSessionCommands run once a session, extraOptions added, dbus-run-session without a session bus", async () => {
  // Stand-ins for Debian's sway and dbus, which print what they were run with.
  const fakes = `final: prev: {
    sway-unwrapped = (prev.writeShellScriptBin "sway" "echo sway \\"$@\\" XDG_CURRENT_DESKTOP=$XDG_CURRENT_DESKTOP A=$A") // { version = "1.8.1"; meta.description = "sway"; };
    dbus = prev.writeShellScriptBin "dbus-run-session" "echo dbus-run-session; \\"$@\\"";
  }`;
  const w = world([fakes]);
  try {
    const sway = await w.build(`pkgs.sway.override { extraOptions = [ "--unsupported-gpu" "--debug" ]; extraSessionCommands = "export A=1"; withBaseWrapper = true; withGtkWrapper = true; }`);
    assert.match(sway.storePath, /-sway-1\.8\.1$/);
    const inStore = inStoreOf(w.root);
    const run = (env: Record<string, string>) => inStore(`${sway.storePath}/bin/sway`, ["--config", "c"], env);
    const bus = run({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/run/user/1/bus" });
    assert.equal(bus.stdout, "sway --unsupported-gpu --debug --config c XDG_CURRENT_DESKTOP=sway A=1\n", bus.stderr);
    const noBus = run({});
    assert.equal(noBus.stdout, "dbus-run-session\nsway --unsupported-gpu --debug --config c XDG_CURRENT_DESKTOP=sway A=1\n", noBus.stderr);
    assert.equal(run({ _SWAY_WRAPPER_ALREADY_EXECUTED: "1", DBUS_SESSION_BUS_ADDRESS: "x" }).stdout, "sway --unsupported-gpu --debug --config c XDG_CURRENT_DESKTOP= A=\n", "once a session");
    assert.equal(w.evalWith(`pkgs.sway.meta.mainProgram`), "sway");
    const plain = await w.build(`pkgs.sway.override { withBaseWrapper = false; }`);
    assert.equal(inStore(`${plain.storePath}/bin/sway`, [], {}).stdout, "sway XDG_CURRENT_DESKTOP= A=\n", "without the base wrapper, sway itself");
  } finally {
    w.done();
  }
});

test("chromium is Debian's own until override's commandLineArgs wrap bin/chromium with them, as home-manager's chromium module asks", async () => {
  const w = world();
  try {
    // Debian's chromium stands as a script printing its arguments, where the package set places it.
    const debian = String(w.evalWith(`pkgs.chromium.outPath`));
    mkdirSync(join(w.root, debian, "bin"), { recursive: true });
    writeFileSync(join(w.root, debian, "bin/chromium"), '#!/bin/sh\necho chromium "$@"\n', { mode: 0o755 });
    assert.equal(String(w.evalWith(`(pkgs.chromium.override { }).outPath`)), debian, "without arguments, Debian's chromium itself");
    const wrapped = await w.build(`pkgs.chromium.override { commandLineArgs = "--ozone-platform=wayland --enable-features=A,B"; }`);
    assert.notEqual(wrapped.storePath, debian);
    const r = inStoreOf(w.root)(`${wrapped.storePath}/bin/chromium`, ["https://example.org"], {});
    assert.equal(r.stdout, "chromium --ozone-platform=wayland --enable-features=A,B https://example.org\n", r.stderr);
    assert.throws(() => w.evalWith(`(pkgs.chromium.override { plasmaSupport = true; kdePackages = null; }).outPath`), /plasmaSupport = true; \} is not available with Debian's chromium: install Debian's plasma-browser-integration/);
    assert.throws(() => w.evalWith(`(pkgs.chromium.override { enableWideVine = true; }).outPath`), /called with unexpected argument 'enableWideVine'/);
  } finally {
    w.done();
  }
});

test("wrapKakoune: Kakoune itself without plugins; with them, its runtime plus the plugins' autoload/plugins, bin/kak told where (KAKOUNE_RUNTIME)", async () => {
  // A stand-in for Debian's kakoune: bin/kak links to the program, whose runtime is ../share/kak beside it.
  const fakes = `final: prev: {
    kakoune = prev.runCommand "kakoune-2022.10.31" { version = "2022.10.31"; meta.description = "kak"; } ''
      mkdir -p $out/usr/bin $out/usr/share/kak/autoload $out/usr/share/kak/rc $out/bin
      printf '#!/bin/sh\\necho "kak runtime=$KAKOUNE_RUNTIME $*"\\n' > $out/usr/bin/kak
      chmod +x $out/usr/bin/kak
      echo "# the rc" > $out/usr/share/kak/rc/std.kak
      echo "# autoloaded" > $out/usr/share/kak/autoload/filetype.kak
      ln -s $out/usr/bin/kak $out/bin/kak
    '';
  }`;
  const w = world([fakes]);
  try {
    assert.equal(w.evalWith(`(pkgs.wrapKakoune pkgs.kakoune { configure.plugins = [ ]; }).outPath == pkgs.kakoune.outPath`), true, "without plugins, Kakoune itself");
    const plugin = `pkgs.writeTextDir "share/kak/autoload/plugins/fzf.kak/fzf.kak" "# fzf"`;
    const kak = await w.build(`pkgs.wrapKakoune pkgs.kakoune { configure.plugins = [ (${plugin}) ]; }`);
    assert.match(kak.storePath, /-kakoune-2022\.10\.31$/);
    const r = inStoreOf(w.root)(`${kak.storePath}/bin/kak`, ["-n"], {});
    assert.equal(r.stdout, `kak runtime=${kak.storePath}/share/kak -n\n`, r.stderr);
    const runtime = join(kak.disk, "share/kak");
    assert.deepEqual(readdirSync(runtime).sort(), ["autoload", "rc"]);
    assert.deepEqual(readdirSync(join(runtime, "autoload")).sort(), ["filetype.kak", "plugins"]);
    assert.match(readlinkSync(join(runtime, "autoload/plugins/fzf.kak")), /-fzf\.kak\/share\/kak\/autoload\/plugins\/fzf\.kak$/);
  } finally {
    w.done();
  }
});

test("qt5 and qt6 are Debian's, qtbase with nixpkgs' plugin and QML prefixes; libsForQt5, qt6Packages and kdePackages hold the styles and themes home-manager's modules take", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.qt5.qtbase.qtPluginPrefix + " " + pkgs.qt6.qtbase.qtQmlPrefix`), "lib/qt-5/plugins lib/qt-6/qml");
    assert.equal(w.evalWith(`pkgs.qt5.qtbase.pname`), "libqt5core5a");
    assert.equal(w.evalWith(`pkgs.libsForQt5.qtstyleplugins.pname + " " + pkgs.qt6Packages.qt6ct.pname + " " + pkgs.kdePackages.kdeconnect-kde.pname`), "qt5-style-plugins qt6ct kdeconnect");
  } finally {
    w.done();
  }
});

test("the JDKs have nixpkgs' home, lib/openjdk of the package (JAVA_HOME, as home-manager's programs.java sets it)", () => {
  const w = world();
  try {
    for (const attr of ["jdk", "jdk_headless", "jre", "openjdk", "jdk17", "openjdk21_headless"]) {
      assert.equal(w.evalWith(`pkgs.${attr}.home == "\${pkgs.${attr}}/lib/openjdk"`), true, attr);
      assert.equal(w.evalWith(`pkgs.${attr}.type`), "derivation", attr);
    }
  } finally {
    w.done();
  }
});

test("renderText json: control characters as lowercase \\u escapes, number literals kept", () => {
  assert.equal(renderText("json", '{"a":"\\u0001","b":1.0e10,"c":[{}]}'), '{\n  "a": "\\u0001",\n  "b": 1.0e10,\n  "c": [\n    {}\n  ]\n}\n');
});

test("overlays: final: prev: layered in order, each seeing the final set; other names stay Debian packages", async () => {
  const w = world([
    `final: prev: { greeting = final.writeText "greeting" "hi"; writeText = name: text: prev.writeText name (text + "!"); }`,
    `final: prev: { greeting2 = prev.greeting; }`,
  ]);
  try {
    const g = await w.build("pkgs.greeting2");
    assert.equal(readFileSync(g.disk, "utf8"), "hi!");
    assert.equal(w.evalWith(`pkgs.ripgrep.type`), "derivation");
    assert.equal(w.evalWith(`pkgs.ripgrep.pname`), "ripgrep");
    assert.equal(w.evalWith(`pkgs.lib.id 1`), 1n);
  } finally {
    w.done();
  }
});

test("BUILDER_NAMES lists exactly what pkgs.nix defines", () => {
  const ev = createEvaluator({ pure: true });
  const f = force(ev.importPath(join(NIXPKGS_DIR, "pkgs.nix"))) as { call(a: Lazy): Lazy };
  const args = NixAttrs.from(Object.fromEntries(["lib", "system", "pkgs", "tools", "texts", "render", "openSet", "prebuilt", "path", "config", "overlays", "withOverlays", "storeDir", "nodejsReleases"].map((k) => [k, null])));
  assert.deepEqual((force(f.call(args)) as NixAttrs).keys(), [...BUILDER_NAMES].sort());
});

test("a builder whose bash is not in the store is refused before it runs, naming the derivation", async () => {
  const w = world([], `${STORE_DIR}/00000000000000000000000000000000-bash`);
  try {
    await assert.rejects(w.build(`pkgs.writeText "x" "y"`), /^UserError: builder for '.*-x\.drv' cannot run: '.*-bash\/bin\/bash' is not in the store/);
  } finally {
    w.done();
  }
});

test("pkgs.xorg.<name> is the top-level package of that name, as in nixpkgs today", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.xorg.xrandr.outPath == pkgs.xrandr.outPath && pkgs.xorg.xset.name == pkgs.xset.name`), true);
  } finally {
    w.done();
  }
});

test("stdenv has the host platform's predicates nixpkgs' stdenv has (nix-system-graphics reads stdenv.isi686)", () => {
  const w = world();
  try {
    assert.deepEqual(
      (w.evalWith(`map (p: pkgs.stdenv.\${p}) [ "isLinux" "isx86_64" "is64bit" "isi686" "isx86_32" "is32bit" "isAarch64" "isAarch32" "isDarwin" "isBSD" "isBigEndian" ]`) as Lazy[]).map((x) => force(x)),
      [true, true, true, false, false, false, false, false, false, false, false],
    );
  } finally {
    w.done();
  }
});

test("mesa.drivers, once an output, is mesa itself, with nixpkgs' deprecation warning", () => {
  const w = world();
  const said: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => (said.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    assert.equal(w.evalWith(`pkgs.mesa ? drivers && pkgs.mesa.drivers.outPath == pkgs.mesa.outPath`), true);
  } finally {
    process.stderr.write = write;
    w.done();
  }
  assert.deepEqual(said, ["evaluation warning: `mesa.drivers` is deprecated, use `mesa` instead\n"]);
});

test("an output that is a link to a path not there is built (home-manager's mkOutOfStoreSymlink to a file made later)", async () => {
  const w = world();
  try {
    const out = await w.build(`pkgs.runCommandLocal "dangling" { } "ln -s /nonexistent/dotfiles/bashrc.local $out"`);
    assert.equal(readlinkSync(out.disk), "/nonexistent/dotfiles/bashrc.local");
  } finally {
    w.done();
  }
});

test("pkgs.extend and pkgs.appendOverlays make the set again with the overlays after its own, as nixpkgs does", () => {
  const w = world([`final: prev: { first = prev.writeText "first" "1"; }`]);
  try {
    assert.equal(w.evalWith(`(pkgs.extend (final: prev: { myhello = prev.hello; second = final.first; })).myhello.name == pkgs.hello.name`), true);
    assert.equal(w.evalWith(`(pkgs.extend (final: prev: { second = final.first; })).second.name`), "first", "the earlier overlay is kept");
    assert.equal(w.evalWith(`((pkgs.appendOverlays [ (final: prev: { a = "A"; }) (final: prev: { b = final.a + "B"; }) ]).b)`), "AB");
    assert.equal(w.evalWith(`(pkgs.appendOverlays [ ]).first.name`), "first");
  } finally {
    w.done();
  }
});
