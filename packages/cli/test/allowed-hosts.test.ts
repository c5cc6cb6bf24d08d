import { hostname, networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { allowedHostNames, hostHeaderName, isLoopbackHost, type MachineNames } from "../src/server/allowed-hosts.js";

/** A machine on a LAN: loopback, one Ethernet interface with IPv4, IPv6 and a link-local IPv6 address. */
const LAN_MACHINE: MachineNames = {
  hostname: "Build-Box",
  interfaces: {
    lo: [
      { address: "127.0.0.1", netmask: "255.0.0.0", family: "IPv4", mac: "00:00:00:00:00:00", internal: true, cidr: "127.0.0.1/8" },
      { address: "::1", netmask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", family: "IPv6", mac: "00:00:00:00:00:00", internal: true, cidr: "::1/128", scopeid: 0 },
    ],
    eth0: [
      { address: "192.168.1.20", netmask: "255.255.255.0", family: "IPv4", mac: "02:00:00:00:00:01", internal: false, cidr: "192.168.1.20/24" },
      { address: "fd00::20", netmask: "ffff:ffff:ffff:ffff::", family: "IPv6", mac: "02:00:00:00:00:01", internal: false, cidr: "fd00::20/64", scopeid: 0 },
      { address: "fe80::1", netmask: "ffff:ffff:ffff:ffff::", family: "IPv6", mac: "02:00:00:00:00:01", internal: false, cidr: "fe80::1/64", scopeid: 2 },
    ],
  },
};

describe("allowedHostNames", () => {
  it("accepts, on a non-loopback bind, the bound address and the machine's addresses and hostname", () => {
    const names = allowedHostNames("0.0.0.0", [], LAN_MACHINE);
    for (const name of ["192.168.1.20", "[fd00::20]", "[fe80::1]", "build-box", "0.0.0.0", "localhost", "127.0.0.1", "[::1]"]) {
      expect([name, names.has(name)]).toEqual([name, true]);
    }
    expect(names.has("evil.example")).toBe(false);
    expect([...allowedHostNames("192.168.1.20", [], LAN_MACHINE)].sort()).toEqual(["127.0.0.1", "192.168.1.20", "[::1]", "[fd00::20]", "[fe80::1]", "build-box", "localhost"]);
    expect(allowedHostNames("::", [], LAN_MACHINE).has("[::]")).toBe(true);
  });

  it("accepts only loopback names (and the extra ones) on a loopback bind", () => {
    expect([...allowedHostNames("127.0.0.1", [], LAN_MACHINE)].sort()).toEqual(["127.0.0.1", "[::1]", "localhost"]);
    expect([...allowedHostNames("127.0.0.1", ["Traces.Example.test:8443", "fd00::99"], LAN_MACHINE)].sort()).toEqual([
      "127.0.0.1",
      "[::1]",
      "[fd00::99]",
      "localhost",
      "traces.example.test",
    ]);
    expect(() => allowedHostNames("127.0.0.1", ["http://x/"], LAN_MACHINE)).toThrow(/"http:\/\/x\/" is not a host name/);
  });

  it("uses this machine's real hostname and interface addresses by default", () => {
    const names = allowedHostNames("0.0.0.0");
    expect(names.has(hostname().toLowerCase())).toBe(true);
    const ipv4 = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((i) => i.family === "IPv4");
    for (const { address } of ipv4) expect(names.has(address)).toBe(true);
  });
});

describe("hostHeaderName", () => {
  it("reads the name of a Host header without its port", () => {
    expect(hostHeaderName("Example.COM:5050")).toBe("example.com");
    expect(hostHeaderName("192.168.1.20")).toBe("192.168.1.20");
    expect(hostHeaderName("[::1]:5050")).toBe("[::1]");
    expect(hostHeaderName("localhost.:5050")).toBe("localhost");
  });

  it("rejects what is not a host name", () => {
    for (const bad of [undefined, "", "[::1", "a b", "user@host", "host/path", "host:port", "host:123456"]) {
      expect([bad, hostHeaderName(bad)]).toEqual([bad, undefined]);
    }
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback binds from the others", () => {
    expect(["localhost", "127.0.0.1", "127.0.0.2", "::1", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.20", "example.com"].some(isLoopbackHost)).toBe(false);
  });
});
