/**
 * nixpkgs attribute names → packages of each provider. Only the
 * exceptions are listed: any other attribute is the Debian package of the
 * same name and its own main program (an attribute writing a version
 * with `_`, as postgresql_16, is the Debian package with `-` instead:
 * postgresql-16). Checked against Debian 12 and 13
 * (see ../../test/packages/archive.test.ts). `debian: null` marks an
 * attribute Debian does not package. PostgreSQL's attributes follow one
 * rule instead of entries (`postgresql_N`, see `nameEntryFor`), and so do
 * the JDKs of a version (`jdkN`, `openjdkN`), Pythons (`python3N`) and
 * Luas (`lua5_N`).
 */
import { PackageUnavailable } from "./package-unavailable.ts";
import { EMACS_VARIANTS } from "./debian/emacs-fixup.ts";

export interface DebianName {
  /** The Debian package. */
  readonly package: string;
  /** Programs exposed under another name: name in bin/ → path inside the package. */
  readonly bin?: Readonly<Record<string, string>>;
  /**
   * Packages of its closure whose programs the output exposes too: Debian
   * splits what nixpkgs builds as one package (gnupg's gpg, gpg-agent,
   * gpgconf… are packages gnupg depends on). Those absent from a
   * release's closure are skipped.
   */
  readonly programsOf?: readonly string[];
  /**
   * Directories of the package (and of its `programsOf` members) whose
   * programs bin/ holds too: Debian installs PostgreSQL's under
   * usr/lib/postgresql/15/bin, where nixpkgs has them in bin/. In these
   * and in `programsOf`, `{version}` stands for a version number (15,
   * 1.2), so that `postgresql-{version}` is postgresql-15, never
   * postgresql-common.
   */
  readonly binDirs?: readonly string[];
  /** More names in bin/ for programs bin/ already has (alias → program): nixpkgs' python3 has bin/python beside bin/python3. */
  readonly aliases?: Readonly<Record<string, string>>;
  /**
   * The oldest version that works where nixpkgs' package is used: an older
   * one in the host's release is passed over for a newer release's
   * (debian/releases.ts). `why` is said when that happens.
   */
  readonly atLeast?: { readonly version: string; readonly why: string };
}

export interface NameEntry {
  /** Absent: the Debian package of the same name. */
  readonly debian?: DebianName | null;
  /** nixpkgs `meta.mainProgram` when it is not the attribute name. */
  readonly mainProgram?: string;
}

export type NameTable = Readonly<Record<string, NameEntry>>;

