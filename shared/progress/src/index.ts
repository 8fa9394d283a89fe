export { createProgress, formatProgress, type Progress, type ProgressOptions } from "./progress.ts";
