// Who the process ran as: the ids the kernel recorded at the event, named from the
// host's account files.
import type { MprotectEvent } from '../events/types.js';
import type { Accounts } from './accounts.js';
import { type MissingFields, REASON } from './missing.js';
import type { AccountRef, AlertProcessContext, Read } from './types.js';

type IdentityFields = Pick<
  AlertProcessContext,
  'user' | 'group' | 'effectiveUser' | 'effectiveGroup'
>;

/** Real ids come with every event; effective ids only with the kernel's context. */
export function describeIdentity(
  event: MprotectEvent,
  accounts: Accounts,
  missing: MissingFields,
): IdentityFields {
  const user = account(event.uid, accounts.userName(event.uid), 'user.name', missing);
  const group = account(event.gid, accounts.groupName(event.gid), 'group.name', missing);
  const context = event.context;
  if (context === undefined) {
    missing.add('user.effective.id', REASON.noKernelContext);
    missing.add('user.effective.group.id', REASON.noKernelContext);
    return { user, group };
  }

  const { euid, egid } = context;
  return {
    user,
    group,
    effectiveUser: account(euid, accounts.userName(euid), 'user.effective.name', missing),
    effectiveGroup: account(egid, accounts.groupName(egid), 'user.effective.group.name', missing),
  };
}

function account(
  id: number,
  name: Read<string>,
  field: string,
  missing: MissingFields,
): AccountRef {
  return { id: String(id), name: missing.take(field, name) };
}
