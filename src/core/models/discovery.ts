// The models a provider serves, read from its `GET /models` through the openai SDK, each with the shutdown date the
// provider gives (OpenAI's `shutdown_date`, YYYY-MM-DD or null). Kept in memory and in a small JSON file with the time it
// was fetched, so the picker and the CLI do not ask on every start; `refresh` asks again.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { errorText } from '../../shared/errorText';
import { createOpenAIClient, resolveProvider, type ProviderConfig } from '../providers';

export interface ServedModel {
  id: string;
  /** YYYY-MM-DD when the provider announced one. */
  shutdownDate: string | null;
}

const DATE = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** One entry of the list as providers send it: only the id is required; anything else is ignored. */
const ListedModelSchema = z.object({ id: z.string().check(z.minLength(1)), shutdown_date: z.optional(z.nullable(z.string())) });

export interface ListOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Every model the provider lists; throws what the SDK throws (the caller classifies it). Entries without an id are skipped. */
export async function listModels(config: ProviderConfig, options: ListOptions = {}): Promise<ServedModel[]> {
  const client = createOpenAIClient(config, {
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const models: ServedModel[] = [];
  for await (const raw of client.models.list(options.signal ? { signal: options.signal } : {})) {
    const entry = ListedModelSchema.safeParse(raw);
    if (!entry.success) continue;
    const date = DATE.safeParse(entry.data.shutdown_date);
    models.push({ id: entry.data.id, shutdownDate: date.success ? date.data : null });
  }
  return models;
}

const CACHE_VERSION = 1;
const CacheEntrySchema = z.object({
  fetchedAt: z.string(),
  models: z.array(z.object({ id: z.string(), shutdownDate: z.nullable(z.string()) })),
});
const CacheFileSchema = z.object({ version: z.literal(CACHE_VERSION), providers: z.record(z.string(), CacheEntrySchema) });
type CacheFile = z.infer<typeof CacheFileSchema>;

export interface CatalogResult {
  models: ServedModel[];
  /** When the list was fetched from the provider (ISO time). */
  fetchedAt: string;
  /** Whether it came from the cache rather than a request just now. */
  cached: boolean;
}

export interface CatalogOptions {
  /** The cache file; without one the catalog keeps lists in memory only. */
  file?: string;
  /** How old a cached list may be before it is fetched again (default one day). */
  maxAgeMs?: number;
  now?: () => Date;
  list?: (config: ProviderConfig, options: ListOptions) => Promise<ServedModel[]>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The served-model lists of the providers in use, one per base URL. */
export class ModelCatalog {
  private readonly memory = new Map<string, CatalogResult>();
  private loaded = false;
  /** Set when the cache file could not be read; the catalog then fetches and overwrites it. */
  problem: string | undefined;

  constructor(private readonly options: CatalogOptions = {}) {}

  /** The provider's list: from memory or the file when fresh enough and `refresh` is not set, else fetched (and saved). */
  async models(config: ProviderConfig, options: ListOptions & { refresh?: boolean } = {}): Promise<CatalogResult> {
    const key = resolveProvider(config).baseURL;
    await this.load();
    const known = this.memory.get(key);
    const now = (this.options.now ?? (() => new Date()))();
    if (known && !options.refresh && now.getTime() - Date.parse(known.fetchedAt) < (this.options.maxAgeMs ?? DAY_MS)) {
      return { ...known, cached: true };
    }
    const models = await (this.options.list ?? listModels)(config, options);
    const result: CatalogResult = { models, fetchedAt: now.toISOString(), cached: false };
    this.memory.set(key, result);
    await this.save();
    return result;
  }

  private async load(): Promise<void> {
    if (this.loaded || !this.options.file) return;
    this.loaded = true;
    let text: string;
    try {
      text = await fs.readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.problem = `The model list cache ${this.options.file} could not be read (${errorText(error)}).`;
      return;
    }
    let parsed: ReturnType<typeof CacheFileSchema.safeParse>;
    try {
      parsed = CacheFileSchema.safeParse(JSON.parse(text));
    } catch {
      this.problem = `The model list cache ${this.options.file} is not JSON; it will be rebuilt from the providers.`;
      return;
    }
    if (!parsed.success) {
      this.problem = `The model list cache ${this.options.file} has an unknown shape; it will be rebuilt from the providers.`;
      return;
    }
    for (const [key, entry] of Object.entries(parsed.data.providers)) this.memory.set(key, { ...entry, cached: true });
  }

  private async save(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    const body: CacheFile = { version: CACHE_VERSION, providers: {} };
    for (const [key, entry] of this.memory) body.providers[key] = { fetchedAt: entry.fetchedAt, models: entry.models };
    // Written to a temporary file and renamed, so a crash mid-write never leaves half a cache behind.
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    await fs.rename(temporary, file);
  }
}
