// The endpoints' remembered tool dialects (`dialects.json` under the global storage): one memory that every session and
// Check Connection share, so an endpoint either finds without /responses is talked to over Chat Completions by both, and
// one writer keeps the file whole. The file is read on first use, with the agent core.
import path from 'node:path';
import type * as vscode from 'vscode';
import type { DialectMemory, ToolDialect } from '../../core/index';
import type { AgentModule } from '../agent/agentModule';

export class SharedDialectMemory implements DialectMemory {
  private memory: DialectMemory | undefined;
  private opening: Promise<DialectMemory> | undefined;

  constructor(
    private readonly agent: () => AgentModule,
    private readonly file: string,
  ) {}

  /** Reads the file once; until it is read, nothing is remembered yet. */
  load(): Promise<DialectMemory> {
    this.opening ??= this.agent()
      .FileDialectMemory.open(this.file)
      .then((memory) => (this.memory = memory));
    return this.opening;
  }

  get(baseURL: string): ToolDialect | undefined {
    void this.load();
    return this.memory?.get(baseURL);
  }

  async set(baseURL: string, dialect: ToolDialect): Promise<void> {
    await (await this.load()).set(baseURL, dialect);
  }
}

/** Where the endpoints' remembered dialects live under the extension's global storage. */
export function dialectsFile(globalStorage: vscode.Uri): string {
  return path.join(globalStorage.fsPath, 'dialects.json');
}
