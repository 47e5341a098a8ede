/**
 * The packages of the test archive, with real ELF files compiled here:
 * `hello` (an executable needing libgreet.so.1 and libc) from `libgreet1`,
 * a `libc6` made of this machine's own loader and libc (so patched
 * binaries run from the store alone), `greet-data` (arch all: data a
 * wrapper points at, and the target of a cross-package link), `broken`
 * (a dependency nobody provides) and `lonely` (an ELF needing a library
 * no package ships), `plugged` (a loadable module, and test data under
 * usr/share needing a library of no package) and `golike-src` (arch all,
 * an executable as test data); plus Debian's real patchelf and its closure but
 * libc6 (patchelf-debs.ts), which the provider pins and patches with:
 * nothing here needs a patchelf on the host.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ArchiveDeb } from "./local-archive.ts";
import { patchelfDebs } from "./patchelf-debs.ts";

export const HOST_LIBC = "/lib/x86_64-linux-gnu/libc.so.6";
/** libstdc++ (patchelf's) needs it: the fixture's libc6 ships it too. */
export const HOST_LIBM = "/lib/x86_64-linux-gnu/libm.so.6";
export const HOST_LOADER = "/lib64/ld-linux-x86-64.so.2";

/** Why the fixture cannot be built here, or undefined. */
export function fixtureUnavailable(): string | undefined {
  if (process.arch !== "x64") return "the fixture packages are built for x86_64";
  for (const tool of ["cc", "dpkg-deb", "gpg", "apt-get"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  if (![HOST_LIBC, HOST_LIBM, HOST_LOADER].every((p) => existsSync(p))) return "this machine's libc is not where Debian puts it";
  const real = patchelfDebs();
  return typeof real === "string" ? real : undefined;
}

function cc(work: string, args: string[]): void {
  const r = spawnSync("cc", args, { cwd: work, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cc ${args.join(" ")}: ${r.stderr}`);
}

export function fixtureDebs(work: string): Record<string, ArchiveDeb> {
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "greet.c"), `const char *greet(void) { return "hello from libgreet"; }\n`);
  writeFileSync(join(work, "nothere.c"), `int nothere(void) { return 1; }\n`);
  writeFileSync(
    join(work, "hello.c"),
    `#include <stdio.h>\n#include <stdlib.h>\nconst char *greet(void);\nint main(void) {\n  const char *d = getenv("HELLO_DATA");\n  printf("%s\\n", greet());\n  if (d) { FILE *f = fopen(d, "r"); char b[256]; if (f && fgets(b, sizeof b, f)) printf("data: %s", b); }\n  return 0;\n}\n`,
  );
  writeFileSync(join(work, "selfish.c"), `int main(void) { return 0; }\n`);
  writeFileSync(join(work, "lonely.c"), `int nothere(void);\nint main(void) { return nothere() - 1; }\n`);
  writeFileSync(join(work, "module.c"), `int nothere(void);\nint module_init(void) { return nothere(); }\n`);
  cc(work, ["-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", "libgreet.so.1", "greet.c"]);
  cc(work, ["-shared", "-fPIC", "-Wl,-soname,libnothere.so.1", "-o", "libnothere.so", "nothere.c"]);
  cc(work, ["-o", "hello", "hello.c", join(work, "libgreet.so.1")]);
  cc(work, ["-o", "lonely", "lonely.c", join(work, "libnothere.so")]);
  cc(work, ["-o", "selfish", "selfish.c"]);
  // A loadable module (no soname) needing a library no dependency provides, as zsh's curses.so needs its Recommends' libncursesw.
  cc(work, ["-shared", "-fPIC", "-o", "module.so", "module.c", join(work, "libnothere.so")]);
  // A plugin with a soname of its own, in a directory of its program's (as libao's plugins-4/libalsa.so needs libasound, a Suggests).
  cc(work, ["-shared", "-fPIC", "-Wl,-soname,libplugin.so", "-o", "plugin.so", "module.c", join(work, "libnothere.so")]);
  // A library needing one its package does not depend on, which the programs loading it bring (libdbusmenu-gtk3's libgtk-3).
  cc(work, ["-shared", "-fPIC", "-Wl,-soname,libneedy.so.1", "-o", "libneedy.so.1", "module.c", join(work, "libnothere.so")]);
  // A program finding its library through $ORIGIN, in a tree another package completes (as OpenJDK's javac finds libjli.so).
  cc(work, ["-o", "hello-origin", "hello.c", "-Wl,-rpath,$ORIGIN/../lib", join(work, "libgreet.so.1")]);
  const loader = realpathSync(HOST_LOADER);
  return {
    libc6: {
      name: "libc6",
      version: "2.99-1",
      files: {
        "lib/x86_64-linux-gnu/libc.so.6": { copy: realpathSync(HOST_LIBC), mode: 0o755 },
        "lib/x86_64-linux-gnu/libm.so.6": { copy: realpathSync(HOST_LIBM), mode: 0o644 },
        // glibc's compatibility stubs, which Debian's programs built before 2.34 still name (make's libdl).
        ...Object.fromEntries(
          ["libdl.so.2", "libpthread.so.0", "librt.so.1"]
            .filter((l) => existsSync(`/lib/x86_64-linux-gnu/${l}`))
            .map((l) => [`lib/x86_64-linux-gnu/${l}`, { copy: realpathSync(`/lib/x86_64-linux-gnu/${l}`), mode: 0o644 }]),
        ),
        "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2": { copy: loader, mode: 0o755 },
        "lib64/ld-linux-x86-64.so.2": { symlink: "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" },
      },
    },
    libgreet1: {
      name: "libgreet1",
      version: "1.0-1",
      depends: "libc6 (>= 2.34)",
      files: {
        "usr/lib/x86_64-linux-gnu/libgreet.so.1.0": { copy: join(work, "libgreet.so.1"), mode: 0o644 },
        "usr/lib/x86_64-linux-gnu/libgreet.so.1": { symlink: "libgreet.so.1.0" },
      },
    },
    greetData: {
      name: "greet-data",
      version: "1:3.0-2",
      arch: "all",
      files: { "usr/share/greet/data.txt": { text: "greetings, data\n" }, "usr/share/doc/greet-data/copyright": { text: "free\n" } },
    },
    hello: {
      name: "hello",
      version: "2.10-3",
      depends: "libgreet1 (>= 1.0), libc6 (>= 2.34) | libc6-fake, greet-data",
      files: {
        "usr/bin/hello": { copy: join(work, "hello"), mode: 0o755 },
        "usr/bin/hello-data": { symlink: "../share/greet/data.txt" },
        "usr/lib/hello/helper": { copy: join(work, "hello"), mode: 0o4755 },
        "usr/share/man/man1/hello.1": { text: ".TH HELLO 1\n" },
        "usr/share/dbus-1/services/org.example.Hello.service": { text: "[D-BUS Service]\nName=org.example.Hello\n" },
        "usr/share/fonts/truetype/hello/Hello.ttf": { text: "not really a font\n" },
        "usr/share/themes/Hello/gtk-3.0/gtk.css": { text: "* { color: red; }\n" },
        // A Qt style, where Debian's Qt 5 plugins are.
        "usr/lib/x86_64-linux-gnu/qt5/plugins/styles/hello-style.txt": { text: "not really a plugin\n" },
        "usr/share/doc/hello/README": { text: "hello\n" },
      },
      postinst: `#!/bin/sh\nset -e\ntouch /tmp/system-manager-test-postinst-ran\nupdate-alternatives --install /usr/bin/hi hi /usr/bin/hello 50 \\\n  --slave /usr/bin/editor editor /usr/bin/hello\n`,
    },
    broken: { name: "broken", version: "1.0", depends: "does-not-exist", files: { "usr/bin/broken": { text: "#!/bin/sh\n", mode: 0o755 } } },
    // The one package providing the virtual package `welcomer` (as suckless-tools provides dmenu).
    "greet-tools": { name: "greet-tools", version: "2.0-1", arch: "all", provides: "welcomer", files: { "usr/bin/welcomer": { text: "#!/bin/sh\necho welcome\n", mode: 0o755 } } },
    // A program needing only the C library, packaged without depending on it (as Debian's micro, a Go program).
    selfish: { name: "selfish", version: "1.0", files: { "usr/bin/selfish": { copy: join(work, "selfish"), mode: 0o755 } } },
    lonely: { name: "lonely", version: "1.0", depends: "libc6", files: { "usr/bin/lonely": { copy: join(work, "lonely"), mode: 0o755 } } },
    // One tree split over two packages, as Debian's OpenJDK (usr/lib/jvm/java-17-openjdk-amd64 of jre-headless and
    // jdk-headless), and a metapackage depending on them (default-jdk); greet-dev's program loads greet-rt's library.
    greetRt: {
      name: "greet-rt",
      version: "1.0",
      depends: "libc6",
      files: {
        "usr/lib/greet-sdk/greet-1-x64/lib/libgreet.so.1": { copy: join(work, "libgreet.so.1"), mode: 0o644 },
        "usr/lib/greet-sdk/greet-1-x64/lib/rt.txt": { text: "runtime\n" },
        "usr/lib/greet-sdk/greet-1-x64/conf/greet.conf": { symlink: "../../../../../etc/greet-1/greet.conf" },
        "etc/greet-1/greet.conf": { text: "greeting = hi\n" },
      },
    },
    greetDev: {
      name: "greet-dev",
      version: "1.0",
      depends: "greet-rt, libc6",
      files: {
        "usr/lib/greet-sdk/greet-1-x64/bin/greet-build": { copy: join(work, "hello-origin"), mode: 0o755 },
        "usr/lib/greet-sdk/greet-1-x64/lib/dev.txt": { text: "development\n" },
      },
    },
    greetSdk: { name: "greet-sdk", version: "1.0", arch: "all", depends: "greet-dev", files: { "usr/share/doc/greet-sdk/copyright": { text: "free\n" } } },
    // A metapackage, as Debian's gnupg is: its programs are its dependencies'.
    greetAll: { name: "greet-all", version: "1.0", arch: "all", depends: "hello", files: { "usr/share/doc/greet-all/copyright": { text: "free\n" } } },
    plugged: {
      name: "plugged",
      version: "1.0",
      depends: "libc6",
      files: {
        "usr/lib/plugged/module.so": { copy: join(work, "module.so"), mode: 0o644 },
        "usr/lib/x86_64-linux-gnu/plugged/plugins-4/libplugin.so": { copy: join(work, "plugin.so"), mode: 0o644 },
        "usr/lib/x86_64-linux-gnu/libneedy.so.1": { copy: join(work, "libneedy.so.1"), mode: 0o644 },
        // Test data under usr/share, as Go's debug/elf testdata: its library is in no package.
        "usr/share/plugged/testdata/lonely.elf": { copy: join(work, "lonely"), mode: 0o755 },
      },
    },
    // A library only update-alternatives links where the loader looks (as libblas3's libblas.so.3, under blas/), and a program needing it.
    greetAlt: {
      name: "libgreet-alt1",
      version: "1.0-1",
      depends: "libc6",
      files: { "usr/lib/x86_64-linux-gnu/greet/libgreet.so.1": { copy: join(work, "libgreet.so.1"), mode: 0o644 } },
      postinst: "#!/bin/sh\nset -e\nupdate-alternatives --install /usr/lib/x86_64-linux-gnu/libgreet.so.1 \\\n    libgreet.so.1-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/greet/libgreet.so.1 10\n",
    },
    helloAlt: { name: "hello-alt", version: "1.0", depends: "libgreet-alt1, libc6", files: { "usr/bin/hello-alt": { copy: join(work, "hello"), mode: 0o755 } } },
    // Sources shipped as data (arch all, no dependencies), as golang-1.19-src with its test executables.
    sources: { name: "golike-src", version: "2:1.19~1", arch: "all", files: { "usr/lib/golike/testdata/hello.elf": { copy: join(work, "hello"), mode: 0o755 } } },
    ...Object.fromEntries((patchelfDebs() as Exclude<ReturnType<typeof patchelfDebs>, string>).map((d) => [d.name, d])),
  };
}
