import * as agents from "@openai/agents";
import { twoToolLoopSuite } from "./loop-cases.js";

twoToolLoopSuite("@openai/agents 0.20", agents);
