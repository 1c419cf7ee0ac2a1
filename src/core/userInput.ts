// What the user sends: the prompt, plus files and images the chat attaches. It arrives from the webview, so it is
// validated, and it becomes one user message of input_text and input_image parts.
import * as z from 'zod/mini';
import type { UserContent, UserMessage } from './history';

/** Images travel inline as data URLs: the workspace may be remote, and the API cannot fetch local files. */
const DataImageUrl = z
  .string()
  .check(
    z.regex(
      /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/,
      'an image must be a base64 data: URL of a PNG, JPEG, GIF or WebP image',
    ),
  );

export const UserInputSchema = z.object({
  text: z.string(),
  /** File contents attached to the message (the path is workspace-relative, shown to the model as a label). */
  files: z.optional(z.array(z.object({ path: z.string().check(z.minLength(1)), content: z.string() }))),
  images: z.optional(z.array(z.object({ dataUrl: DataImageUrl, name: z.optional(z.string()) }))),
});
export type UserInput = z.infer<typeof UserInputSchema>;

/** The user message for `input`; a bare string is a prompt with no attachments. */
export function userMessage(input: string | UserInput): UserMessage {
  const given = typeof input === 'string' ? { text: input } : input;
  const content: UserContent[] = [];
  if (given.text.trim() !== '') content.push({ type: 'input_text', text: given.text });
  for (const file of given.files ?? []) {
    const fence = fenceFor(file.content);
    content.push({ type: 'input_text', text: `Attached file ${file.path}:\n${fence}\n${file.content}\n${fence}` });
  }
  for (const image of given.images ?? []) {
    if (image.name) content.push({ type: 'input_text', text: `Attached image ${image.name}:` });
    content.push({ type: 'input_image', image_url: image.dataUrl, detail: 'auto' });
  }
  return { type: 'message', role: 'user', content };
}

/** A short title for a session from its first prompt: the first line, at most 60 characters. */
export function titleFrom(input: string | UserInput): string {
  const text = (typeof input === 'string' ? input : input.text).trim();
  const firstLine = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (firstLine === '') return 'New session';
  return firstLine.length <= 60 ? firstLine : `${firstLine.slice(0, 59).trimEnd()}…`;
}

/** A backtick fence longer than any run of backticks inside `text`, so the file cannot close it early. */
function fenceFor(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  return '`'.repeat(Math.max(3, longest + 1));
}
