// A Mastra app (ES module) traced with one autolog() line, called after its imports. See mastra-app.cjs.
import { createOpenAI } from "@ai-sdk/openai";
import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { createTool } from "@mastra/core/tools";
import { createStep, createWorkflow } from "@mastra/core/workflows";
import * as core from "@traceloom/core";
import { autolog } from "@traceloom/mastra";
import { z } from "zod";
import app from "./mastra-app.cjs";

autolog();
await app.runMastraApp({ Mastra, Agent, createTool, createStep, createWorkflow, createOpenAI, z, core });
