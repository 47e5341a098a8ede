/**
 * The modules users enable most, from the real home-manager (a local copy,
 * never committed; nixpkgs' real lib beside it), in a system flake switched
 * in a booted Debian 12 guest: zsh, bash, direnv, zoxide, bat, tmux,
 * neovim, ssh, gpg with gpg-agent, gh and a systemd user service, which
 * runs once her manager does (starting it on activation is
 * test/e2e/user-units-home.e2e.ts's). Their packages
 * come from Debian 12's archive, which has no starship or eza and an fzf
 * older than home-manager's modules require (they assert ≥ 0.48), so those
 * three are left out here; their files are checked byte for byte against
 * home-manager's own tests in test/home/real-home-manager.test.ts.
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
          home-manager.users.alice = { pkgs, ... }: {
            home.stateVersion = "24.05";
            manual.manpages.enable = false;
            programs.zsh.enable = true;
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
  assert.deepEqual(lines.slice(0, 9), ["zsh", "direnv", "zoxide", "bat", "tmux", "nvim", "gh", "gpg", "gpg-agent"].map((p) => `/etc/profiles/per-user/alice/bin/${p}`));
  assert.equal(lines[9], "mode-keys vi");
  const nvim = await guest.run(asAlice(`nvim --headless -c "lua io.write(tostring(vim.opt.number:get()))" -c qa 2>&1`));
  assert.equal(nvim.stdout, "true", nvim.stderr);
});

test("alice's user service, linked where home-manager links it, runs in her manager once it starts", { skip }, async () => {
  const up = await guest.run(`loginctl enable-linger alice && systemctl start user@5000.service && ${asAlice("systemctl --user is-system-running --wait")}`);
  assert.match(up.stdout, /^(running|degraded)$/m, up.stderr);
  const r = await guest.run(`${asAlice("systemctl --user is-active hello.service")}; test -f /home/alice/hello-ran && echo ran`);
  assert.equal(r.stdout, "active\nran\n", `${r.stderr}\n${(await guest.journal()).slice(-3000)}`);
});
