// The small persisted map behind `auto`: endpoints found to have no /responses, so the next session talks Chat Completions
// to them at once. A file that is missing or unreadable is an empty map (it is only a shortcut); writes replace the file
// whole, so a crash leaves the old map or the new one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { TOOL_DIALECTS, type DialectMemory, type ToolDialect } from './dialect';

const DialectFileSchema = z.object({ version: z.literal(1), endpoints: z.record(z.string(), z.enum(TOOL_DIALECTS)) });

export class FileDialectMemory implements DialectMemory {
  private readonly file: string;
  private readonly endpoints: Map<string, ToolDialect>;
  private writing: Promise<void> = Promise.resolve();

  private constructor(file: string, endpoints: Map<string, ToolDialect>) {
    this.file = file;
    this.endpoints = endpoints;
  }

  static async open(file: string): Promise<FileDialectMemory> {
    let endpoints = new Map<string, ToolDialect>();
    try {
      const parsed = DialectFileSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
      if (parsed.success) endpoints = new Map(Object.entries(parsed.data.endpoints));
    } catch {
      // No file yet, or one that is not JSON: start empty, the next write replaces it.
    }
    return new FileDialectMemory(file, endpoints);
  }

  get(baseURL: string): ToolDialect | undefined {
    return this.endpoints.get(baseURL);
  }

  set(baseURL: string, dialect: ToolDialect): Promise<void> {
    this.endpoints.set(baseURL, dialect);
    const body = JSON.stringify({ version: 1, endpoints: Object.fromEntries(this.endpoints) }, null, 2);
    // Writes are chained so two quick updates cannot land out of order.
    this.writing = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(temp, body);
      await fs.rename(temp, this.file);
    });
    return this.writing;
  }
}
