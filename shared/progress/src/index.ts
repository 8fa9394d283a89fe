export { createProgress, formatProgress, type Progress, type ProgressOptions, type ProgressStream } from "./progress.ts";
