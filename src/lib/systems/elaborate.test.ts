/**
 * lib.systems.elaborate as nixpkgs computes it: a system string's parsed
 * parts, triple, predicates and derived names; toolchain settings;
 * attributes given in the set overriding and feeding the computed ones;
 * nixpkgs' refusals; `equals` and `canExecute`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "../test-support.ts";

const e = (body: string) => withLib(`let e = lib.systems.elaborate; in ${body}`);

test("elaborate gives nixpkgs' whole record", () => {
  assert.equal(e(`builtins.length (builtins.attrNames (e "x86_64-linux"))`), 120);
  assert.deepEqual(e(`with e "x86_64-linux"; [ config libc linker libDir qemuArch efiArch ubootArch isGnu isx86_32 hasSharedLibraries ]`), ["x86_64-unknown-linux-gnu", "glibc", "bfd", "lib64", "x86_64", "x64", "x86_64", true, false, true]);
  assert.deepEqual(e(`with e "i686-linux"; [ linuxArch efiArch ubootArch libDir ]`), ["i386", "ia32", "x86", "lib"]);
  assert.deepEqual(e(`(e "mips64el-linux").uname`), { processor: "mips64", release: null, system: "Linux" });
  assert.deepEqual(e(`with e "aarch64-darwin"; [ config darwinArch darwinPlatform linker (lib.attrValues go) ]`), ["arm64-apple-darwin", "arm64", "macos", "cctools", ["arm64", "", "darwin"]]);
});

test("the ABI and board settings follow the CPU, as nixpkgs' parse and platforms choose them", () => {
  assert.deepEqual(e(`with e "armv7l-linux"; [ config gcc parsed.abi.float ]`), ["armv7l-unknown-linux-gnueabihf", { arch: "armv7-a", fpu: "vfpv3-d16" }, "hard"]);
  assert.equal(e(`(e "armv5tel-linux").config`), "armv5tel-unknown-linux-gnueabi");
  assert.equal(e(`(e "powerpc64-linux").config`), "powerpc64-unknown-linux-gnuabielfv1");
  assert.equal(e(`(e lib.systems.examples.musl64).libc`), "musl");
});

test("given attributes override computed ones and feed those that read them", () => {
  assert.deepEqual(e(`(e { system = "x86_64-linux"; isStatic = true; }).extensions`), { executable: "", library: ".a", staticLibrary: ".a" });
  assert.deepEqual(e(`(e lib.systems.examples.mingwW64).extensions`), { executable: ".exe", library: ".dll", sharedLibrary: ".dll", staticLibrary: ".lib" });
  assert.deepEqual(e(`with e { system = "x86_64-linux"; gcc.arch = "znver3"; }; [ avx2Support avx512Support aesSupport ]`), [true, false, true]);
  assert.deepEqual(e(`with (e "x86_64-linux").rust; [ rustcTarget cargoEnvVarTarget isNoStdTarget platform.arch ]`), ["x86_64-unknown-linux-gnu", "X86_64_UNKNOWN_LINUX_GNU", false, "x86_64"]);
  assert.equal(e(`(e lib.systems.examples.riscv64).rust.rustcTarget`), "riscv64gc-unknown-linux-gnu");
  assert.equal(e(`(e { system = "x86_64-linux"; rustc.config = "foo-bar"; }).rust.cargoShortTarget`), "foo-bar");
});

test("what nixpkgs refuses to elaborate", () => {
  assert.equal(messageOf(`(lib.systems.elaborate "foo-linux").system`), "Unknown CPU type: foo");
  assert.equal(messageOf(`(lib.systems.elaborate "a-b-c").system`), "system string 'a-b-c' with 3 components is ambiguous");
  assert.equal(messageOf(`(lib.systems.elaborate "a-b-c-d-e").system`), "system string 'a-b-c-d-e' has invalid number of hyphen-separated components");
  assert.equal(messageOf(`(lib.systems.elaborate "armv7l-unknown-linux-gnu").system`), `The "gnu" ABI is ambiguous on 32-bit ARM. Use "gnueabi" or "gnueabihf" instead.\n`);
  assert.equal(messageOf(`(lib.systems.elaborate { system = "x86_64-linux"; linux-kernel = { }; }).system`), "lib.systems.elaborate: linux-kernel has been removed; see the 26.11 release notes");
});

test("equals compares records without their functions; canExecute follows CPU compatibility and GCC architectures", () => {
  assert.equal(e(`lib.systems.equals (e "x86_64-linux") (e { system = "x86_64-linux"; })`), true);
  assert.equal(e(`lib.systems.equals (e "x86_64-linux") (e "i686-linux")`), false);
  assert.deepEqual(e(`[ ((e "x86_64-linux").canExecute (e "i686-linux")) ((e "i686-linux").canExecute (e "x86_64-linux")) ((e "aarch64-linux").canExecute (e "armv7l-linux")) ]`), [true, false, false]);
  const arch = (a: string) => `(e { system = "x86_64-linux"; gcc.arch = "${a}"; })`;
  assert.deepEqual(e(`[ (${arch("znver3")}.canExecute ${arch("haswell")}) (${arch("haswell")}.canExecute ${arch("znver3")}) ]`), [true, false]);
});

test("emulator: nothing needed when the build platform runs the code, qemu-user for another Linux CPU, an error otherwise", () => {
  const pkgs = `{ stdenv.hostPlatform = e "x86_64-linux"; writeShellScriptBin = n: t: { type = "derivation"; outPath = "/nix/store/x-exec"; meta.mainProgram = n; }; qemu-user = { type = "derivation"; outPath = "/nix/store/q-qemu"; }; }`;
  assert.equal(e(`(e "i686-linux").emulator ${pkgs}`), "/nix/store/x-exec/bin/exec");
  assert.equal(e(`(e "aarch64-linux").emulator ${pkgs}`), "/nix/store/q-qemu/bin/qemu-aarch64");
  assert.equal(messageOf(`let e = lib.systems.elaborate; in (e "aarch64-darwin").emulator ${pkgs}`), "Don't know how to run arm64-apple-darwin executables.");
});
