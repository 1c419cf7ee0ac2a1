// Characters that make text read differently from what runs or what is opened (Trojan Source): bidi overrides and
// isolates reorder what is shown, zero-width and other invisible characters hide inside a word, control characters
// move the cursor or erase, and spaces other than U+0020 look like a word break the shell does not make.
// Shared so that the policy (core) and every card that shows a command or a path (webview) agree on one set.

/** Any of the characters above; tab, line feed and carriage return are ordinary layout and are left alone. */
const INVISIBLE = new RegExp(
  [
    '[\\0-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\p{Cf}\\p{Zl}\\p{Zp}',
    '\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000',
    '\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u3164\\uFFA0\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]',
  ].join(''),
  'gu',
);

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The distinct hidden characters of `text` as code points (`U+202E`), in order of first appearance. */
export function invisibleCharacters(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(INVISIBLE), (m) => codePoint(m[0])))];
}

export function hasInvisibleCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}

/** `text` with each hidden character spelled out, e.g. `rm -rf ⟨U+202E⟩/ emoh~`, so what is shown is what is there. */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `⟨${codePoint(c)}⟩`);
}

/** The warning line to show under revealed text, or undefined when there is nothing hidden in it. */
export function invisibleWarning(text: string): string | undefined {
  const found = invisibleCharacters(text);
  if (found.length === 0) return undefined;
  return `Holds invisible or direction-changing characters (${found.join(', ')}), shown as ⟨U+…⟩: it may not be what it looks like.`;
}
