import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";
import { debianOutputs, underRoot } from "../../../test/helpers/debian-outputs.ts";
import { storeViewCommand } from "../../activate/home/store-view.ts";

test("python3.withPackages: bin/python3 and bin/python run Debian's python3 with the chosen packages' closures on PYTHONPATH; their programs are in bin/ too", async () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.python3.pkgs.requests.pname`), "python3-requests");
    const debs = {
      python3: { files: { "usr/bin/python3": '#!/bin/sh\necho "python3 PYTHONPATH=$PYTHONPATH $*"\n' }, bin: "usr/bin/python3" },
      "python3-requests": { files: { "usr/lib/python3/dist-packages/requests/__init__.py": "" }, emptyBin: true },
      "python3-idna": { files: { "usr/lib/python3/dist-packages/idna/__init__.py": "" }, emptyBin: true },
      "python3-yaml": { files: { "usr/lib/python3/dist-packages/yaml/__init__.py": "", "usr/bin/yaml-tool": "#!/bin/sh\n" }, bin: "usr/bin/yaml-tool" },
    };
    const env = await w.build(`pkgs.python3.withPackages (ps: [ ps.requests ps.idna ps.pyyaml ])`, debianOutputs(w.root, debs));
    assert.match(env.storePath, /-python3-3-env$/);
    const dist = (p: string) => `${STORE_DIR}/${"d".repeat(32)}-${p}-1.0-1/usr/lib/python3/dist-packages`;
    const wrapper = readFileSync(join(env.disk, "bin/python3"), "utf8");
    assert.match(wrapper, new RegExp(`^export PYTHONPATH=${dist("python3-requests")}:${dist("python3-idna")}:${dist("python3-yaml")}\\$\\{PYTHONPATH:\\+:\\$PYTHONPATH\\}$`, "m"));
    assert.equal(readFileSync(join(env.disk, "bin/python"), "utf8"), wrapper);
    assert.match(readlinkSync(join(env.disk, "bin/yaml-tool")), /-python3-yaml\/bin\/yaml-tool$/);
    const view = storeViewCommand(join(w.root, STORE_DIR), STORE_DIR, process.getuid?.() ?? 0, process.getgid?.() ?? 0, `${env.storePath}/bin/python3`, ["-c", "x"]);
    if (view !== undefined) {
      const r = spawnSync(view.command, [...view.args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
      assert.equal(r.stdout, `python3 PYTHONPATH=${dist("python3-requests")}:${dist("python3-idna")}:${dist("python3-yaml")} -c x\n`, r.stderr);
    }
    assert.ok(underRoot(w.root, `${env.storePath}/bin/yaml-tool`).endsWith("usr/bin/yaml-tool"));
  } finally {
    w.done();
  }
});
