import {
  ConfigError,
  importDefinitionFiles,
  importRegisterFiles,
  importTariffFiles,
  type ConfigDraft,
  type DraftOptions,
} from "@casemix/config";
import type { z } from "@hono/zod-openapi";
import type { ImportRequestSchema } from "../schemas.ts";

type ImportRequest = z.infer<typeof ImportRequestSchema>;

function file(files: Record<string, string>, name: string): { file: string; text: string } {
  const text = files[name];
  if (text === undefined) throw new ConfigError("E_CONFIG_FILE_MISSING", `files.${name} is missing`);
  return { file: name, text };
}

/** Builds the draft an import request describes (validated by the kind's importer). */
export function draftFromRequest(body: ImportRequest): ConfigDraft {
  const o: DraftOptions = { effectiveFrom: body.effectiveFrom, effectiveTo: body.effectiveTo, label: body.label };
  if (o.effectiveTo === undefined) delete o.effectiveTo;
  const f = body.files;
  switch (body.kind) {
    case "definition":
      return importDefinitionFiles(f, body.format, o);
    case "tariff":
      return importTariffFiles({ settings: file(f, "tariff.csv"), baseRates: file(f, "base-rates.csv"), drgs: file(f, "drg-weights.csv") }, o);
    case "hospitals":
      return importRegisterFiles({ settings: file(f, "register.csv"), hospitals: file(f, "hospitals.csv") }, o);
  }
}
