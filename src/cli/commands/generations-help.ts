/**
 * The own help of `generations`, `rollback`, `deactivate` and the hidden,
 * low-level `activate`.
 */
export const GENERATIONS_HELP = `Usage: system-manager generations [--root DIR]

Lists the generations: number, date, store path. The current one is
marked (current); after 'register', the current one is marked
(current, registered: not activated) and the one in effect (active).
`;

export const ROLLBACK_HELP = `Usage: system-manager rollback [--root DIR] [--dry-run] [--sudo]

Activates the generation before the current one. After an interrupted
switch, returns to the generation in effect before it; an interrupted
rollback is resumed. --dry-run prints the plan and changes nothing.
`;

export const DEACTIVATE_HELP = `Usage: system-manager deactivate [--store-path P] [--root DIR] [--dry-run] [--sudo]
         [--target-host [USER@]HOST[:PORT] [--ssh-option OPT]...]

Removes everything system-manager manages: its /etc files (the files
they replaced come back), its units (the host's own are started again),
and locks the users it created. The active generation's engine does it,
or, with --store-path, that generation's. --dry-run prints the plan and
changes nothing. With --target-host, on HOST over ssh: the engine of the
generation active there, or that of --store-path P (copied there first).
`;

export const ACTIVATE_HELP = `Usage: system-manager activate --store-path P [--root DIR] [--dry-run] [--ephemeral] [--pre-populate | --register] [--sudo]

Low-level: activates a generation built already, as 'switch --store-path P'
does (--pre-populate as 'pre-populate', --register as 'register').
`;
