/**
 * Golden tests for what home modules generate (byte-exact), with store
 * paths shown as @name@ placeholders.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileText, homeOf } from "./home-config.ts";

const placeholders = (s: string | undefined) => s?.replace(/\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-([^/"\n]+)/g, "@$1@");

test("programs.git with settings and ignores, stateVersion 25.05 (no legacy signing)", () => {
  const { content } = homeOf({
    home: { stateVersion: "25.05" },
    programs: { git: { enable: true, settings: { user: { name: "Jane", email: "j@x" }, alias: { co: "checkout" }, core: { editor: "vim" } }, ignores: ["*.swp"] } },
  });
  assert.equal(fileText(content, ".config/git/config"), '[alias]\n\tco = "checkout"\n\n[core]\n\teditor = "vim"\n\n[user]\n\temail = "j@x"\n\tname = "Jane"\n');
  assert.equal(fileText(content, ".config/git/ignore"), "*.swp\n");
  assert.equal(fileText(content, ".config/git/attributes"), undefined, "no file for empty attributes");
});

test("programs.git before stateVersion 25.05 writes home-manager's legacy [gpg] sections", () => {
  const { content } = homeOf({ home: { stateVersion: "24.05" }, programs: { git: { enable: true, settings: { user: { name: "Alice" } } } } });
  assert.equal(placeholders(fileText(content, ".config/git/config")), '[gpg]\n\tformat = "openpgp"\n\n[gpg "openpgp"]\n\tprogram = "@gnupg@/bin/gpg"\n\n[user]\n\tname = "Alice"\n');
});

test("programs.git: signing, lfs, ordered fragments and includes come in home-manager's order", () => {
  const { content } = homeOf({
    home: { stateVersion: "25.05" },
    programs: {
      git: {
        enable: true,
        settings: [{ credential: { helper: "" } }, { credential: { helper: "oauth" } }],
        signing: { key: "ABC", format: "openpgp", signByDefault: true },
        lfs: { enable: true },
        includes: [{ path: "~/.gitconfig.local" }, { condition: "gitdir:~/work/", contents: { user: { email: "a@work" } } }],
      },
    },
  });
  assert.equal(
    placeholders(fileText(content, ".config/git/config")),
    [
      '[commit]\n\tgpgSign = true\n',
      '[filter "lfs"]\n\tclean = "@git-lfs@/bin/git-lfs clean -- %f"\n\tprocess = "@git-lfs@/bin/git-lfs filter-process"\n\trequired = true\n\tsmudge = "@git-lfs@/bin/git-lfs smudge -- %f"\n',
      '[gpg]\n\tformat = "openpgp"\n',
      '[gpg "openpgp"]\n\tprogram = "@gnupg@/bin/gpg"\n',
      '[tag]\n\tgpgSign = true\n',
      '[user]\n\tsigningKey = "ABC"\n',
      '[credential]\n\thelper = ""\n',
      '[credential]\n\thelper = "oauth"\n',
      '[include]\n\tpath = "~/.gitconfig.local"\n',
      '[includeIf "gitdir:~/work/"]\n\tpath = "@hm_gitconfig@"\n',
    ].join("\n"),
  );
  assert.ok(content.extra.some((e) => e.name === "hm_gitconfig"), "the include's contents are written to the store");
});

test("programs.git: every include with contents gets its own store file, though they share a name", async () => {
  const { content } = homeOf({
    home: { stateVersion: "25.05" },
    programs: { git: { enable: true, includes: [{ condition: "gitdir:~/a/", contents: { user: { email: "a@a" } } }, { condition: "gitdir:~/b/", contents: { user: { email: "b@b" } } }] } },
  });
  const { textStorePath } = await import("../../src/store/text-store-path.ts");
  const paths = [...(fileText(content, ".config/git/config") ?? "").matchAll(/path = "([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(paths, [textStorePath("hm_gitconfig", '[user]\n\temail = "a@a"\n'), textStorePath("hm_gitconfig", '[user]\n\temail = "b@b"\n')]);
  const written = content.extra.filter((e) => e.name === "hm_gitconfig").map((e) => e.tree.get("")?.kind === "file" && (e.tree.get("") as { content: Buffer }).content.toString());
  assert.deepEqual(written, ['[user]\n\temail = "a@a"\n', '[user]\n\temail = "b@b"\n']);
});

test("home.file text, xdg.configFile, executable; hm-session-vars.sh with variables and paths", () => {
  const { content } = homeOf({
    home: {
      stateVersion: "24.05",
      file: { "bin/hello": { text: "#!/bin/sh\necho hi\n", executable: true } },
      sessionVariables: { EDITOR: "vim", PAGER: "less -R", NOPE: null },
      sessionPath: ["$HOME/bin"],
    },
    xdg: { configFile: { "app/app.conf": { text: "x = 1\n" } } },
  });
  const bin = content.tree.get("home-files/bin/hello");
  assert.ok(bin?.kind === "file" && bin.executable);
  assert.equal(fileText(content, ".config/app/app.conf"), "x = 1\n");
  const vars = content.extra.find((e) => e.name === "hm-session-vars.sh")?.tree.get("");
  assert.ok(vars?.kind === "file");
  const text = vars.content.toString("utf8");
  assert.match(text, /^# Only source this once \(per content\)\.\nif \[ "\$\{__HM_SESS_VARS_SOURCED-\}" = "[0-9a-f]{16}" \]; then return; fi\nexport __HM_SESS_VARS_SOURCED="[0-9a-f]{16}"\n\n/);
  assert.ok(text.endsWith('export EDITOR="vim"\nexport PAGER="less -R"\nexport PATH="$HOME/bin${PATH:+:}$PATH"\n'));
  assert.equal(content.manifest.sessionVariablesFile.replace(/[0-9a-z]{32}/, "H"), "/var/lib/system-manager/store/H-hm-session-vars.sh");
});

test("programs.bash writes .bash_profile, .profile and .bashrc", () => {
  const { content } = homeOf({
    home: { stateVersion: "24.05", shellAliases: { ll: "ls -l" } },
    programs: { bash: { enable: true, initExtra: "set -o vi\n", sessionVariables: { FOO: "bar" } } },
  });
  assert.equal(fileText(content, ".bash_profile"), "# include .profile if it exists\n[[ -f ~/.profile ]] && . ~/.profile\n\n# include .bashrc if it exists\n[[ -f ~/.bashrc ]] && . ~/.bashrc\n");
  assert.equal(placeholders(fileText(content, ".profile")), '. "@hm-session-vars.sh@"\n\nexport FOO="bar"\n');
  assert.equal(
    fileText(content, ".bashrc"),
    "# Commands that should be applied only for interactive shells.\n[[ $- == *i* ]] || return\n\nHISTFILESIZE=100000\nHISTSIZE=10000\n\nshopt -s histappend\nshopt -s extglob\nshopt -s globstar\nshopt -s checkjobs\n\nalias -- ll='ls -l'\n\nset -o vi\n",
  );
});

test("two files with the same target are an error listing it", () => {
  assert.throws(
    () => homeOf({ home: { stateVersion: "24.05", file: { a: { target: "x", text: "1" }, b: { target: "x", text: "2" } } } }),
    /alice profile: Conflicting managed target files: x/,
  );
});

test("only enabled entries conflict, and a target is compared once made relative to the home", () => {
  assert.doesNotThrow(() => homeOf({ home: { stateVersion: "24.05", file: { a: { target: "x", text: "1" }, b: { target: "x", text: "2", enable: false } } } }));
  assert.throws(
    () => homeOf({ home: { stateVersion: "24.05", file: { a: { target: "y", text: "1" }, b: { target: "/home/alice/y", text: "2" }, c: { target: "z", text: "3" } } } }),
    /alice profile: Conflicting managed target files: y\n/,
  );
});

test("a target outside the home, or with '..', is an error", () => {
  assert.throws(() => homeOf({ home: { stateVersion: "24.05", file: { a: { target: "/etc/passwd", text: "x" } } } }), /Cannot manage '\/etc\/passwd' in the home of alice/);
  assert.throws(() => homeOf({ home: { stateVersion: "24.05", file: { a: { target: "../bob/x", text: "x" } } } }), /Cannot manage '\.\.\/bob\/x' in the home of alice/);
});

test("home-manager.users.<name> without users.users.<name> is an error", () => {
  assert.throws(() => homeOf({ home: { stateVersion: "24.05" } }, { users: { bob: { home: { stateVersion: "24.05" } } } }), /home-manager\.users\.bob is set, but user "bob" is not declared in users\.users/);
});

test("programs.git.userName and userEmail still work, with home-manager's rename warnings", () => {
  const { content, warnings } = homeOf({ home: { stateVersion: "25.05" }, programs: { git: { enable: true, userName: "Alice", userEmail: "alice@example.com" } } });
  assert.equal(fileText(content, ".config/git/config"), '[user]\n\temail = "alice@example.com"\n\tname = "Alice"\n');
  assert.deepEqual(warnings, [
    "alice profile: The option `programs.git.userEmail' defined in `/cfg/home.ts' has been renamed to `programs.git.settings.user.email'.",
    "alice profile: The option `programs.git.userName' defined in `/cfg/home.ts' has been renamed to `programs.git.settings.user.name'.",
  ]);
});
