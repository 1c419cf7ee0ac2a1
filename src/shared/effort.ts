// The reasoning effort scale, the one list every layer uses. `max` is the GPT-6 family's top level; which levels a given
// model accepts is the model table's business (src/core/models.ts), not this list's.
import * as z from 'zod/mini';

export const EFFORT_LEVELS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export const EffortSchema = z.enum(EFFORT_LEVELS);
export type Effort = z.infer<typeof EffortSchema>;
