import { heapBase, memoryBytes } from "../../assembly/memory";

describe("memory", () => {
  it("reports a heap base inside linear memory", () => {
    expect(heapBase()).toBeGreaterThan(0);
    expect(memoryBytes()).toBeGreaterThan(heapBase());
  });
});
