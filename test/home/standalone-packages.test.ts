/**
 * Standalone `home-manager switch` installs `home.packages` for real: the
 * packages come from a local signed Debian archive on loopback (the
 * fixture's hello and libc, Debian's own bash, coreutils and ripgrep; a
 * script the configuration builds with pkgs.writeShellScriptBin), are
 * realised into the user's store under ~/.local/state/system-manager/home,
 * and ~/.nix-profile (home-manager's profile directory) holds their
 * programs; a configuration without them makes another generation, and
 * switching to it removes the profile. The same for a flake whose
 * home-manager is the real one (skipped without the upstream copies):
 * its own home.path, with hm-session-vars.sh, is the profile. The
 * programs are run where the user's store is seen at the store directory
 * (a private mount namespace): the store's paths name that directory.
 */
import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { fixtureDebs, fixtureUnavailable } from "../packages/helpers/fixture-debs.ts";
import { BUILDER_DEBS, hostDebs } from "../packages/helpers/patchelf-debs.ts";
import { STDENV_TOOLS } from "../../src/packages/nixpkgs/index.ts";
import { buildArchive, serve, type ArchiveDeb, type Server } from "../packages/helpers/local-archive.ts";
import type { AptSource } from "../../src/packages/lock.ts";
import { upstream } from "../helpers/upstream.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { writeHomeFlake } from "./hm-fixtures.ts";
import { namespaceUnavailable, runInUserStore } from "./run-in-user-store.ts";

