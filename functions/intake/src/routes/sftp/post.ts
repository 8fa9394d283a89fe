import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { PullReport } from "../../sftp-pull.ts";
import type { IntakeVariables } from "../context.ts";
import { ErrorSchema } from "../schemas.ts";

const ReportSchema = z
  .object({
    outcomes: z.array(z.object({ file: z.string(), batchId: z.string().optional(), status: z.enum(["done", "failed", "skipped"]), rows: z.number().int().optional(), code: z.string().optional() })),
    error: z.string().optional(),
  })
  .openapi("SftpPullReport");

const route = createRoute({
  method: "post",
  path: "/v1/sftp/pull",
  summary: "Pull new files from the SFTP folder now (operators; the schedule does the same)",
  responses: {
    200: { description: "What the pull did", content: { "application/json": { schema: ReportSchema } } },
    403: { description: "Needs the admin or ministry role", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostSftpPull(app: OpenAPIHono<{ Variables: IntakeVariables }>, pullNow: () => Promise<PullReport>): void {
  app.openapi(route, async (c) => {
    return c.json(await pullNow(), 200);
  });
}
