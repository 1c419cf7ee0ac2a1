// Against @openai/agents-core's applyDiff on the drift corpus: every case the reference applies correctly, ours applies
// with the same result; and ours applies every case correctly, including those the reference refuses or gets wrong
// (unicode punctuation, CRLF files, End of File sections whose lines also occur earlier, drifted anchors).
import assert from 'node:assert/strict';
import { applyDiff as referenceApplyDiff } from '@openai/agents-core/utils';
import { applyDiff } from '../../../../src/core/patch';
import { driftCorpus, DRIFTS, type PatchCase } from './corpus';

function attempt(apply: () => string): string | Error {
  try {
    return apply();
  } catch (error) {
    return error as Error;
  }
}

function outcome(result: string | Error, expected: string): 'correct' | 'wrong' | 'refused' {
  return result instanceof Error ? 'refused' : result === expected ? 'correct' : 'wrong';
}

describe('applyDiff against the @openai/agents-core reference (drift corpus)', () => {
  const corpus = driftCorpus();
  const reference = new Map<PatchCase, string | Error>(corpus.map((c) => [c, attempt(() => referenceApplyDiff(c.original, c.diff))]));

  it('covers every drift kind, with cases the reference applies correctly, gets wrong and refuses', () => {
    assert.deepEqual([...new Set(corpus.map((c) => c.drift))], [...DRIFTS]);
    const outcomes = new Set(corpus.map((c) => outcome(reference.get(c)!, c.expected)));
    assert.deepEqual([...outcomes].sort(), ['correct', 'refused', 'wrong']);
  });

  it('applies every case the reference applies', () => {
    const missed = corpus.filter(
      (c) => !(reference.get(c) instanceof Error) && attempt(() => applyDiff(c.original, c.diff)) instanceof Error,
    );
    assert.deepEqual(
      missed.map((c) => c.name),
      [],
    );
  });

  // The expected content is what the edit must produce, so where the reference is correct it is the reference's result.
  for (const c of corpus) {
    it(`${c.name} (reference: ${outcome(reference.get(c)!, c.expected)})`, () => {
      assert.equal(applyDiff(c.original, c.diff), c.expected);
    });
  }
});
