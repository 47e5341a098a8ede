/**
 * The gids system-manager gives its default groups (users 100, wheel 900,
 * sudo 27, nogroup 65534, …: Debian's and Ubuntu's numbering, see
 * src/modules/system/users-default-groups.ts), and the rule that they are
 * only preferences. A declared group with its default gid that already
 * exists on the host keeps the gid it has there, and one that does not
 * exist yet, whose default gid another group holds, gets a free gid
 * instead, as systemd-sysusers treats a suggested id already in use
 * (userborn would skip the group, and anything needing it, with an error
 * in the journal). A gid the configuration chose itself is never bent:
 * a conflict on it is an error before anything is written.
 */

export const DEFAULT_GROUP_GIDS: Readonly<Record<string, number>> = {
  root: 0,
  wheel: 900,
  sudo: 27,
  disk: 6,
  kmem: 15,
  tty: 5,
  floppy: 25,
  uucp: 10,
  lp: 7,
  cdrom: 24,
  tape: 26,
  audio: 29,
  video: 44,
  dialout: 20,
  nogroup: 65534,
  users: 100,
  nixbld: 30000,
  utmp: 43,
  adm: 4,
  input: 996,
  kvm: 994,
  render: 993,
  sgx: 995,
  shadow: 42,
};

/** Whether group `name`'s gid is system-manager's default for that name (and so gives way to the host). */
export function isDefaultGid(name: string, gid: number | null): boolean {
  return gid !== null && Object.hasOwn(DEFAULT_GROUP_GIDS, name) && DEFAULT_GROUP_GIDS[name] === gid;
}
