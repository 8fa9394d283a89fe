/**
 * @casemix/config: configuration versions (grouping definitions, tariffs, the hospital register) in
 * the database, immutable once published, and the cached loader that resolves the version in force
 * on a date. See ../README.md.
 */
export * from "./types.ts";
export { canonicalJson, contentSha256 } from "./canonical.ts";
export { addDays, exclusiveEnd, inclusiveEnd, isIsoDate } from "./dates.ts";
export {
  createDraft,
  deleteDraft,
  getVersion,
  listVersions,
  loadContent,
  newConfigId,
  pickInForce,
  publishedEvent,
  publishVersion,
  publishWithin,
  versionInForce,
} from "./repository.ts";
export {
  definitionDraft,
  importDefinitionDir,
  importDefinitionFiles,
  importRegisterDir,
  importRegisterFiles,
  importTariffDir,
  importTariffFiles,
  registerDraft,
  tariffDraft,
  type DefinitionFormat,
  type DraftOptions,
} from "./importers.ts";
export { demoDrafts, seedDemoConfig } from "./seed.ts";
export { createConfigStore, type ConfigStore, type ConfigStoreOptions, type DefinitionInForce, type HospitalsInForce, type TariffInForce } from "./config-store.ts";
export { createMemoryConfigCache } from "./memory-cache.ts";
export { ConfigEnvSchema, type ConfigEnv } from "./env.ts";
