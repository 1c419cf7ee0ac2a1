/**
 * Why a patch could not be applied. The message goes back to the model as the failed tool output and is shown to the
 * user, so it names what was wrong (section, line, path) and what to do next.
 */
export class PatchError extends Error {
  override readonly name = 'PatchError';
}
