import { test } from "node:test";
import assert from "node:assert/strict";
import type { AptRoot } from "./apt-root.ts";
import { PackageNotFound, resolveDebian } from "./resolve.ts";

const apt = { describe: () => "the test archive", apt: () => assert.fail("apt is not run again") } as unknown as AptRoot;
const failed = (stderr: string) => ({ status: 100, stdout: "", stderr });

test("apt's answers for a name it cannot install: a virtual package, one its release replaced, one only named by another package", () => {
  const virtual = "Package mail-transport-agent is a virtual package provided by:\n  postfix 3.7.11-0+deb12u1\n  exim4-daemon-light 4.96-15\n\nE: Package 'mail-transport-agent' has no installation candidate\n";
  assert.throws(() => resolveDebian(apt, "mail-transport-agent", failed(virtual)), /^UserError: Cannot resolve the Debian package 'mail-transport-agent': it is a virtual package; name one of the packages that provide it/);
  const replaced = "Package foo is not available, but is referred to by another package.\nThis may mean that the package is missing, has been obsoleted, or\nis only available from another source\nHowever the following packages replace it:\n  foo-ng foo-tools\n\nE: Package 'foo' has no installation candidate\n";
  assert.throws(() => resolveDebian(apt, "foo", failed(replaced)), /^UserError: Cannot resolve the Debian package 'foo' in the test archive: it is no longer there; foo-ng, foo-tools replace it$/);
  const named = "Package translate-shell is not available, but is referred to by another package.\nThis may mean that the package is missing, has been obsoleted, or\nis only available from another source\n\nE: Package 'translate-shell' has no installation candidate\n";
  assert.throws(() => resolveDebian(apt, "translate-shell", failed(named)), (e: unknown) => e instanceof PackageNotFound && e.package === "translate-shell");
  assert.throws(() => resolveDebian(apt, "nope", failed("E: Unable to locate package nope\n")), PackageNotFound);
});
