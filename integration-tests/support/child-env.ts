/**
 * The environment a user's shell would give `npm`, `pnpm` and `node`: this process's, without what the test runner
 * and the workspace's package manager added (npm_* / pnpm_* settings of the workspace, its node_modules/.bin on PATH,
 * NODE_OPTIONS and NODE_ENV of the runner). `npm_config_nodedir` stays: it points node-gyp at the running Node's headers.
 */
export function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower === "npm_config_nodedir") env[key] = value;
    else if (lower.startsWith("npm_") || lower.startsWith("pnpm_") || key === "INIT_CWD") continue;
    else if (key === "NODE_OPTIONS" || key === "NODE_ENV" || key.startsWith("VITEST") || key.startsWith("TRACELOOM_") || key.startsWith("OPENAI_")) continue;
    else env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("/node_modules/.bin") && !dir.includes("/node_modules/.pnpm"))
    .join(":");
  return { ...env, ...extra };
}
