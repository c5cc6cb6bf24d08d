import { describe, expect, it } from "vitest";
import { listenFailure } from "../src/cli/listen-error.js";

function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, syscall: code === "ENOTFOUND" ? "getaddrinfo" : "listen" });
}

describe("listenFailure", () => {
  it("turns each address problem into a one-line user error with exit code 1", () => {
    const cases: [string, string, string][] = [
      ["EADDRINUSE", "listen EADDRINUSE: address already in use 127.0.0.1:5050", "Port 5050 is in use; pick another with --port"],
      ["EACCES", "listen EACCES: permission denied 127.0.0.1:5050", "Not allowed to listen on port 5050 (ports below 1024 need privileges); pick another with --port"],
      ["EADDRNOTAVAIL", "listen EADDRNOTAVAIL: address not available", "Cannot listen on myhost: no such local address"],
      ["ENOTFOUND", "getaddrinfo ENOTFOUND myhost", "Cannot listen on myhost: the name does not resolve to an address of this machine"],
      ["EINVAL", "listen EINVAL: invalid argument", "Cannot listen on myhost port 5050: listen EINVAL: invalid argument"],
    ];
    for (const [code, message, expected] of cases) {
      const failure = listenFailure(systemError(code, message), "myhost", 5050);
      expect([code, failure?.message, failure?.exitCode]).toEqual([code, expected, 1]);
    }
  });

  it("leaves errors that are not about the address alone (they are bugs)", () => {
    const badPort = Object.assign(new RangeError("options.port should be >= 0 and < 65536"), { code: "ERR_SOCKET_BAD_PORT" });
    expect(listenFailure(badPort, "127.0.0.1", 70000)).toBeUndefined();
    expect(listenFailure("boom", "127.0.0.1", 1)).toBeUndefined();
  });
});
