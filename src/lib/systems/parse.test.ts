/**
 * lib.systems.parse, inspect, architectures and platforms: system strings
 * split as nixpkgs splits them and written back as doubles and triples;
 * the `is*` predicates on parsed systems; GCC architectures' features.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "../test-support.ts";

test("system strings parse to nixpkgs' records and back", () => {
  const p = (s: string) => `(lib.systems.parse.mkSystemFromString "${s}")`;
  assert.deepEqual(withLib(`with ${p("aarch64-apple-darwin")}; [ cpu.name vendor.name kernel.name abi.name ]`), ["aarch64", "apple", "darwin", "unknown"]);
  assert.equal(withLib(`lib.systems.parse.tripleFromSystem ${p("x86_64-netbsd")}`), "x86_64-unknown-netbsd");
  // NetBSD names the exec format where GNU's default for the CPU (a.out for 32-bit x86) is not the kernel's.
  assert.equal(withLib(`lib.systems.parse.tripleFromSystem ${p("i686-netbsd")}`), "i686-unknown-netbsdelf");
  assert.equal(withLib(`lib.systems.parse.doubleFromSystem ${p("x86_64-apple-darwin")}`), "x86_64-darwin");
  assert.deepEqual(withLib(`lib.systems.parse.mkSkeletonFromList [ "x86_64" "w64" "mingw32" ]`), { cpu: "x86_64", kernel: "windows", vendor: "w64" });
  assert.deepEqual(withLib(`lib.systems.parse.mkSkeletonFromList [ "x86_64" "cygwin" ]`), { cpu: "x86_64", kernel: "cygwin", vendor: "pc" });
});

test("inspect's predicates match parsed systems; an ABI's assertions are functions of the platform", () => {
  const p = (s: string) => `(lib.systems.parse.mkSystemFromString "${s}")`;
  assert.deepEqual(withLib(`with lib.systems.inspect.predicates; [ (isLinux ${p("x86_64-linux")}) (isGnu ${p("x86_64-unknown-linux-musl")}) (isMusl ${p("x86_64-unknown-linux-musl")}) ]`), [true, false, true]);
  assert.deepEqual(withLib(`map (a: a.assertion { isAarch32 = true; }) lib.systems.parse.abis.gnu.assertions`), [false, true]);
});

test("architectures: features and what each architecture can run; platforms.select by CPU", () => {
  assert.deepEqual(withLib(`with lib.systems.architectures; [ (canExecute "znver3" "haswell") (hasInferior "haswell" "haswell") (predicates.avxSupport "sandybridge") ]`), [true, false, true]);
  assert.deepEqual(withLib(`(lib.systems.platforms.select (lib.systems.elaborate "armv6l-linux")).gcc`), { arch: "armv6kz", fpu: "vfpv2" });
});

test("mkMuslSystem swaps the ABI for its musl counterpart; the exec format GNU assumes for NetBSD", () => {
  const musl = (s: string) => `lib.systems.parse.tripleFromSystem (lib.systems.parse.mkMuslSystem (lib.systems.parse.mkSystemFromString "${s}"))`;
  assert.deepEqual(withLib(`[ (${musl("armv7l-linux")}) (${musl("x86_64-linux")}) ]`), ["armv7l-unknown-linux-musleabihf", "x86_64-unknown-linux-musl"]);
  assert.deepEqual(withLib(`with lib.systems.parse; map (c: (gnuNetBSDDefaultExecFormat cpuTypes.\${c}).name) [ "i686" "x86_64" ]`), ["aout", "elf"]);
});

test("inspect.patternLogicalAnd pairs the alternatives of two patterns and refuses a pairing that conflicts", () => {
  assert.deepEqual(withLib(`lib.systems.inspect.patternLogicalAnd [ { a = 1; } { b = 2; } ] { c = 3; }`), [{ a: 1, c: 3 }, { b: 2, c: 3 }]);
  assert.equal(messageOf(`with lib.systems.inspect; patternLogicalAnd patterns.isx86_64 patterns.isAarch64`), `pattern conflict at path cpu:\n  {"bits":64,"family":"x86"}\n  {"bits":64,"family":"arm"}\n`);
});
