import { describe, expect, it } from "vitest";
import { chatPayload, jsonBytes, wordText } from "../src/payload.mjs";

describe("payload", () => {
  it("makes text of exactly the asked length, nothing to escape", () => {
    const text = wordText(1234, 5);
    expect(text).toHaveLength(1234);
    expect(JSON.stringify(text)).toHaveLength(1236);
  });

  it.each([500, 10_000, 1_000_000])("makes a chat payload of %i JSON bytes within 1%%", (bytes) => {
    const payload = chatPayload(bytes);
    expect(Math.abs(jsonBytes(payload) - bytes)).toBeLessThanOrEqual(bytes * 0.01);
    expect(payload.messages[0].role).toBe("user");
    expect(payload.messages.every((m) => m.content.length > 0)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    expect(chatPayload(3000, 7)).toEqual(chatPayload(3000, 7));
    expect(chatPayload(3000, 7)).not.toEqual(chatPayload(3000, 8));
  });
});
