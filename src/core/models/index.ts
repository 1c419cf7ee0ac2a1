// The models feature of the core: the curated table, usage pricing, discovery of served models, the default-model rule,
// shutdown dates and replacements, and effort per model.
export { DEFAULT_CONTEXT_WINDOW, MODEL_TABLE, bareModelId, modelFacts, modelInfo } from './table';
export type { ModelFacts, ModelInfo, ModelPrice } from './table';
export { ZERO_USAGE, addUsage, costUsd, usageFor } from './usage';
export type { TokenCounts } from './usage';
export { ModelCatalog, listModels } from './discovery';
export type { CatalogOptions, CatalogResult, ListOptions, ServedModel } from './discovery';
export { DEFAULT_MODEL, PREFERRED_MODELS, chooseModel } from './selection';
export type { ChoiceOptions, ModelChoice } from './selection';
export { SHUTDOWN_WARNING_DAYS, daysUntil, shutdownDateOf, shutdownState } from './shutdown';
export type { ShutdownState } from './shutdown';
export { missingModelAdvice, replacementChain, replacementFor, shutdownWarning } from './retirement';
export type { MissingModelAdvice, MissingModelFacts, ReplacementOptions } from './retirement';
export { modelRows } from './choices';
export type { ModelRow, RowOptions } from './choices';
export { effortFor, effortRetry, effortsFor, nearestEffort, parseEffortRejection } from './effort';
export type { EffortRejection, EffortRetry } from './effort';
