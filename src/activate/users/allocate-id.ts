/**
 * Id allocation (userborn's ranges): normal users get the lowest free id
 * from 1000 to 29999; system users and groups the highest free id below
 * 1000. Explicit ids of the configuration are reserved before any
 * allocation, so an automatic id never takes one a later entry asks for.
 */
import { UserError } from "../../diagnostics/user-error.ts";

export function allocateId(used: Set<number>, normal: boolean, what: string): number {
  if (normal) {
    for (let id = 1000; id <= 29999; id++) if (!used.has(id)) return take(used, id);
  } else {
    for (let id = 999; id >= 1; id--) if (!used.has(id)) return take(used, id);
  }
  throw new UserError(`Cannot allocate an id for ${what}: every id in the ${normal ? "normal (1000-29999)" : "system (1-999)"} range is taken`);
}

function take(used: Set<number>, id: number): number {
  used.add(id);
  return id;
}
