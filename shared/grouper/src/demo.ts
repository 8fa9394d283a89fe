import { fileURLToPath } from "node:url";

/** Directory of the built-in demo definition (illustrative, not for payment), shipped as package data. */
export const demoDefinitionDir: string = fileURLToPath(new URL("../definitions/demo/", import.meta.url));
