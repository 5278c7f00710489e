// The cases the kernel decides, on the live kernel, in both profiles: what a
// connect() to 0.0.0.0 or to an IPv4-mapped address really dials, refused and
// non-blocking attempts, failed protection changes, renames, and the hardened
// profile's extra syscalls and UDP. Each "no alert" is asserted after a later
// positive control alerted (LiveScenario.expectNoAlertFor).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_PORT, LiveScenario, PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';

const skip = announceSkip('detection semantics', kernelSkipReason());
const P = String(PORT);

describe.skipIf(skip)('parity profile on the live kernel', () => {
  let live: LiveScenario;

  beforeAll(async () => {
    live = await LiveScenario.start();
  });

  afterAll(async () => {
    await live?.dispose();
  });

  it('judges an IPv4-mapped destination as the IPv4 address it carries', async () => {
    const pid = await live.run('::ffff:198.51.100.2', P);

    const alert = await live.alertOf(pid);

    expect(alert.destination).toEqual({ ip: '::ffff:198.51.100.2', port: PORT });
    expect(alert.network.type).toBe('ipv4');
  });

  it('raises nothing for IPv4-mapped loopback', async () => {
    const pid = await live.run('::ffff:127.0.0.1', P);

    await live.expectNoAlertFor(pid);
  });

  it('raises nothing for 0.0.0.0, which the kernel dials as loopback', async () => {
    const pid = await live.run('0.0.0.0', P);

    await live.expectNoAlertFor(pid);
  });

  it('raises an alert for a refused connection attempt', async () => {
    const pid = await live.run(live.net.serverV4, String(CLOSED_PORT));

    const alert = await live.alertOf(pid);

    expect(alert.destination.port).toBe(CLOSED_PORT);
  });

  it('raises an alert for a non-blocking connection attempt', async () => {
    const pid = await live.run('--nonblock', live.net.serverV4, P);

    await live.alertOf(pid);
  });

  it('counts an mprotect the kernel refused, as the rule reads only the argument', async () => {
    const pid = await live.run('--fail-rwx', live.net.serverV4, P);

    const alert = await live.alertOf(pid);

    expect(alert.rwxwatch.mprotect.return_value).toBe(-22);
  });

  it('does not join a process renamed between the two steps', async () => {
    const pid = await live.run('--rename', 'renamed', live.net.serverV4, P);

    await live.expectNoAlertFor(pid);
  });

  it('ignores RWX made by mmap or pkey_mprotect, and UDP', async () => {
    const viaMmap = await live.run('--rwx-via', 'mmap', live.net.serverV4, P);
    const viaPkey = await live.run('--rwx-via', 'pkey', live.net.serverV4, P);
    const udp = await live.run('--udp', live.net.serverV4, P);

    await live.settle();

    expect(live.sensor.alertsFor(viaMmap)).toEqual([]);
    expect(live.sensor.alertsFor(viaPkey)).toEqual([]);
    expect(live.sensor.alertsFor(udp)).toEqual([]);
  });
});

describe.skipIf(skip)('hardened profile on the live kernel', () => {
  let live: LiveScenario;

  beforeAll(async () => {
    live = await LiveScenario.start(['--profile', 'hardened']);
  });

  afterAll(async () => {
    await live?.dispose();
  });

  it('catches RWX memory made by mmap', async () => {
    const pid = await live.run('--rwx-via', 'mmap', live.net.serverV4, P);

    const alert = await live.alertOf(pid);

    expect(alert.rwxwatch.mprotect.syscall).toBe('mmap');
  });

  it('catches RWX memory made by pkey_mprotect', async () => {
    const pid = await live.run('--rwx-via', 'pkey', live.net.serverV4, P);

    const alert = await live.alertOf(pid);

    expect(alert.rwxwatch.mprotect.syscall).toBe('pkey_mprotect');
  });

  it('counts a connected UDP socket as a connection attempt', async () => {
    const pid = await live.run('--udp', live.net.serverV4, P);

    const alert = await live.alertOf(pid);

    expect(alert.network.transport).toBe('udp');
    expect(alert.destination).toEqual({ ip: live.net.serverV4, port: PORT });
  });

  it('ignores a protection change the kernel refused', async () => {
    const pid = await live.run('--fail-rwx', live.net.serverV4, P);

    await live.expectNoAlertFor(pid);
  });

  it('joins a process renamed between the two steps by its identity', async () => {
    const pid = await live.run('--rename', 'renamed', live.net.serverV4, P);

    const alert = await live.alertOf(pid);

    expect(live.sensor.alertsFor(pid)).toHaveLength(1);
    expect(alert.process.pid).toBe(pid);
  });
});
