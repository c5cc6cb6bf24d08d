import * as agents from "@openai/agents-0.19";
import { twoToolLoopSuite } from "./loop-cases.js";

twoToolLoopSuite("@openai/agents 0.19", agents);
