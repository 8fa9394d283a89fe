import { z } from "@hono/zod-openapi";
import type { Principal } from "@casemix/auth";
import type { Platform } from "@casemix/runtime";

export type ReportDeps = { platform: Platform; cacheTtlSeconds: number };
export type ReportVariables = { principal: Principal };

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi("Error");

export const PeriodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ param: { name: "period", in: "path" }, example: "2027-01" });
export const HospitalParam = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/).openapi({ param: { name: "hospitalCode", in: "path" }, example: "SH-01" });
export const MdcParam = z.string().regex(/^[A-Za-z0-9-]{1,16}$/).openapi({ param: { name: "mdc", in: "path" }, example: "05" });
export const DrgParam = z.string().regex(/^[A-Za-z0-9.-]{1,16}$/).openapi({ param: { name: "drg", in: "path" }, example: "F10" });

export const FigureSchema = z
  .object({
    period: z.string(),
    dimension: z.enum(["period", "hospital", "mdc", "drg", "hospital-mdc", "hospital-drg"]),
    hospitalCode: z.string().nullable(),
    mdc: z.string().nullable(),
    drg: z.string().nullable(),
    runId: z.string(),
    cases: z.number().int(),
    casemixIndex: z.string().openapi({ description: "Mean cost weight, 4 places, half up", example: "1.2345" }),
    averageLos: z.string().openapi({ description: "Average length of stay in days, 2 places", example: "4.25" }),
    totalSen: z.string().openapi({ description: "Total payment in integer sen", example: "123456789" }),
    meanSen: z.string().openapi({ description: "Mean payment in sen, half up", example: "456789" }),
    flagged: z.number().int(),
    outlierRate: z.string().openapi({ description: "Flagged / cases, 4 places", example: "0.0213" }),
  })
  .openapi("Figure");
