// Who may work with stored event logs. Pure: the server enforces it, the web app hides what a
// role may not do.
import type { Role } from '../org/model.js';
import { rolesFor } from '../org/access-rules.js';

/** Who may list, store and analyse stored logs. */
export const LOG_USERS: ReadonlySet<Role> = new Set<Role>(rolesFor('page.mining'));

/** Who may delete any visible log (others only their own). */
export const LOG_MANAGERS: ReadonlySet<Role> = new Set<Role>(['admin', 'reform_office']);
