import { UserError } from "../store-access.js";
import { isSystemError, systemErrorReason } from "./system-error.js";

/**
 * Why the viewer could not listen on `host:port`, as a one-line {@link UserError} (exit code 1), or undefined for
 * an error that is not about the address (a bug, to report as such).
 */
export function listenFailure(err: unknown, host: string, port: number): UserError | undefined {
  if (!isSystemError(err)) return undefined;
  switch (err.code) {
    case "EADDRINUSE":
      return new UserError(`Port ${port} is in use; pick another with --port`);
    case "EACCES":
      return new UserError(`Not allowed to listen on port ${port} (ports below 1024 need privileges); pick another with --port`);
    case "EADDRNOTAVAIL":
      return new UserError(`Cannot listen on ${host}: no such local address`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new UserError(`Cannot listen on ${host}: the name does not resolve to an address of this machine`);
    default:
      return new UserError(`Cannot listen on ${host} port ${port}: ${systemErrorReason(err)}`);
  }
}
