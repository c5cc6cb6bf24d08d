/**
 * A failed system call (`open`, `listen`, `getaddrinfo`): it carries a `code` such as ENOENT and a `syscall`,
 * unlike Node's own argument checks (ERR_INVALID_ARG_TYPE…), which are bugs in the caller.
 */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  const e = err as NodeJS.ErrnoException;
  return err instanceof Error && typeof e.code === "string" && typeof e.syscall === "string";
}

/**
 * A system error's reason without the path or call Node appends: "ENOENT: no such file or directory" rather
 * than "ENOENT: no such file or directory, open '/x/y.json'" (the caller names the path itself).
 */
export function systemErrorReason(err: NodeJS.ErrnoException): string {
  return err.message.replace(/, \w+ '.*'$/s, "");
}
