// Users and groups of the system, by name or id, as pmacct resolves files_uid
// and files_gid: the 1.7.7 binary accepts 'root', '0' or 'daemon' but refuses an
// id or a name that is not in the account database.
import { readFileSync } from 'node:fs';

export type AccountKind = 'user' | 'group';

const DATABASE: Record<AccountKind, string> = { user: '/etc/passwd', group: '/etc/group' };

// The numeric id of a user or group given by name or id, or undefined when the
// system does not know it.
export function resolveAccountId(kind: AccountKind, nameOrId: string): number | undefined {
  const accounts = readAccounts(kind);
  const byName = accounts.get(nameOrId);
  if (byName !== undefined) return byName;
  if (!/^\d+$/.test(nameOrId)) return undefined;
  const id = Number(nameOrId);
  return [...accounts.values()].includes(id) ? id : undefined;
}

// name -> id, from the colon-separated database (name:password:id:...).
function readAccounts(kind: AccountKind): Map<string, number> {
  const accounts = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(DATABASE[kind], 'utf8');
  } catch {
    return accounts;
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id !== undefined && /^\d+$/.test(id)) accounts.set(name, Number(id));
  }
  return accounts;
}
