# pkgs.tmuxPlugins: nixpkgs' tmux plugins. Debian packages none of them,
# so the common ones are built as nixpkgs builds them: each repository at a
# pinned revision fetched from GitHub (fetchFromGitHub) and checked against
# its hash (nixpkgs' own, each checked against the repository's tree at that
# revision; resurrect's without its test-harness submodule, which the
# archive leaves empty; vim-tmux-navigator at a later revision). Every other
# name but mkTmuxPlugin is a plugin value whose use (its rtp, the script
# home-manager's tmux module runs, or its path) fails, naming
# pkgs.tmuxPlugins.<name> and how to build it. mkTmuxPlugin builds a
# plugin from its source (a fetchFromGitHub) with nixpkgs' layout: the
# source tree under share/tmux-plugins/<path> ($target, for a postInstall),
# `rtp` the script in it that tmux runs (<pluginName with _ for ->.tmux
# unless rtpFilePath says otherwise), a pname "tmuxplugin-<pluginName>" as
# home-manager checks.
{
  lib,
  openSet,
  stdenv,
  fetchFromGitHub,
}:
let
  rtpPath = "share/tmux-plugins";

  mkTmuxPlugin =
    {
      pluginName,
      src,
      version ? "",
      rtpFilePath ? builtins.replaceStrings [ "-" ] [ "_" ] pluginName + ".tmux",
      namePrefix ? "tmuxplugin-",
      path ? lib.getName pluginName,
      ...
    }@attrs:
    let
      plugin = stdenv.mkDerivation (
        removeAttrs attrs [
          "rtpFilePath"
          "namePrefix"
          "path"
          "dependencies"
        ]
        // {
          pname = namePrefix + pluginName;
          inherit version src pluginName;
          dontConfigure = true;
          dontBuild = attrs.dontBuild or true;
          installPhase =
            attrs.installPhase or ''
              runHook preInstall
              target=$out/${rtpPath}/${path}
              mkdir -p $out/${rtpPath}
              cp -r . $target
              runHook postInstall
            '';
        }
      );
    in
    plugin
    // {
      rtp = "${plugin}/${rtpPath}/${path}/${rtpFilePath}";
      overrideAttrs = f: mkTmuxPlugin (attrs // (if builtins.isFunction f then f attrs else f));
    };

  missing =
    name:
    let
      why = "Cannot use pkgs.tmuxPlugins.${name}: Debian packages no tmux plugins; build it with pkgs.tmuxPlugins.mkTmuxPlugin { pluginName = \"${name}\"; version = \"…\"; src = pkgs.fetchFromGitHub { … }; }, or remove it from the configuration";
    in
    {
      type = "derivation";
      pname = "tmuxplugin-${name}";
      pluginName = name;
      name = "tmuxplugin-${name}";
      outPath = throw why;
      drvPath = throw why;
      rtp = throw why;
      meta = { };
      passthru = { };
    };
  # name → [ pluginName version owner repo ref hash rtpFilePath-or-null ]; a ref "tag:v1" is a tag.
  pinned = {
    battery = [ "battery" "2.0.0" "tmux-plugins" "tmux-battery" "tag:v2.0.0" "sha256-kyUrJdraDDye8WEBP2RgHN7kHmafToYtLmrMJ9u0f+0=" null ];
    better-mouse-mode = [ "better-mouse-mode" "unstable-2021-08-02" "NHDaly" "tmux-better-mouse-mode" "aa59077c635ab21b251bd8cb4dc24c415e64a58e" "sha256-nPNa3JvDgptGvy2vpo0WSZytyu7kFSEn/Jp/OGA0ZBg=" "scroll_copy_mode.tmux" ];
    catppuccin = [ "catppuccin" "2.1.3" "catppuccin" "tmux" "v2.1.3" "sha256-Is0CQ1ZJMXIwpDjrI5MDNHJtq+R3jlNcd9NXQESUe2w=" null ];
    continuum = [ "continuum" "unstable-2022-01-25" "tmux-plugins" "tmux-continuum" "fc2f31d79537a5b349f55b74c8ca69abaac1ddbb" "sha256-S1YuZHX4SnSVlMZKv/a87/qj0seRdaWyOXz5ONCVIRo=" null ];
    copycat = [ "copycat" "unstable-2020-01-09" "tmux-plugins" "tmux-copycat" "77ca3aab2aed8ede3e2b941079b1c92dd221cf5f" "sha256-ugVk1zpKeUjOlDWi3LEkJPFsCqyZEivGzGWiqODnkK0=" null ];
    cpu = [ "cpu" "unstable-2023-01-06" "tmux-plugins" "tmux-cpu" "98d787191bc3e8f19c3de54b96ba1caf61385861" "sha256-ymmCI6VYvf94Ot7h2GAboTRBXPIREP+EB33+px5aaJk=" null ];
    dracula = [ "dracula" "3.3.1" "dracula" "tmux" "tag:v3.3.1" "sha256-UFK0PJFgGIBdpjuSn3stAJ7z73FgEj0yK6F+ETRQ5f4=" null ];
    gruvbox = [ "gruvbox" "2.0.1" "egel" "tmux-gruvbox" "tag:v2.0.1" "sha256-TuWPw6sk61k7GnHwN2zH6x6mGurTHiA9f0E6NJfMa6g=" "gruvbox-tpm.tmux" ];
    logging = [ "logging" "unstable-2019-04-19" "tmux-plugins" "tmux-logging" "b085ad423b5d59a2c8b8d71772352e7028b8e1d0" "sha256-Wp4xY2nxv4jl/G7bjNokYk3TcbS9waLERBFSpT1XGlw=" null ];
    nord = [ "nord" "0.3.0-unstable-2023-03-03" "nordtheme" "tmux" "f7b6da07ab55fe32ee5f7d62da56d8e5ac691a92" "sha256-mcmVYNWOUoQLiu4eM/EUudRg67Gcou13xuC6zv9aMKA=" null ];
    open = [ "open" "unstable-2019-12-02" "tmux-plugins" "tmux-open" "cedb4584908bd8458fadc8d3e64101d3cbb48d46" "sha256-sFl+wkvQ498irwKWXXAT6/XBrziYLT+CvLCBV2HrQIM=" null ];
    pain-control = [ "pain-control" "unstable-2020-02-18" "tmux-plugins" "tmux-pain-control" "2db63de3b08fc64831d833240749133cecb67d92" "sha256-84NJtxoz4KTVv+i3cde235WcHhRSBIkZjtobZIk16nA=" null ];
    power-theme = [ "power" "unstable-2024-05-12" "wfxr" "tmux-power" "16bbde801378a70512059541d104c5ae35be32b9" "sha256-IyYQyIONMnVBwhhcI3anOPxKpv2TfI2KZgJ5o5JtZ8I=" "tmux-power.tmux" ];
    prefix-highlight = [ "prefix-highlight" "unstable-2021-03-30" "tmux-plugins" "tmux-prefix-highlight" "15acc6172300bc2eb13c81718dc53da6ae69de4f" "sha256-9LWRV0Hw8MmDwn5hWl3DrBuYUqBjLCO02K9bbx11MyM=" null ];
    resurrect = [ "resurrect" "unstable-2022-05-01" "tmux-plugins" "tmux-resurrect" "ca6468e2deef11efadfe3a62832ae67742505432" "sha256-dkiIbTPIn3ampK7LItndOL69cMVfuJyOIQZL4lt58jQ=" null ];
    rose-pine = [ "rose-pine" "unstable-2024-01-08" "rose-pine" "tmux" "dd6d01338ac4afeb96542dcf24e4a7fe179b69e6" "sha256-Tccb4VjdotOSw7flJV4N0H4557NxRhXiCecZBPU9ICQ=" "rose-pine.tmux" ];
    sensible = [ "sensible" "unstable-2022-08-14" "tmux-plugins" "tmux-sensible" "25cb91f42d020f675bb0a2ce3fbd3a5d96119efa" "sha256-sw9g1Yzmv2fdZFLJSGhx1tatQ+TtjDYNZI5uny0+5Hg=" null ];
    sessionist = [ "sessionist" "unstable-2023-05-02" "tmux-plugins" "tmux-sessionist" "a315c423328d9bdf5cf796435ce7075fa5e1bffb" "sha256-iC8NvuLujTXw4yZBaenHJ+2uM+HA9aW5b2rQTA8e69s=" null ];
    tokyo-night-tmux = [ "tokyo-night-tmux" "1.8.1" "janoamaral" "tokyo-night-tmux" "a39e00bf01fea05f916e4b7707bad5e64adee02c" "sha256-tmS0MBANSsTg53E2GB0TnjwGcZXboTRFNeDE6Ehn+bM=" "tokyo-night.tmux" ];
    vim-tmux-navigator = [ "vim-tmux-navigator" "unstable-2025-06-08" "christoomey" "vim-tmux-navigator" "412c474e97468e7934b9c217064025ea7a69e05e" "sha256-czhzY1bauNd472osfUZSzsOEoGv9QhQBriF3ULkKNpY=" "vim-tmux-navigator.tmux" ];
    yank = [ "yank" "unstable-2023-07-19" "tmux-plugins" "tmux-yank" "acfd36e4fcba99f8310a7dfb432111c242fe7392" "sha256-/5HPaoOx2U2d8lZZJo5dKmemu6hKgHJYq23hxkddXpA=" null ];
  };

  fromPin =
    p:
    let
      at = builtins.elemAt p;
      ref = at 4;
      tagged = lib.hasPrefix "tag:" ref;
    in
    mkTmuxPlugin (
      {
        pluginName = at 0;
        version = at 1;
        src = fetchFromGitHub (
          {
            owner = at 2;
            repo = at 3;
            hash = at 5;
          }
          // (if tagged then { tag = lib.removePrefix "tag:" ref; } else { rev = ref; })
        );
        meta.homepage = "https://github.com/${at 2}/${at 3}";
      }
      // lib.optionalAttrs (at 6 != null) { rtpFilePath = at 6; }
    );
in
openSet (
  name:
  if name == "mkTmuxPlugin" then
    mkTmuxPlugin
  else if pinned ? ${name} then
    fromPin pinned.${name}
  else
    missing name
)
