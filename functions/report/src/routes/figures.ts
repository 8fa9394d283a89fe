import type { Dimension } from "@casemix/reporting";
import { figureCachePrefix } from "../handler.ts";
import { figureJson, type StoredFigure } from "../store-figures.ts";
import type { ReportDeps } from "./context.ts";

export type FigureKey = { period: string; dimension: Dimension; hospitalCode?: string; mdc?: string; drg?: string };

/**
 * One precomputed figure: from the cache, else one primary-key lookup in report_figure (then cached).
 * Misses are cached too ("null"), so a stream of requests for a figure that does not exist costs one query.
 */
export async function lookupFigure(deps: ReportDeps, key: FigureKey): Promise<ReturnType<typeof figureJson> | undefined> {
  const { hospitalCode = "", mdc = "", drg = "" } = key;
  const cacheKey = `${figureCachePrefix(key.period)}${key.dimension}:${hospitalCode}:${mdc}:${drg}`;
  const cached = await deps.platform.cache.get(cacheKey);
  if (cached !== undefined) return cached === "null" ? undefined : JSON.parse(cached);
  const { rows } = await deps.platform.db.query<StoredFigure>(
    "SELECT * FROM report_figure WHERE period = $1 AND dimension = $2 AND hospital_code = $3 AND mdc = $4 AND drg = $5",
    [key.period, key.dimension, hospitalCode, mdc, drg],
  );
  const figure = rows[0] ? figureJson(rows[0]) : undefined;
  await deps.platform.cache.set(cacheKey, figure ? JSON.stringify(figure) : "null", deps.cacheTtlSeconds);
  return figure;
}

/** Every figure of one dimension of a period (e.g. all hospitals), cached as one list. */
export async function listFigures(deps: ReportDeps, period: string, dimension: Dimension): Promise<ReturnType<typeof figureJson>[]> {
  const cacheKey = `${figureCachePrefix(period)}list:${dimension}`;
  const cached = await deps.platform.cache.get(cacheKey);
  if (cached !== undefined) return JSON.parse(cached);
  const { rows } = await deps.platform.db.query<StoredFigure>(
    "SELECT * FROM report_figure WHERE period = $1 AND dimension = $2 ORDER BY hospital_code, mdc, drg",
    [period, dimension],
  );
  const list = rows.map(figureJson);
  await deps.platform.cache.set(cacheKey, JSON.stringify(list), deps.cacheTtlSeconds);
  return list;
}
