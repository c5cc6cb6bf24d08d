import { hostname, networkInterfaces, type NetworkInterfaceInfo } from "node:os";

/** This machine's names and addresses, as `os` reports them; tests pass their own. */
export interface MachineNames {
  hostname: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/** The names every viewer answers to. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** The machine the process runs on. */
export function currentMachine(): MachineNames {
  return { hostname: hostname(), interfaces: networkInterfaces() };
}

/** True for a loopback bind address: `localhost`, `127.x.x.x`, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || h === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** An address or name as a Host header carries it: lowercase, IPv6 in brackets without a zone, no trailing dot. */
function asHostName(address: string): string {
  const a = address.toLowerCase().replace(/\.$/, "");
  return a.includes(":") && !a.startsWith("[") ? `[${a.replace(/%.*$/, "")}]` : a;
}

/**
 * The name a Host header (or an `--allowed-host` value) names, without its port: `Example.com:5050` →
 * `example.com`, `[::1]:5050` → `[::1]`. Undefined when it is not a host name.
 */
export function hostHeaderName(header: string | undefined): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^\s:[\]/@?#]+)(?::\d{1,5})?$/i.exec(header ?? "");
  return m ? asHostName(m[1]) : undefined;
}

/**
 * An extra name to accept, as given (`--allowed-host`): a name or address, optionally with a port, or a bare IPv6
 * address; normalised like {@link hostHeaderName}, or undefined when it is none of these.
 */
export function allowedHostName(value: string): string | undefined {
  return hostHeaderName(/^[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*$/i.test(value) ? `[${value}]` : value);
}

/**
 * The Host header names a viewer bound to `boundHost` accepts (ports are not compared: a DNS-rebinding page is
 * told apart by its name, and a proxy may forward from another port). Always the loopback names, the bound address
 * and `extra` (names or `name:port`; a TypeError names a malformed one); for a bind that is not loopback also
 * every address of the machine's interfaces and its hostname, so other machines can reach it by the address or
 * name they were given. Any other name is refused.
 */
export function allowedHostNames(boundHost: string, extra: readonly string[] = [], machine: MachineNames = currentMachine()): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, asHostName(boundHost)]);
  for (const name of extra) {
    const normalized = allowedHostName(name);
    if (normalized === undefined) throw new TypeError(`"${name}" is not a host name`);
    names.add(normalized);
  }
  if (isLoopbackHost(boundHost)) return names;
  names.add(asHostName(machine.hostname));
  for (const addresses of Object.values(machine.interfaces)) {
    for (const { address } of addresses ?? []) names.add(asHostName(address));
  }
  return names;
}
