/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS application, as users write one */
// The CommonJS twin of mastra-autolog.mjs, calling autolog() before it requires Mastra. See mastra-app.cjs.
require("@traceloom/mastra").autolog();
const { createOpenAI } = require("@ai-sdk/openai");
const { Agent } = require("@mastra/core/agent");
const { Mastra } = require("@mastra/core/mastra");
const { createTool } = require("@mastra/core/tools");
const { createStep, createWorkflow } = require("@mastra/core/workflows");
const core = require("@traceloom/core");
const { z } = require("zod");
const { runMastraApp } = require("./mastra-app.cjs");

runMastraApp({ Mastra, Agent, createTool, createStep, createWorkflow, createOpenAI, z, core });