const real = fixtureUnavailable() === undefined ? hostDebs([...BUILDER_DEBS, "ripgrep"]) : undefined;
const skip = fixtureUnavailable() ?? (typeof real === "string" ? real : undefined) ?? namespaceUnavailable();
const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const NOBODY = 65534;
const asUserSkip = process.getuid?.() !== 0 ? "needs root to run the CLI as another user" : spawnSync("sh", ["-c", "command -v setpriv"]).status !== 0 ? "setpriv is not installed" : undefined;
const realSkip = skip ?? ("skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined);
const fishSkip = spawnSync("fish", ["--version"]).error !== undefined ? "fish is not installed (apt-get install fish)" : undefined;

describe("standalone home-manager: home.packages from a local Debian archive", { skip }, () => {
  let base: string;
  let server: Server;
  let sources: AptSource[];
  before(async () => {
    base = mkdtempSync(join(tmpdir(), "sm-hm-pkgs-"));
    chmodSync(base, 0o755);
    // What the real home-manager's defaults name: pkgs.glibcLocales (Debian's locales) in its session variables, xdg.mime's tools.
    const script = { text: "#!/bin/sh\nexit 0\n", mode: 0o755 };
    const debs: Record<string, ArchiveDeb> = {
      ...fixtureDebs(join(base, "cc")),
      locales: { name: "locales", version: "2.99-1", arch: "all", files: { "usr/share/i18n/SUPPORTED": { text: "C.UTF-8 UTF-8\n" } } },
      mime: { name: "shared-mime-info", version: "2.2-1", files: { "usr/bin/update-mime-database": script, "usr/share/mime/packages/freedesktop.org.xml": { text: "<mime-info/>\n" } } },
      desktop: { name: "desktop-file-utils", version: "0.26-1", files: { "usr/bin/update-desktop-database": script } },
      man: { name: "man-db", version: "2.11-1", files: { "usr/bin/man": script, "usr/bin/mandb": script } },
    };
    for (const d of real as Exclude<typeof real, string | undefined>) if (!Object.values(debs).some((x) => x.name === d.name)) debs[d.name] = d;
    const archive = buildArchive(join(base, "archive"), Object.values(debs));
    server = await serve(archive.dir);
    sources = archive.sources(server.url);
  });
  after(() => {
    server?.stop();
    if (base !== undefined) rmSync(base, { recursive: true, force: true });
  });

  /** A home whose configuration directory `dir` has a lock pinned to the fixture archive. */
  const setup = (dir: string) => {
    const home = mkdtempSync(join(base, "home-"));
    chmodSync(home, 0o755);
    mkdirSync(join(home, dir), { recursive: true });
    writeFileSync(join(home, dir, "system-manager.lock"), JSON.stringify({ version: 2, packages: {}, debs: {}, debian: { arch: "amd64", sources } }, null, 2) + "\n");
    const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "alice", ...NO_GITHUB }, cwd: home };
    const store = join(home, ".local/state/system-manager/home");
    return { home, io, store };
  };

  test("our own modules: switch puts hello and rg on ~/.nix-profile/bin; without them, another generation and no profile", async () => {
    const { home, io, store } = setup(".config/home-manager");
    const config = (packages: string) =>
      writeFileSync(
        join(home, ".config/home-manager/home.config.ts"),
        `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [({ pkgs }: any) => ({ home: { stateVersion: "25.05", packages: [${packages}] } })] });\n`,
      );
    config(`pkgs.hello, pkgs.ripgrep, pkgs.writeShellScriptBin("greet")("echo greet from a script")`);
    assert.equal(await main(["switch"], io), 0, io.err);
    assert.match(io.err, /warning: home\.packages are in your own store .*; their programs refer to \/var\/lib\/system-manager\/store, where this host does not have them/);
    assert.ok(lstatSync(join(home, ".nix-profile")).isSymbolicLink(), "~/.nix-profile is a link of the generation");
    assert.ok(readlinkSync(join(home, ".nix-profile")).startsWith(join(store, "var/lib/system-manager/store/")));
    assert.ok(lstatSync(join(home, ".nix-profile/bin/rg")).isSymbolicLink() && lstatSync(join(home, ".nix-profile/bin/hello")).isSymbolicLink());
    assert.match(runInUserStore(store, join(home, ".nix-profile/bin/rg"), ["--version"]), /^ripgrep 13\./);
    assert.equal(runInUserStore(store, join(home, ".nix-profile/bin/hello"), []), "hello from libgreet\n");
    assert.equal(runInUserStore(store, join(home, ".nix-profile/bin/greet"), []), "greet from a script\n", "a package the configuration builds (Debian's bash in its shebang)");
    const lock = JSON.parse(readFileSync(join(home, ".config/home-manager/system-manager.lock"), "utf8"));
    assert.deepEqual(Object.keys(lock.packages).sort(), ["bash", ...STDENV_TOOLS, "hello", "ripgrep"].sort(), "the lock beside the configuration pins them (and the builders' bash and tools)");
    assert.deepEqual(lock.debian.sources, sources, "from the archive it was pinned to");
    assert.equal(await main(["build"], io), 0, io.err);
    const withPackages = io.out.trim();
    config("");
    io.out = "";
    assert.equal(await main(["build"], io), 0, io.err);
    assert.notEqual(io.out.trim(), withPackages, "packages make another generation");
    assert.equal(await main(["switch"], io), 0, io.err);
    assert.ok(!existsSync(join(home, ".nix-profile")), "switching to a configuration without packages removes the profile");
  });

  test("as an ordinary user (uid 65534): the packages are realised into their own store, without root", { skip: asUserSkip }, () => {
    const { home, store } = setup(".config/home-manager");
    writeFileSync(
      join(home, ".config/home-manager/home.config.ts"),
      `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [({ pkgs }: any) => ({ home: { stateVersion: "25.05", packages: [pkgs.hello], activation: { greet: { after: ["linkGeneration"], data: \`\${pkgs.hello}/bin/hello > "$HOME/greeting"; id -u >> "$HOME/greeting"\` } } } })] });\n`,
    );
    spawnSync("chown", ["-R", `${NOBODY}:${NOBODY}`, home]);
    const script = `const { main } = await import(${JSON.stringify(join(process.cwd(), "src/cli/home-manager-main.ts"))}); process.exitCode = await main(["switch"]);`;
    const r = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath, "--import", import.meta.resolve("tsx"), "--input-type=module", "-e", script], {
      cwd: home,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: home, USER: "nobody" },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(lstatSync(join(store, "var/lib/system-manager/store")).uid, NOBODY, "the store is the user's");
    assert.equal(runInUserStore(store, join(home, ".nix-profile/bin/hello"), []), "hello from libgreet\n");
    assert.equal(readFileSync(join(home, "greeting"), "utf8"), `hello from libgreet\n${NOBODY}\n`, "the activation script ran a program of the user's store, as the user (src/activate/home/store-view.ts)");
  });

  test("the real home-manager: its home.path, hello and hm-session-vars.sh, is ~/.nix-profile (with nix.useXdg, ~/.local/state/nix/profile)", { skip: realSkip }, async () => {
    const { home, io, store } = setup("flake");
    writeHomeFlake(join(home, "flake"), {
      hm: "dir" in hm ? hm.dir : "",
      nixpkgs: "dir" in lib ? lib.dir : "",
      configs: ["alice", "alice-xdg"]
        .map(
          (name) => `${name} = mk [ ({ pkgs, ... }: {
        home.username = "alice";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        home.packages = [ pkgs.hello ];
        home.sessionVariables.EDITOR = "vim";
        nix.assumeXdg = ${name === "alice-xdg"};
        manual.manpages.enable = ${name === "alice"};
      }) ];`,
        )
        .join("\n"),
    });
    assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#alice`], io), 0, io.err);
    assert.ok(lstatSync(join(home, ".nix-profile")).isSymbolicLink());
    assert.match(io.err, /manual page \(man home-configuration\.nix\) is not built by system-manager; it is left out of the profile/);
    assert.match(readFileSync(join(home, ".nix-profile/etc/profile.d/hm-session-vars.sh"), "utf8"), /^export EDITOR="vim"$/m);
    assert.equal(runInUserStore(store, join(home, ".nix-profile/bin/hello"), []), "hello from libgreet\n");
    assert.match(readlinkSync(join(readlinkSync(join(home, ".nix-profile")), "../../home-path")), /-home-manager-path$/, "the generation's home-path is home-manager's own");
    // With XDG base directories, home-manager's profile directory is $XDG_STATE_HOME/nix/profile.
    assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#alice-xdg`], io), 0, io.err);
    assert.ok(!existsSync(join(home, ".nix-profile")), "the old profile directory is unlinked");
    assert.equal(runInUserStore(store, join(home, ".local/state/nix/profile/bin/hello"), []), "hello from libgreet\n");
  });

  test("the real home-manager: a home file inside a builder's output, reached through its links (as programs.neovim's plugin pack), is built before it is read; an activation entry runs the store's programs", { skip: realSkip }, async () => {
    const { home, io } = setup("flake");
    writeHomeFlake(join(home, "flake"), {
      hm: "dir" in hm ? hm.dir : "",
      nixpkgs: "dir" in lib ? lib.dir : "",
      configs: `alice = mk [ ({ pkgs, lib, ... }: {
        home.username = "alice";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        manual.manpages.enable = false;
        home.activation.greet = lib.hm.dag.entryAfter [ "linkGeneration" ] ''
          cd \${pkgs.emptyDirectory}
          \${pkgs.hello}/bin/hello > "$HOME/greeting"
        '';
        home.file.".local/share/demo".source = "\${pkgs.linkFarm "farm" [ { name = "pack"; path = pkgs.writeTextDir "hm/start/x.txt" "from a builder\\n"; } ]}/pack/hm";
      }) ];`,
    });
    assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#alice`], io), 0, io.err);
    assert.equal(readFileSync(join(home, ".local/share/demo/start/x.txt"), "utf8"), "from a builder\n");
    assert.equal(readFileSync(join(home, "greeting"), "utf8"), "hello from libgreet\n", "an activation entry ran programs of the user's store, built and realised for it (as bat's cache rebuild)");
  });
  test("the real home-manager with fish: no completions generated (Debian's fish cannot), and a login fish has the session variables pkgs.babelfish translated", { skip: realSkip ?? fishSkip }, async () => {
    const { home, io, store } = setup("flake");
    writeHomeFlake(join(home, "flake"), {
      hm: "dir" in hm ? hm.dir : "",
      nixpkgs: "dir" in lib ? lib.dir : "",
      // The host's fish stands in for Debian's, which the fixture archive lacks.
      configs: `alice = mk [ ({ pkgs, ... }: {
        home.username = "alice";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        manual.manpages.enable = false;
        home.sessionVariables.EDITOR = "vim";
        home.sessionPath = [ "$HOME/bin" ];
        programs.fish.enable = true;
        programs.fish.package = pkgs.runCommand "fish" { } "mkdir -p $out/bin; ln -s /usr/bin/fish /usr/bin/fish_indent $out/bin/";
      }) ];`,
    });
    assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#alice`], io), 0, io.err);
    assert.ok(!existsSync(join(home, ".local/share/fish/home-manager/generated_completions")), "programs.fish.generateCompletions defaults to false");
    const out = runInUserStore(store, "/usr/bin/env", [`HOME=${home}`, "USER=alice", "PATH=/usr/bin:/bin", "fish", "--login", "-c", "echo $EDITOR; echo $PATH[1]"]);
    assert.equal(out, `vim\n${home}/bin\n`);
  });
});
