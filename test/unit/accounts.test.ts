import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS_REFRESH_MS, Accounts, parseAccounts } from '../../src/enrich/accounts.js';
import { GROUP, PASSWD, removeDir, tempDir, writeHost } from './support/fake-proc.js';

let hostRoot: string;
let nowMs: number;
const now = (): number => nowMs;

beforeEach(() => {
  hostRoot = tempDir('accounts');
  nowMs = 0;
});

afterEach(() => {
  removeDir(hostRoot);
});

describe('Accounts with the host account files', () => {
  it('names users and groups by id', () => {
    writeHost(hostRoot, { passwd: PASSWD, group: GROUP });
    const accounts = new Accounts(hostRoot, now);

    const names = [accounts.userName(33), accounts.groupName(1001)];

    expect(names).toEqual([
      { ok: true, value: 'www-data' },
      { ok: true, value: 'staff' },
    ]);
  });

  it('says which file lacks an unknown id', () => {
    writeHost(hostRoot, { passwd: PASSWD, group: GROUP });
    const accounts = new Accounts(hostRoot, now);

    const name = accounts.userName(4242);

    expect(name).toEqual({
      ok: false,
      reason: `NOT_FOUND: uid 4242 not in ${join(hostRoot, 'etc', 'passwd')}`,
    });
  });
});

describe('Accounts when the files change', () => {
  it('sees a new user only after ACCOUNTS_REFRESH_MS', () => {
    writeHost(hostRoot, { passwd: PASSWD, group: GROUP });
    const accounts = new Accounts(hostRoot, now);
    accounts.userName(0);
    writeFileSync(join(hostRoot, 'etc', 'passwd'), `${PASSWD}bob:x:4242:4242::/:/bin/sh\n`);

    nowMs = ACCOUNTS_REFRESH_MS - 1;
    const before = accounts.userName(4242);
    nowMs = ACCOUNTS_REFRESH_MS;
    const after = accounts.userName(4242);

    expect(before.ok).toBe(false);
    expect(after).toEqual({ ok: true, value: 'bob' });
  });
});

describe('Accounts without the files', () => {
  it('says the file could not be read', () => {
    const accounts = new Accounts(hostRoot, now);

    const name = accounts.groupName(0);

    expect(name).toEqual({
      ok: false,
      reason: `ENOENT: cannot read ${join(hostRoot, 'etc', 'group')}`,
    });
  });
});

describe('parseAccounts', () => {
  it('keeps the first name for an id and skips lines that are not entries', () => {
    const text = ['root:x:0:0::/:/bin/sh', 'toor:x:0:0::/:/bin/sh', '+@nis', '# note', ':x:5:'];

    const names = parseAccounts(text.join('\n'));

    expect([...names]).toEqual([[0, 'root']]);
  });
});
