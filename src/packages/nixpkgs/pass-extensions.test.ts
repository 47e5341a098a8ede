import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";
import { debianOutputs } from "../../../test/helpers/debian-outputs.ts";

const deb = (p: string) => `${STORE_DIR}/${"d".repeat(32)}-${p}-1.0-1`;

test("pass.withExtensions: Debian's pass script with its extension directory the output's, holding the chosen extensions' scripts, their closures' programs on PATH after the caller's", async () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.pass.extensions.pass-otp.pname`), "pass-extension-otp");
    assert.equal(w.evalWith(`pkgs.pass.extensions.audit.pname`), "pass-extension-audit", "with or without nixpkgs' pass- prefix");
    const debs = {
      pass: { files: { "usr/bin/pass": '#!/bin/bash\numask 077\nSYSTEM_EXTENSION_DIR="/usr/lib/password-store/extensions"\necho pass\n' }, bin: "usr/bin/pass" },
      "pass-extension-otp": { files: { "usr/lib/password-store/extensions/otp.bash": "cmd_otp() { :; }\n", "usr/bin/oathtool": "#!/bin/sh\n" }, emptyBin: true },
    };
    const env = await w.build(`pkgs.pass.withExtensions (exts: [ exts.pass-otp ])`, debianOutputs(w.root, debs));
    assert.match(env.storePath, /-pass-with-extensions-[^/]+$/);
    const ext = `${env.storePath}/lib/password-store/extensions`;
    assert.deepEqual(readdirSync(join(env.disk, "lib/password-store/extensions")), ["otp.bash"]);
    assert.equal(readlinkSync(join(env.disk, "lib/password-store/extensions/otp.bash")), `${deb("pass-extension-otp")}/usr/lib/password-store/extensions/otp.bash`);
    assert.equal(
      readFileSync(join(env.disk, "bin/pass"), "utf8"),
      `#!/bin/bash\n# system-manager: Debian's pass, its extensions (and the programs they run) from the store.\nPATH="\${PATH:+$PATH:}${deb("pass-extension-otp")}/usr/bin"\numask 077\nSYSTEM_EXTENSION_DIR="${ext}"\necho pass\n`,
    );
  } finally {
    w.done();
  }
});
