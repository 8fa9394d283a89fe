export { skipUnless } from "./skip.ts";
