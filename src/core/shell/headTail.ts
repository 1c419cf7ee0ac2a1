// Keeps a command's output bounded in memory while it streams: the first and the last `limit / 2` characters, and how
// many were dropped between them. A command printing gigabytes costs the same memory as one printing a megabyte.
import { cutMarker } from './outputLimit';

export class HeadTailBuffer {
  private head = '';
  private tail = '';
  private cut = 0;
  private readonly half: number;

  constructor(limit: number) {
    this.half = Math.max(1, Math.floor(limit / 2));
  }

  append(text: string): void {
    if (this.head.length < this.half) {
      let room = this.half - this.head.length;
      // Never end the head between the halves of a surrogate pair.
      if (room < text.length && isHighSurrogate(text.charCodeAt(room - 1))) room--;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text === '') return;
    this.tail += text;
    // Trim in batches so that a stream of small chunks does not copy the tail on every append.
    if (this.tail.length > 2 * this.half) {
      let drop = this.tail.length - this.half;
      if (isHighSurrogate(this.tail.charCodeAt(drop - 1))) drop--;
      this.tail = this.tail.slice(drop);
      this.cut += drop;
    }
  }

  /** Everything kept, with the cut-out middle marked. */
  toString(): string {
    if (this.cut === 0 && this.tail.length <= this.half) return this.head + this.tail;
    let start = this.tail.length - this.half;
    if (start > 0 && isHighSurrogate(this.tail.charCodeAt(start - 1))) start--;
    const tail = this.tail.slice(Math.max(0, start));
    return this.head + cutMarker(this.cut + this.tail.length - tail.length) + tail;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
