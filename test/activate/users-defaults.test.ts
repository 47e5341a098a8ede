/**
 * system-manager's default groups on real hosts: a normal user declared
 * without a group gets `users` (gid 100); every group the host already
 * has stays exactly as it was (gid, members, line), whatever gid the
 * default names; a default gid another group holds is given way to (the
 * group gets a free gid); a gid the configuration chose itself is never
 * bent, and a conflict on it stops the switch with a clear message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planUsers, type UsersInput } from "../../src/activate/plan/users-plan.ts";
import { parseAccountFile, renderAccountFile } from "../../src/activate/users/account-files.ts";
import { DEFAULT_GROUP_GIDS } from "../../src/activate/users/default-gids.ts";
import type { GroupEntry, UserEntry } from "../../src/build/manifest.ts";
import { debianEtc, debianGroup, debianGshadow } from "../fixtures/debian12-etc.ts";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { switchTo } from "../helpers/system.ts";

// What systemd and common packages add to a Debian 12 install after debootstrap (as on a real host):
// polkitd took 996, the default gid of `input`.
const SYSTEMD_GROUPS = "systemd-journal:x:999:\nsystemd-network:x:998:\nsystemd-timesync:x:997:\npolkitd:x:996:\nmessagebus:x:102:\n";
const hostGroup = debianGroup + SYSTEMD_GROUPS;

const defaults = (): GroupEntry[] => Object.entries(DEFAULT_GROUP_GIDS).map(([name, gid]) => ({ name, gid, members: [] }));
const normalUser = (name: string): UserEntry => ({
  name, uid: null, group: "users", extraGroups: [], description: "", home: `/home/${name}`, createHome: true, homeMode: "700", shell: "/bin/bash",
  isSystemUser: false, isNormalUser: true, hashedPassword: null, hashedPasswordFile: null, password: null, initialPassword: null,
  initialHashedPassword: null, linger: false, defaulted: [],
});
const input = (group: string, groups: GroupEntry[], users: UserEntry[] = []): UsersInput => ({
  files: {
    passwd: parseAccountFile("passwd", "/etc/passwd", Buffer.from("root:x:0:0:root:/root:/bin/bash\nadmin:x:1000:1000::/home/admin:/bin/bash\n")),
    group: parseAccountFile("group", "/etc/group", Buffer.from(group)),
    shadow: parseAccountFile("shadow", "/etc/shadow", Buffer.from("root:*:19000:0:99999:7:::\n")),
    gshadow: undefined,
  },
  users, groups, state: { users: [], groups: [], memberships: {}, locked: [] }, hashes: new Map(), initialHashes: new Map(), today: 20000,
});
const groupFile = (i: UsersInput) => renderAccountFile(planUsers(i).files.group);

test("Debian 12's groups stay byte for byte; the missing defaults are added; input's default gid, held by polkitd, gives way", () => {
  const plan = planUsers(input(hostGroup, defaults(), [normalUser("alice")]));
  const out = renderAccountFile(plan.files.group);
  assert.ok(out.startsWith(hostGroup), "every line the host had comes first, unchanged");
  // Reserved first: sgx 995, kvm 994 and render 993 keep their defaults; input takes the highest free gid below them.
  assert.equal(out.slice(hostGroup.length), "wheel:x:900:\nnixbld:x:30000:\ninput:x:992:\nkvm:x:994:\nrender:x:993:\nsgx:x:995:\n");
  assert.deepEqual(plan.changes.filter((c) => c.op === "create-group").map((c) => c.op === "create-group" && `${c.name} ${c.gid}`), [
    "wheel 900", "nixbld 30000", "input 992", "kvm 994", "render 993", "sgx 995",
  ]);
  assert.deepEqual(plan.ids.get("alice"), { uid: 1001, gid: 100, home: "/home/alice" }, "a normal user's primary group is the host's own users group");
  assert.ok(!plan.changes.some((c) => c.op === "update-group"), "no member of a group the host had is added or removed");
});

test("a host whose groups use other numbers (wheel 10, uucp 14, users 1001) keeps them; nothing is renumbered", () => {
  const other = "root:x:0:\nwheel:x:10:admin\nuucp:x:14:\nusers:x:1001:\ninput:x:104:\n";
  const plan = planUsers(input(other, defaults(), [normalUser("alice")]));
  const out = renderAccountFile(plan.files.group);
  assert.ok(out.startsWith(other), "every line the host had comes first, unchanged");
  assert.deepEqual(plan.ids.get("alice"), { uid: 1001, gid: 1001, home: "/home/alice" });
  // lp's default 7 and kvm's 994 are free here: created with them.
  assert.match(out, /^lp:x:7:$/m);
  assert.match(out, /^kvm:x:994:$/m);
});

test("a gid the configuration chose is never bent: a new group on a taken gid, or another gid for an existing group, is an error", () => {
  assert.throws(() => planUsers(input(hostGroup, [...defaults(), { name: "docker", gid: 996, members: [] }])), /^UserError: Cannot create group docker with gid 996: gid 996 belongs to group polkitd$/);
  assert.throws(() => planUsers(input(hostGroup, [{ name: "wheel", gid: 10, members: [] }])), /Cannot create group wheel with gid 10: gid 10 belongs to group uucp/);
  assert.throws(
    () => planUsers(input(hostGroup, [{ name: "sudo", gid: 2700, members: [] }])),
    /Cannot change the gid of existing group sudo from 27 to 2700: change users\.groups\.sudo\.gid to 27, or remove the setting/,
  );
  // The same default gid, on a host where that name has another number, is no error.
  assert.doesNotThrow(() => groupFile(input("root:x:0:\nsudo:x:2700:\n", defaults())));
});

test("switch: a normal user with no group is created in users; a host lacking wheel gains it, and every group it had is untouched", { skip: isRoot ? false : "needs root (chown to other users)" }, async () => {
  const root = makeTree({ ...debianEtc, "etc/group": hostGroup, "etc/gshadow": { content: debianGshadow, mode: 0o640, uid: 0, gid: 42 } });
  await switchTo(root, [{ nixpkgs: { hostPlatform: "x86_64-linux" }, users: { users: { alice: { isNormalUser: true, extraGroups: ["wheel"] } } } }]);
  const group = readFileSync(join(root, "etc/group"), "utf8");
  assert.ok(group.startsWith(hostGroup), group);
  assert.match(group, /^wheel:x:900:alice$/m);
  assert.match(readFileSync(join(root, "etc/passwd"), "utf8"), /^alice:x:1001:100::\/home\/alice:\/bin\/bash$/m);
  const gshadow = readFileSync(join(root, "etc/gshadow"), "utf8");
  assert.ok(gshadow.startsWith(debianGshadow), "gshadow's lines for the host's groups are unchanged");
});