export const NAMES: NameTable = {
  "_7zz": { debian: { package: "7zip" }, mainProgram: "7zz" },
  // nixpkgs' kakoune is wrapKakoune around kakoune-unwrapped, the editor itself.
  "kakoune-unwrapped": { debian: { package: "kakoune" }, mainProgram: "kak" },
  kakoune: { mainProgram: "kak" },
  // nixpkgs' libnotify has notify-send, Debian's libnotify-bin (libnotify4 is the library alone).
  libnotify: { debian: { package: "libnotify-bin" }, mainProgram: "notify-send" },
  mako: { debian: { package: "mako-notifier" } },
  // home-manager's services.nextcloud-client runs bin/nextcloud: Debian's nextcloud-desktop.
  "nextcloud-client": { debian: { package: "nextcloud-desktop" }, mainProgram: "nextcloud" },
  // home-manager's qt module (platformTheme "gnome"): the Qt 5 platform theme; Debian 13 has the Qt 6 one too.
  qgnomeplatform: { debian: { package: "qgnomeplatform-qt5" } },
  // nixpkgs' texinfo with the info reader (home-manager's programs.info); Debian's reader is the info package.
  texinfoInteractive: { debian: { package: "info", programsOf: ["install-info"] }, mainProgram: "info" },
  // nixpkgs' JDKs (pkgs.nix adds `home`, their lib/openjdk): Debian's default JDK and JRE; jdkN and openjdkN are rules (`java`).
  jdk: { debian: { package: "default-jdk" }, mainProgram: "java" },
  jdk_headless: { debian: { package: "default-jdk-headless" }, mainProgram: "java" },
  openjdk: { debian: { package: "default-jdk" }, mainProgram: "java" },
  openjdk_headless: { debian: { package: "default-jdk-headless" }, mainProgram: "java" },
  jre: { debian: { package: "default-jre" }, mainProgram: "java" },
  jre_headless: { debian: { package: "default-jre-headless" }, mainProgram: "java" },
  ack: {},
  bashInteractive: { debian: { package: "bash" }, mainProgram: "bash" },
  // nixpkgs' awscli2 is AWS CLI v2, which Debian (12 and later) packages as awscli.
  // nixpkgs' ansible is the engine with its programs; Debian's ansible holds the community collections, ansible-core the programs.
  ansible: { debian: { package: "ansible", programsOf: ["ansible-core"] } },
  aria2: { mainProgram: "aria2c" },
  awscli2: { debian: { package: "awscli" }, mainProgram: "aws" },
  bat: { debian: { package: "bat", bin: { bat: "usr/bin/batcat" } } },
  // Debian has no bun: nixpkgs' is Bun's release binary, which the prebuilt provider takes from the npm registry (prebuilt/table.ts).
  bun: { debian: null },
  // Debian's bundler is a metapackage; bundle and bundler are ruby-bundler's.
  bundler: { debian: { package: "bundler", programsOf: ["ruby-bundler"] } },
  // nixpkgs' dconf is the command-line tool (home-manager's dconf module runs it); Debian's dconf-cli.
  dconf: { debian: { package: "dconf-cli" } },
  // Debian (12 and later) splits D-Bus: its programs (dbus-run-session, dbus-update-activation-environment…) are dbus-bin's and dbus-daemon's.
  dbus: { debian: { package: "dbus", programsOf: ["dbus-bin", "dbus-daemon"] } },
  delta: { debian: { package: "git-delta" } },
  difftastic: { debian: null, mainProgram: "difft" },
  dig: { debian: { package: "bind9-dnsutils" } },
  dnsutils: { debian: { package: "bind9-dnsutils" }, mainProgram: "dig" },
  // system-manager's docker example takes docker from legacyPackages and runs ${docker}/bin/dockerd (Debian's usr/sbin/dockerd).
  docker: { debian: { package: "docker.io" } },
  // Docker's CLI plugins: Debian installs them only where the docker CLI looks for them; nixpkgs has them in bin/ too.
  // nixpkgs' Emacs (GTK 3) and its variants: Debian's are one package each, with emacsclient, etags… in emacs-bin-common
  // (emacs-fixup.ts runs them from the store).
  ...emacsNames(),
  "docker-buildx": { debian: { package: "docker-buildx", binDirs: ["usr/libexec/docker/cli-plugins"] } },
  "docker-compose": {
    debian: { package: "docker-compose", binDirs: ["usr/libexec/docker/cli-plugins"], atLeast: { version: "2", why: "nixpkgs' docker-compose is Compose v2; Debian 12's 1.29 is the retired Python Compose v1" } },
  },
  dust: { debian: { package: "du-dust" } },
  // Fonts, themes and cursors (home.packages, gtk.theme, home.pointerCursor): Debian names fonts fonts-<name>.
  "cantarell-fonts": { debian: { package: "fonts-cantarell" } },
  dejavu_fonts: { debian: { package: "fonts-dejavu-core" } },
  "fira-code": { debian: { package: "fonts-firacode" } },
  "font-awesome_4": { debian: { package: "fonts-font-awesome" } },
  "hack-font": { debian: { package: "fonts-hack" } },
  inter: { debian: { package: "fonts-inter" } },
  "jetbrains-mono": { debian: { package: "fonts-jetbrains-mono" } },
  liberation_ttf: { debian: { package: "fonts-liberation2" } },
  "noto-fonts": { debian: { package: "fonts-noto-core" } },
  "noto-fonts-cjk-sans": { debian: { package: "fonts-noto-cjk" } },
  "noto-fonts-color-emoji": { debian: { package: "fonts-noto-color-emoji" } },
  "noto-fonts-emoji": { debian: { package: "fonts-noto-color-emoji" } },
  roboto: { debian: { package: "fonts-roboto" } },
  "vanilla-dmz": { debian: { package: "dmz-cursor-theme" } },
  fd: { debian: { package: "fd-find", bin: { fd: "usr/bin/fdfind" } } },
  // Debian 12 and 13 ship Firefox as its extended-support release: bin/firefox is firefox-esr.
  firefox: { debian: { package: "firefox-esr", bin: { firefox: "usr/bin/firefox-esr" } } },
  fzf: { debian: { package: "fzf", atLeast: { version: "0.48", why: "home-manager's shell integrations run 'fzf --bash' and 'fzf --zsh', new in 0.48" } } },
  // home-manager points LOCALE_ARCHIVE_2_27 at it; Debian's glibc reads its own archive and ignores that variable.
  glibcLocales: { debian: { package: "locales" } },
  gnugrep: { debian: { package: "grep" }, mainProgram: "grep" },
  gnumake: { debian: { package: "make" }, mainProgram: "make" },
  gnupg: { debian: { package: "gnupg", programsOf: ["gpg", "gpg-agent", "gpgconf", "gpgsm", "gpgv", "dirmngr", "gnupg-utils", "gpg-wks-client"] }, mainProgram: "gpg" },
  gnused: { debian: { package: "sed" }, mainProgram: "sed" },
  gnutar: { debian: { package: "tar" }, mainProgram: "tar" },
  go: { debian: { package: "golang-go" } },
  helix: { debian: null, mainProgram: "hx" },
  // Debian's i3 is a metapackage (i3-wm, dunst, i3lock, i3status, suckless-tools): the window manager is i3-wm, nixpkgs' i3.
  i3: { debian: { package: "i3-wm" } },
  isync: { mainProgram: "mbsync" },
  // Debian's imagemagick is a metapackage; the programs are imagemagick-N.q16's (convert-im6.q16…), named by its alternatives.
  // nixpkgs' mainProgram is magick, which ImageMagick 6 (Debian 12's) lacks; convert is in both.
  imagemagick: { debian: { package: "imagemagick", programsOf: ["imagemagick-{version}.q16"] }, mainProgram: "convert" },
  iproute2: { mainProgram: "ip" },
  // Debian splits GNU inetutils (inetutils-ping, -telnet, …); what home-manager's own script asks of it is `hostname`.
  inetutils: { debian: { package: "hostname" } },
  iputils: { debian: { package: "iputils-ping" }, mainProgram: "ping" },
  man: { debian: { package: "man-db" } },
  // The GPU drivers home-manager's targets.genericLinux.gpu gathers (gpu-libs-env.nix): Debian's packages of them.
  // mpc, the MPD client: Debian's mpc.
  "mpc-cli": { debian: { package: "mpc" }, mainProgram: "mpc" },
  ninja: { debian: { package: "ninja-build" } },
  mesa: { debian: { package: "libgl1-mesa-dri" } },
  libglvnd: { debian: { package: "libglvnd0" } },
  "libvdpau-va-gl": { debian: { package: "libvdpau-va-gl1" } },
  "intel-media-driver": { debian: { package: "intel-media-va-driver" } },
  // nixpkgs' mariadb is the server with its clients; Debian splits them (mariadbd is mariadb-server-core's, mariadb mariadb-client-core's).
  mariadb: { debian: { package: "mariadb-server", programsOf: ["mariadb-server-core", "mariadb-client", "mariadb-client-core"] } },
  ncurses: { debian: { package: "ncurses-bin" } },
  neovim: { mainProgram: "nvim" },
  // nixpkgs' default PostgreSQL; Debian's is the metapackage depending on the release's (postgresql-15 in Debian 12).
  // Debian's perl holds the tools (cpan, perldoc…); the interpreter is perl-base's, run with the closure's modules (perl-programs.ts).
  // nixpkgs' p7zip has 7z, 7za and 7zr: Debian 12's p7zip-full and p7zip; in Debian 13 both are transitional, to 7zip.
  p7zip: { debian: { package: "p7zip-full", programsOf: ["p7zip", "7zip"] }, mainProgram: "7z" },
  perl: { debian: { package: "perl", programsOf: ["perl-base"] } },
  // Debian packages Python applications as python3-<name>.
  poetry: { debian: { package: "python3-poetry" } },
  postgresql: { debian: { package: "postgresql", programsOf: ["postgresql-{version}", "postgresql-client-{version}"], binDirs: ["usr/lib/postgresql/{version}/bin"] }, mainProgram: "psql" },
  netcat: { debian: { package: "netcat-openbsd" }, mainProgram: "nc" },
  // nm-applet: Debian 12's network-manager-gnome, which Debian 13 moved to network-manager-applet (the old name its transition).
  networkmanagerapplet: { debian: { package: "network-manager-gnome", programsOf: ["network-manager-applet"] }, mainProgram: "nm-applet" },
  openssh: { debian: { package: "openssh-client" }, mainProgram: "ssh" },
  // Debian's python3 holds pydoc3 and the like; the interpreter is python3-minimal's link to python3.N-minimal's.
  // nixpkgs' has bin/python too, which builders run (home-manager's fish completions: `python "$generator"`).
  python3: { debian: { package: "python3", programsOf: ["python3-minimal", "python3.{version}-minimal", "python3.{version}"], aliases: { python: "python3" } }, mainProgram: "python3" },
  ripgrep: { mainProgram: "rg" },
  // Debian's ruby links ruby, irb, erb…; gem is ruby-rubygems' (ruby-programs.ts runs them with the closure's libraries and gems).
  ruby: { debian: { package: "ruby", programsOf: ["ruby-rubygems"] } },
  "silver-searcher": { debian: { package: "silversearcher-ag" }, mainProgram: "ag" },
  // The suckless terminal: Debian's stterm, whose program is stterm.
  st: { debian: { package: "stterm", bin: { st: "usr/bin/stterm" } } },
  stack: { debian: { package: "haskell-stack" } },
  sqlite: { debian: { package: "sqlite3" }, mainProgram: "sqlite3" },
  // nixpkgs' sway is a wrapper (pkgs.nix's sway) around sway-unwrapped, the compositor itself.
  "sway-unwrapped": { debian: { package: "sway" }, mainProgram: "sway" },
  sqlite3: {},
  // nixpkgs' Taskwarrior 2 (home-manager's programs.taskwarrior before state version 25.05): Debian's taskwarrior is 2.6 in Debian 12 and 13.
  taskwarrior2: { debian: { package: "taskwarrior" }, mainProgram: "task" },
  tealdeer: { mainProgram: "tldr" },
  // Debian's /usr/bin/thunderbird is a script sourcing a helper from /usr/lib/thunderbird; the program itself finds its files beside it.
  thunderbird: { debian: { package: "thunderbird", bin: { thunderbird: "usr/lib/thunderbird/thunderbird" } } },
  "universal-ctags": { mainProgram: "ctags" },
  vim: { debian: { package: "vim", bin: { vim: "usr/bin/vim.basic" } } },
  // Debian's vlc is a metapackage: the programs are vlc-bin's, the plugins (debian/fixups.ts) its other members'.
  vlc: { debian: { package: "vlc", programsOf: ["vlc-bin"] } },
  // GNOME's terminal widget; home-manager's vte module sources its etc/profile.d/vte.sh (debian/fixups.ts links it).
  vte: { debian: { package: "libvte-2.91-0" } },
  // Debian's weechat is a metapackage; the client is weechat-curses's bin/weechat.
  weechat: { debian: { package: "weechat", programsOf: ["weechat-curses"] } },
  "wl-clipboard": { mainProgram: "wl-copy" },
  "xvfb-run": { debian: { package: "xvfb" } },
  // X's small programs, each a package in nixpkgs (and under pkgs.xorg), three packages in Debian.
  ...x11("x11-xserver-utils", ["xgamma", "xhost", "xmodmap", "xrandr", "xrdb", "xrefresh", "xset", "xsetmode", "xsetpointer", "xsetroot", "xstdcmap", "xvidtune"]),
  ...x11("x11-utils", ["xdpyinfo", "xdriinfo", "xev", "xfd", "xfontsel", "xkill", "xlsatoms", "xlsclients", "xlsfonts", "xmessage", "xprop", "xvinfo", "xwininfo"]),
  ...x11("x11-xkb-utils", ["setxkbmap", "xkbcomp", "xkbevd", "xkbprint"]),
  xz: { debian: { package: "xz-utils" } },
};

