/**
 * The modules users enable most, from the real home-manager (a local copy,
 * never committed; nixpkgs' real lib beside it), in a system flake switched
 * in a booted Debian 12 guest (with the system's programs.fish and
 * programs.zsh): zsh, bash, direnv, zoxide, bat, tmux,
 * neovim, ssh, gpg with gpg-agent, gh, starship, eza, fzf (with its bash
 * and zsh integrations) and a systemd user service, which runs once her
 * manager does (starting it on activation is
 * test/e2e/user-units-home.e2e.ts's). Their packages come from Debian 12's
 * real archive, but starship and eza, which it lacks, and fzf, which it
 * ships older than home-manager's module asserts (≥ 0.48): those three
 * come from Debian 13 with their closures (their own glibc), and run on
 * the Debian 12 guest from the store.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI } from "./project.ts";
import { bootWithUpstream, UPSTREAM_OVERRIDES, upstreamSkip as skip } from "./upstream-guest.ts";


const FLAKE = `{
  inputs = {
    nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
    system-manager = { url = "github:numtide/system-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
    home-manager = { url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  };
  outputs = { system-manager, home-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        home-manager.nixosModules.home-manager
        {
          nixpkgs.hostPlatform = "x86_64-linux";
          users.groups.alice.gid = 5000;
          users.users.alice = { isNormalUser = true; uid = 5000; group = "alice"; home = "/home/alice"; createHome = true; };
          home-manager.useGlobalPkgs = true;
          home-manager.useUserPackages = true;
          programs.fish.enable = true;
          programs.zsh = { enable = true; shellAliases.hi = "echo hi from the system"; };
          home-manager.users.alice = { pkgs, ... }: {
            home.stateVersion = "24.05";
            home.sessionVariables.GREETING = "hello from home-manager";
            programs.fish.enable = true;
            manual.manpages.enable = false;
            programs.zsh = { enable = true; autosuggestion.enable = true; syntaxHighlighting.enable = true; };
            programs.bash.enable = true;
            programs.direnv.enable = true;
            programs.zoxide.enable = true;
            programs.bat.enable = true;
            programs.tmux = { enable = true; keyMode = "vi"; };
            programs.neovim = { enable = true; withPython3 = false; extraLuaConfig = "vim.opt.number = true"; };
            programs.ssh = { enable = true; enableDefaultConfig = false; matchBlocks.example = { hostname = "example.org"; user = "alice"; }; };
            programs.gpg.enable = true;
            services.gpg-agent.enable = true;
            programs.gh.enable = true;
            programs.starship.enable = true;
            programs.eza.enable = true;
            # Its nushell integration would assert fzf ≥ 0.73, which no Debian release has: off without nushell (src/home/home-defaults.ts).
            programs.fzf = { enable = true; enableBashIntegration = true; enableZshIntegration = true; };
            systemd.user.services.hello = {
              Unit.Description = "Say hello";
              Service = { Type = "oneshot"; RemainAfterExit = true; ExecStart = "\${pkgs.coreutils}/bin/touch %h/hello-ran"; };
              Install.WantedBy = [ "default.target" ];
            };
          };
        }
      ];
    };
  };
}
`;

let guest: Container;
before(async () => {
  if (skip === undefined) guest = await bootWithUpstream();
});
after(async () => {
  await guest?.shutdown();
});

const asAlice = (script: string) => `runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/5000 bash -lc '${script}'`;

test("the most used home-manager modules build and activate in the guest", { skip }, async () => {
  const prep = await guest.run(`mkdir -p /root/modules && cat > /root/modules/flake.nix <<'EOF'\n${FLAKE}EOF`);
  assert.equal(prep.code, 0, prep.stderr);
  const r = await guest.run(`${CLI} switch --flake /root/modules ${UPSTREAM_OVERRIDES}`, { timeoutMs: 1_200_000 });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  for (const name of ["starship", "eza"]) assert.match(r.stderr, new RegExp(`^${name}: not in Debian bookworm, taken from Debian trixie \\(${name} `, "m"), "said once, where it comes from");
  assert.match(r.stderr, /^fzf: Debian bookworm has fzf 0\.38\.[^,]*, older than 0\.48 \(home-manager's shell integrations [^)]*\); taken from Debian trixie/m);
  const lock = JSON.parse((await guest.run("cat /root/modules/system-manager.lock")).stdout);
  for (const name of ["starship", "eza", "fzf"]) assert.equal(lock.packages[name]?.release, "trixie", `${name} is locked as trixie's`);
  assert.equal(lock.packages.zsh?.release, "bookworm");
  const unit = await guest.run("systemctl is-active home-manager-alice.service");
  assert.equal(unit.stdout, "active\n", `${unit.stderr}\n${(await guest.journal("home-manager-alice.service")).slice(-4000)}`);
  const files = await guest.run("cd /home/alice && for f in .zshrc .bashrc .config/tmux/tmux.conf .config/nvim/init.lua .ssh/config .gnupg/gpg.conf .config/gh/config.yml .config/systemd/user/hello.service; do test -e $f && echo $f; done");
  assert.equal(files.stdout, ".zshrc\n.bashrc\n.config/tmux/tmux.conf\n.config/nvim/init.lua\n.ssh/config\n.gnupg/gpg.conf\n.config/gh/config.yml\n.config/systemd/user/hello.service\n", files.stderr);
  const ssh = await guest.run("cat /home/alice/.ssh/config");
  assert.match(ssh.stdout, /^Host example\n {2}HostName example\.org\n {2}User alice$/m, ssh.stderr);
});

test("alice's programs run from her profile, configured by home-manager", { skip }, async () => {
  const r = await guest.run(asAlice("for p in zsh direnv zoxide bat tmux nvim gh gpg gpg-agent; do command -v $p; done; tmux -f ~/.config/tmux/tmux.conf start-server \\; show -g mode-keys"));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  // zsh is the system's too (programs.zsh), whose profile comes first on PATH.
  const profileOf = (p: string) => (p === "zsh" ? "/run/system-manager/sw" : "/etc/profiles/per-user/alice");
  assert.deepEqual(lines.slice(0, 9), ["zsh", "direnv", "zoxide", "bat", "tmux", "nvim", "gh", "gpg", "gpg-agent"].map((p) => `${profileOf(p)}/bin/${p}`));
  assert.equal(lines[9], "mode-keys vi");
  const nvim = await guest.run(asAlice(`nvim --headless -c "lua io.write(tostring(vim.opt.number:get()))" -c qa 2>&1`));
  assert.equal(nvim.stdout, "true", nvim.stderr);
});

test("a login fish of alice has the profiles on PATH (programs.fish) and her session variables (babelfish), and home-manager's fish configuration runs", { skip }, async () => {
  const r = await guest.run("runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/5000 /run/system-manager/sw/bin/fish --login --interactive -c 'command -v fish zoxide; echo $GREETING; functions -q z; and echo zoxide-hooked'");
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, "/run/system-manager/sw/bin/fish\n/etc/profiles/per-user/alice/bin/zoxide\nhello from home-manager\nzoxide-hooked\n", r.stderr);
});

test("alice's user service, linked where home-manager links it, runs in her manager once it starts", { skip }, async () => {
  const up = await guest.run(`loginctl enable-linger alice && systemctl start user@5000.service && ${asAlice("systemctl --user is-system-running --wait")}`);
  assert.match(up.stdout, /^(running|degraded)$/m, up.stderr);
  const r = await guest.run(`${asAlice("systemctl --user is-active hello.service")}; test -f /home/alice/hello-ran && echo ran`);
  assert.equal(r.stdout, "active\nran\n", `${r.stderr}\n${(await guest.journal()).slice(-3000)}`);
});

test("starship, eza and fzf from Debian 13 run as alice, and her shells' hooks name files that exist", { skip }, async () => {
  const r = await guest.run(asAlice("for p in starship eza fzf; do command -v $p; done; starship --version | head -1; eza --version | grep -o \"^v[0-9.]*\"; fzf --version"));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.deepEqual(lines.slice(0, 3), ["starship", "eza", "fzf"].map((p) => `/etc/profiles/per-user/alice/bin/${p}`));
  assert.match(lines[3] ?? "", /^starship 1\.\d+/);
  assert.match(lines[4] ?? "", /^v0\.\d+/);
  assert.match(lines[5] ?? "", /^0\.(4[89]|[5-9]\d)/, "an fzf that has --bash and --zsh");
  const hooks = await guest.run(`grep -hoE "/var/lib/system-manager/store/[0-9a-z]{32}-[^ \\"';)]*" /home/alice/.zshrc /home/alice/.bashrc | sort -u`);
  // A path built with a shell variable (HELPDIR's …/share/zsh/$ZSH_VERSION/help, for run-help) is not one a hook sources.
  const paths = hooks.stdout.trim().split("\n").filter((l) => l !== "" && !l.includes("$"));
  assert.ok(paths.some((p) => /-fzf-[^/]*\/bin\/fzf$/.test(p)) && paths.some((p) => /-starship-[^/]*\/bin\/starship$/.test(p)), `the rc files run fzf and starship by store path: ${hooks.stdout}${hooks.stderr}`);
  const exist = await guest.run(paths.map((p) => `test -e ${p} || echo missing ${p}`).join("; "));
  assert.equal(exist.stdout, "", `every store path her rc files name exists (${paths.length})`);
  // Interactive shells on a terminal (script(1) gives one), as the hooks need: fzf's widgets and starship's prompt hook defined, nothing failing.
  const tty = (cmd: string) => `runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/5000 TERM=xterm script -qec "${cmd}" /dev/null`;
  const bash = await guest.run(tty("bash -ic 'type -t __fzf_history__; echo \\$PROMPT_COMMAND'"));
  assert.match(bash.stdout, /^function\r?$/m, `${bash.stdout}${bash.stderr}`);
  assert.match(bash.stdout, /starship_precmd/, bash.stdout);
  assert.doesNotMatch(bash.stdout, /command not found|No such file/, bash.stdout);
  const zsh = await guest.run(tty("/etc/profiles/per-user/alice/bin/zsh -ic 'print fzf=\\$+functions[fzf-history-widget] starship=\\${precmd_functions[(I)prompt_starship_precmd]}'"));
  assert.match(zsh.stdout, /fzf=1 starship=[1-9]/, `${zsh.stdout}${zsh.stderr}`);
  assert.doesNotMatch(zsh.stdout, /command not found|no such file/i, zsh.stdout);
});

test("a login zsh of alice has the profiles on PATH (programs.zsh's /etc/zsh/zshenv) and her session variables, with the system's aliases and home-manager's zsh configuration, its plugins sourced from their packages' share/", { skip }, async () => {
  const r = await guest.run(`runuser -u alice -- env -i HOME=/home/alice USER=alice TERM=dumb XDG_RUNTIME_DIR=/run/user/5000 PATH=/usr/bin:/bin /run/system-manager/sw/bin/zsh -l -i -c 'command -v zsh zoxide; echo $GREETING; hi; (( $+functions[z] )) && echo zoxide-hooked; (( $+functions[_zsh_autosuggest_start] && $+functions[_zsh_highlight] )) && echo plugins-sourced'`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "/run/system-manager/sw/bin/zsh\n/etc/profiles/per-user/alice/bin/zoxide\nhello from home-manager\nhi from the system\nzoxide-hooked\nplugins-sourced\n", r.stderr);
  const kept = await guest.run("test ! -e /etc/zsh/zshrc.system-manager-backup || grep -q DEBIAN_PREVENT_KEYBOARD_CHANGES /etc/zsh/zshrc.system-manager-backup && readlink /etc/zsh/zshrc");
  assert.equal(kept.code, 0, `Debian's zshrc, if the guest had one, is kept aside: ${kept.stderr}`);
});
