import { describe, expect, it } from "vitest";
import { parseLdd } from "./shared-libraries.ts";

const LDD = `	linux-vdso.so.1 (0x00007f722af94000)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f722af7d000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f722ac00000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f722aa1e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f722af96000)
`;

describe("ldd output", () => {
  it("names each library at the path the loader finds it, the loader itself included, the vDSO left out", () => {
    expect(parseLdd(LDD)).toEqual([
      "/lib/x86_64-linux-gnu/libdl.so.2",
      "/lib/x86_64-linux-gnu/libstdc++.so.6",
      "/lib/x86_64-linux-gnu/libc.so.6",
      "/lib64/ld-linux-x86-64.so.2",
    ]);
  });

  it("a library ldd cannot find fails, since the image would not start", () => {
    expect(() => parseLdd("\tlibcrypto.so.3 => not found\n")).toThrow(/libcrypto.so.3/);
  });
});
