import assert from 'node:assert/strict';
import { hasInvisibleCharacters, invisibleCharacters, invisibleWarning, revealInvisible } from '../../../src/shared/invisibleText';

describe('invisible text', () => {
  it('spells out bidi overrides, zero-width characters and controls', () => {
    assert.equal(revealInvisible('rm -rf \u202E/ emoh~'), 'rm -rf ⟨U+202E⟩/ emoh~');
    assert.equal(revealInvisible('ls\u200B -la'), 'ls⟨U+200B⟩ -la');
    assert.equal(revealInvisible('src/\u202Egnp.exe'), 'src/⟨U+202E⟩gnp.exe');
    assert.equal(revealInvisible('a\u2066b\u2069c\u00ADd\uFEFFe\u0007f'), 'a⟨U+2066⟩b⟨U+2069⟩c⟨U+00AD⟩d⟨U+FEFF⟩e⟨U+0007⟩f');
    assert.equal(revealInvisible('ls\u00A0-la'), 'ls⟨U+00A0⟩-la');
    assert.equal(revealInvisible('tag\u{E0041}'), 'tag⟨U+E0041⟩');
  });

  it('leaves ordinary text, tabs and line breaks alone', () => {
    const plain = 'git log --oneline\n\tnpm test\r\nécho ünïcode 日本';
    assert.equal(revealInvisible(plain), plain);
    assert.equal(hasInvisibleCharacters(plain), false);
    assert.equal(invisibleWarning(plain), undefined);
  });

  it('lists each hidden character once and warns in a sentence', () => {
    assert.deepEqual(invisibleCharacters('\u202Ea\u202Eb\u200B'), ['U+202E', 'U+200B']);
    assert.equal(hasInvisibleCharacters('x\u200Dy'), true);
    assert.equal(hasInvisibleCharacters('x\u200Dy'), true, 'a second call gives the same answer');
    assert.match(invisibleWarning('ls\u200B -la') ?? '', /invisible or direction-changing characters \(U\+200B\)/);
  });
});
