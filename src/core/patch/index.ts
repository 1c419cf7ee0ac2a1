// The V4A patch engine: the only module other parts of the product import for apply_patch.
export { applyDiff, type ApplyDiffOptions, type DiffMode } from './applyDiff';
export { parsePatch } from './parsePatch';
export { PatchError } from './patchError';
export { applyOperation, applyOperationToContent, proposeChange, validateOperation, type ProposedChange } from './proposeChange';
export { decodeTextFile } from './textFile';
export { resolveWorkspacePath } from './workspacePath';
