export { skipUnless } from "./skip.ts";
export { captureConsole } from "./console.ts";
