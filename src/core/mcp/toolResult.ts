// What an MCP tool answered, turned into what goes back to the model (text and images as Responses API input content) and
// what the chat shows. Servers can answer with anything in any size, so text is capped (head and tail kept, with a note), and
// images past a size or count are replaced by a sentence saying so.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FunctionToolOutput } from '../tools/functionTool';
import { limitOutput } from '../shell/outputLimit';
import { ImageDataUrlSchema } from '../../shared/events';

/** Characters of text per call that reach the model; the rest is cut from the middle with a marker. */
export const MAX_RESULT_TEXT = 32_000;
/** Base64 characters per image (about 3.75 MB of image data). */
export const MAX_IMAGE_BASE64 = 5_000_000;
export const MAX_IMAGES = 4;
/** Characters of the result the chat shows under the call. */
const PREVIEW_CHARS = 4_000;

export interface ConvertedResult {
  output: FunctionToolOutput;
  /** Plain text for the chat (images and resources named, not inlined). */
  preview: string;
  /** The images that went to the model, as data URLs, for the chat to show (only the formats a webview shows safely). */
  images: string[];
  /** The server marked the result as an error (the tool ran and failed). */
  isError: boolean;
}

type ContentPart = Extract<FunctionToolOutput, unknown[]>[number];

export function convertToolResult(result: CallToolResult): ConvertedResult {
  const texts: string[] = [];
  const images: ContentPart[] = [];
  const notes: string[] = [];
  for (const block of result.content) {
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        break;
      case 'image':
        if (images.length >= MAX_IMAGES)
          notes.push(`[an image (${block.mimeType}) was left out: at most ${MAX_IMAGES} images are sent per call]`);
        else if (block.data.length > MAX_IMAGE_BASE64)
          notes.push(`[an image (${block.mimeType}) was left out: it is larger than ${Math.round(MAX_IMAGE_BASE64 / 1_000_000)} MB]`);
        else images.push({ type: 'input_image', image_url: `data:${block.mimeType};base64,${block.data}` });
        break;
      case 'audio':
        notes.push(`[audio (${block.mimeType}) was left out: audio cannot be passed on]`);
        break;
      case 'resource_link':
        texts.push(`[resource link: ${block.name} ${block.uri}${block.description ? ` (${block.description})` : ''}]`);
        break;
      case 'resource': {
        const resource = block.resource;
        if ('text' in resource) texts.push(`[resource ${resource.uri}]\n${resource.text}`);
        else
          notes.push(
            `[resource ${resource.uri} (${resource.mimeType ?? 'binary'}, ${resource.blob.length} base64 characters) ` +
              'was left out: it is binary]',
          );
        break;
      }
    }
  }
  // Servers may answer only with structured content (the spec asks for a text copy too, but not all send one).
  if (texts.length === 0 && result.structuredContent !== undefined) texts.push(JSON.stringify(result.structuredContent));
  let text = [...texts, ...notes].join('\n');
  if (text.length > MAX_RESULT_TEXT) {
    text = `${limitOutput(text, MAX_RESULT_TEXT)}\n[the result was ${text.length} characters; it was cut to ${MAX_RESULT_TEXT}]`;
  }
  if (result.isError === true) text = `The tool reported an error:\n${text}`;
  const preview =
    limitOutput(text, PREVIEW_CHARS) + (images.length > 0 ? `\n[${images.length} image${images.length === 1 ? '' : 's'}]` : '');
  const output: FunctionToolOutput =
    images.length === 0 ? text : [...(text === '' ? [] : [{ type: 'input_text' as const, text }]), ...images];
  const shown = images.flatMap((part) =>
    part.type === 'input_image' && ImageDataUrlSchema.safeParse(part.image_url).success ? [part.image_url] : [],
  );
  return { output, preview, images: shown, isError: result.isError === true };
}
