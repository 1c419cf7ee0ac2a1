import assert from 'node:assert/strict';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { ModelFailure, RequestCancelled, classifyError, parseRetryAfter, parseTryAgainIn } from '../../../src/core/responses/failure';
import { retryDelay } from '../../../src/core/responses/retryPolicy';

describe('retry decisions', () => {
  it('reads "try again in" in seconds and milliseconds', () => {
    assert.equal(parseTryAgainIn('Rate limit reached. Please try again in 11.054s. Visit …'), 11_054);
    assert.equal(parseTryAgainIn('Please try again in 250ms.'), 250);
    assert.equal(parseTryAgainIn('Try again in 3 seconds'), 3000);
    assert.equal(parseTryAgainIn('no hint here'), undefined);
  });

  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': '2' })), 2000);
    const now = Date.parse('2025-11-20T10:00:00Z');
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 20 Nov 2025 10:00:05 GMT' }), now), 5000);
    assert.equal(parseRetryAfter(new Headers({})), undefined);
  });

  it('classifies SDK errors', () => {
    const headers = new Headers({ 'retry-after': '3' });
    const limited = classifyError(
      APIError.generate(429, { error: { message: 'slow down', code: 'rate_limit_exceeded' } }, undefined, headers),
    );
    assert.ok(limited instanceof ModelFailure);
    assert.deepEqual([limited.kind, limited.retryable, limited.retryAfterMs, limited.status], ['rate_limit', true, 3000, 429]);
    const quota = classifyError(
      APIError.generate(429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }, undefined, headers),
    );
    assert.deepEqual(quota instanceof ModelFailure && [quota.kind, quota.retryable], ['quota', false]);
    const auth = classifyError(
      APIError.generate(401, { error: { message: 'bad key', code: 'invalid_api_key' } }, undefined, new Headers()),
    );
    assert.deepEqual(auth instanceof ModelFailure && [auth.kind, auth.retryable, auth.message], ['auth', false, 'bad key']);
    const overflow = classifyError(
      APIError.generate(400, { error: { message: 'too long', code: 'context_length_exceeded' } }, undefined, new Headers()),
    );
    assert.equal(overflow instanceof ModelFailure && overflow.kind, 'context_length');
    const missingRoute = classifyError(
      APIError.generate(404, { error: { message: 'Invalid URL (POST /v1/responses)' } }, undefined, new Headers()),
    );
    assert.equal(missingRoute instanceof ModelFailure && missingRoute.kind, 'not_found');
    const connection = classifyError(new APIConnectionError({ message: 'Connection error.', cause: new Error('ECONNREFUSED') }));
    assert.deepEqual(connection instanceof ModelFailure && [connection.kind, connection.message], [
      'connection',
      'Connection error. (ECONNREFUSED)',
    ]);
    assert.ok(classifyError(new APIUserAbortError()) instanceof RequestCancelled);
  });

  it('backs off exponentially with jitter, honours server delays, and stops', () => {
    const server = new ModelFailure('server', { detail: 'x' });
    const o = { baseDelayMs: 1000, maxDelayMs: 5000, maxRetries: 4 };
    assert.equal(retryDelay(server, 1, { ...o, random: () => 0 }), 500);
    assert.equal(retryDelay(server, 1, { ...o, random: () => 1 }), 1000);
    assert.equal(retryDelay(server, 3, { ...o, random: () => 1 }), 4000);
    assert.equal(retryDelay(server, 4, { ...o, random: () => 1 }), 5000, 'capped');
    assert.equal(retryDelay(server, 5, o), null, 'retries used up');
    const told = new ModelFailure('rate_limit', { detail: 'x', retryAfterMs: 2000 });
    assert.equal(retryDelay(told, 1, { random: () => 0 }), 2000);
    assert.equal(
      retryDelay(new ModelFailure('rate_limit', { detail: 'x', retryAfterMs: 120_000 }), 1),
      null,
      'too long to wait unattended',
    );
    assert.equal(retryDelay(new ModelFailure('auth', { detail: 'x' }), 1), null);
  });
});
