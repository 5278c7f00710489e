// host.ip: every address of every interface but loopback, as the network stack the
// sensor runs in sees it. In a container that is the container's own network, unless it
// shares the host's (Kubernetes hostNetwork, docker --network host): then these are the
// node's addresses.
import { networkInterfaces } from 'node:os';

type Interfaces = ReturnType<typeof networkInterfaces>;

export function hostAddresses(interfaces: Interfaces = networkInterfaces()): string[] {
  const addresses = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal)
    .map((entry) => entry.address);

  return [...new Set(addresses)];
}
