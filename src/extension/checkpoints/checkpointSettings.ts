// `codewright.checkpoints.*` through zod: a hand-edited settings.json is a trust boundary, and a bad value falls back to
// its default instead of turning checkpoints off.
import vscode = require('vscode');
import * as z from 'zod/mini';

const MB = 1024 * 1024;

const ExcludeSchema = z._default(z.array(z.string()), ['node_modules/']);
const MaxFileSchema = z._default(z.number().check(z.minimum(0)), 10);
const BudgetSchema = z._default(z.number().check(z.minimum(1)), 2048);

export interface CheckpointSettings {
  exclude: string[];
  maxFileBytes: number;
  budgetBytes: number;
}

export function checkpointSettings(): CheckpointSettings {
  const config = vscode.workspace.getConfiguration('codewright.checkpoints');
  const read = <T>(schema: z.ZodMiniType<T>, key: string, fallback: T): T => {
    const parsed = schema.safeParse(config.get(key));
    return parsed.success ? parsed.data : fallback;
  };
  return {
    exclude: read(ExcludeSchema, 'exclude', ['node_modules/']),
    maxFileBytes: Math.round(read(MaxFileSchema, 'maxFileSizeMB', 10) * MB),
    budgetBytes: Math.round(read(BudgetSchema, 'budgetMB', 2048) * MB),
  };
}
