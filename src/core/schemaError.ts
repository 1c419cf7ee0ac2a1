// Zod's issues as one readable line, for tool outputs the model reads and for reports about files on disk.
import type * as z from 'zod/mini';

export function describeSchemaError(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'value'}: ${issue.message}`)
    .join('; ');
}
