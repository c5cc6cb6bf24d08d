import { describe } from "vitest";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";
import { plainOpenAICases, PLAIN_OPENAI_PROGRAMS } from "./openai-cases.js";

// The smallest app: openai 6 and the OpenAI autolog, nothing else.
const suite = useInstalledApps({
  name: "openai-6",
  traceloom: ["openai"],
  dependencies: { openai: "6.49.0" },
  files: programFiles(...PLAIN_OPENAI_PROGRAMS),
});

describe.each(MANAGERS)("plain OpenAI app (openai 6) installed with %s", (manager) => plainOpenAICases(suite, manager, 6));
