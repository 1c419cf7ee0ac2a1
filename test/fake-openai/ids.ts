// Identifiers in the shapes the real API hands out: a type prefix and a long random hex tail.
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'resp' | 'msg' | 'rs' | 'fc' | 'apc' | 'sh' | 'sho' | 'cmp' | 'call' | 'req' | 'chatcmpl';

export function newId(prefix: IdPrefix): string {
  // Call ids are shorter in the wild (call_ + 24 chars); everything else carries 48 hex digits.
  return `${prefix}_${randomBytes(prefix === 'call' ? 12 : 24).toString('hex')}`;
}
