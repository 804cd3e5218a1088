import { describe, expect, it } from "vitest";
import { checkedFile } from "../cli/early-type-check.js";

describe("check's type check started at start-up", () => {
  it("recognises the topology file of a plain check, whatever the order of its options", () => {
    expect(checkedFile(["check", "lab.ts"])).toBe("lab.ts");
    expect(checkedFile(["check", "--json", "lab.ts", "--no-diagram"])).toBe("lab.ts");
    expect(checkedFile(["check", "-o", "out/dir.ts", "lab.ts"])).toBe("lab.ts");
    expect(checkedFile(["check", "--out", "x", "lab.ts"])).toBe("lab.ts");
    expect(checkedFile(["check", "--out=x", "lab.ts"])).toBe("lab.ts");
  });

  it("leaves everything else to the command: other commands, unknown options, no file or two", () => {
    expect(checkedFile(["lab.ts"])).toBeUndefined();
    expect(checkedFile(["plan", "lab.ts"])).toBeUndefined();
    expect(checkedFile(["check", "--bogus", "lab.ts"])).toBeUndefined();
    expect(checkedFile(["check"])).toBeUndefined();
    expect(checkedFile(["check", "a.ts", "b.ts"])).toBeUndefined();
    expect(checkedFile(["check", "-o"])).toBeUndefined();
  });
});
