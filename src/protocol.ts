// The only language the chat webview and the extension speak. Every message is validated on arrival on both
// sides: one that does not parse is dropped and logged, never acted on.
import * as z from 'zod/mini';

export const ProviderInfoSchema = z.object({
  /** What the header shows: "OpenAI", "Azure OpenAI", the host of a custom endpoint, or `codewright.provider.name`. */
  label: z.string(),
  model: z.string(),
  /** False when the provider needs a key and none is stored: the view then offers "Set API Key". */
  hasApiKey: z.boolean(),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('command'), command: z.enum(['setApiKey']) }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('provider'), provider: ProviderInfoSchema }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;