/**
 * nixpkgs' Emacs is 29 or later, whose use-package, eglot and tree-sitter
 * modes a configuration may take for granted; Debian 12's 28 also aborts at
 * start without its Lisp sources (emacs-el, only recommended), where
 * natively compiled Emacs 28 warns about each file it loads, its warnings
 * code among them, without end.
 */
function emacsNames(): Record<string, NameEntry> {
  const atLeast = { version: "1:29", why: "nixpkgs' Emacs is 29 or later; Debian 12's 28 aborts at start without its Lisp sources" };
  const variant = (pkg: string): NameEntry => ({ debian: { package: pkg, programsOf: ["emacs-bin-common"], atLeast }, mainProgram: "emacs" });
  return Object.fromEntries([["emacs", "emacs-gtk"], ...EMACS_VARIANTS.map((v) => [v, v])].map(([attr, pkg]) => [attr, variant(pkg as string)]));
}

/** Entries for programs Debian packages together in `pkg`: each nixpkgs attribute is that package, its program the attribute's name. */
function x11(pkg: string, programs: readonly string[]): Record<string, NameEntry> {
  return Object.fromEntries(programs.map((p) => [p, { debian: { package: pkg } }]));
}

/** Debian package names: lowercase letters, digits and `+.-`, at least two characters. */
const DEBIAN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** `{version}` in a `programsOf` name or a `binDirs` segment: a version number. */
export function versionPattern(pattern: string): RegExp {
  const parts = pattern.split("{version}").map((p) => p.replace(/[.*+?^$()[\]{}|\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("\\d+(?:\\.\\d+)*")}$`);
}

/**
 * nixpkgs' postgresql_N: Debian's postgresql-N (the server) with the
 * clients of postgresql-client-N, both under usr/lib/postgresql/N/bin;
 * /usr/bin/psql and the like are postgresql-client-common's pg_wrapper,
 * which picks a cluster from /etc/postgresql and is no part of nixpkgs'.
 */
function postgresql(attr: string): NameEntry | undefined {
  const m = /^postgresql_(\d+)$/.exec(attr);
  if (m === null) return undefined;
  const v = m[1] as string;
  return { debian: { package: `postgresql-${v}`, programsOf: [`postgresql-client-${v}`], binDirs: [`usr/lib/postgresql/${v}/bin`] }, mainProgram: "psql" };
}

/** The table's entry for `pkgs.<attr>`, or the one a rule gives it (PostgreSQL's, the JDKs', Python's, Lua's). */
export function nameEntryFor(attr: string, table: NameTable = NAMES): NameEntry | undefined {
  return Object.hasOwn(table, attr) ? table[attr] : (postgresql(attr) ?? java(attr) ?? python(attr) ?? lua(attr));
}

/**
 * nixpkgs' lua5_N (and lua, which is its 5.2): Debian's lua5.N, whose
 * interpreter is bin/lua5.N, and bin/lua through the lua-interpreter
 * alternative its postinst installs.
 */
function lua(attr: string): NameEntry | undefined {
  const m = /^lua(?:5_([1-4]))?$/.exec(attr);
  if (m === null) return undefined;
  return { debian: { package: `lua5.${m[1] ?? "2"}` }, mainProgram: "lua" };
}

/** nixpkgs' python3N (python311, python313): Debian's python3.N, its interpreter (python3.N-minimal's) also as python3 and python. */
function python(attr: string): NameEntry | undefined {
  const m = /^python3(\d+)$/.exec(attr);
  if (m === null) return undefined;
  const v = `python3.${m[1]}`;
  return { debian: { package: v, programsOf: [`${v}-minimal`], aliases: { python3: v, python: v } }, mainProgram: "python3" };
}

/** nixpkgs' jdkN, openjdkN and their _headless: Debian's openjdk-N-jdk and openjdk-N-jdk-headless. */
function java(attr: string): NameEntry | undefined {
  const m = /^(?:open)?jdk(\d+)(_headless)?$/.exec(attr);
  if (m === null) return undefined;
  return { debian: { package: `openjdk-${m[1]}-jdk${m[2] === undefined ? "" : "-headless"}` }, mainProgram: "java" };
}

/** The Debian package for `pkgs.<attr>`; an error when Debian has none. */
export function debianNameFor(attr: string, table: NameTable = NAMES): DebianName {
  const entry = nameEntryFor(attr, table);
  if (entry?.debian === null) {
    throw new PackageUnavailable(`Cannot use pkgs.${attr}: Debian does not package it; install Nix to use nixpkgs' ${attr}, or remove it from the configuration`);
  }
  if (entry?.debian !== undefined) return entry.debian;
  // nixpkgs writes a version in an attribute with `_` where Debian writes `-` (postgresql_16 → postgresql-16).
  const dashed = attr.replace(/_/g, "-");
  if (dashed !== attr && DEBIAN_NAME.test(dashed)) return { package: dashed };
  if (!DEBIAN_NAME.test(attr)) {
    throw new PackageUnavailable(`Cannot use pkgs.${attr}: '${attr}' cannot be a Debian package name (lowercase letters, digits and + . - only); add a mapping for it, or use the Nix provider`);
  }
  return { package: attr };
}

export function mainProgramFor(attr: string, table: NameTable = NAMES): string {
  return nameEntryFor(attr, table)?.mainProgram ?? attr;
}

/** The attribute whose Debian package is `pkg` (for suggestions): the table's, or the same name. */
export function attrForDebian(pkg: string, table: NameTable = NAMES): string {
  for (const [attr, e] of Object.entries(table)) if (e.debian?.package === pkg) return attr;
  return pkg;
}
