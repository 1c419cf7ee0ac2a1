// The checks the real API makes on a conversation before it generates anything: previous_response_id must name a
// stored response, items sent by bare id must be stored, and every tool call must be answered by its output item
// (and every output must answer a call). The answers carry the real API's status, wording and `param`.
import { invalidRequest } from './apiError';
import type { InputItem } from './request';
import type { ResponseStore } from './responseStore';

const outputTypeOfCall: Record<string, string> = {
  function_call: 'function_call_output',
  apply_patch_call: 'apply_patch_call_output',
  shell_call: 'shell_call_output',
};

const label: Record<string, string> = {
  function_call: 'function call',
  apply_patch_call: 'apply patch call',
  shell_call: 'shell call',
  function_call_output: 'function call output',
  apply_patch_call_output: 'apply patch call output',
  shell_call_output: 'shell call output',
};

export interface CheckedConversation {
  /** The input with items sent by bare id replaced by the stored items. */
  input: Record<string, unknown>[];
  /** The whole conversation the model sees: the stored chain of previous_response_id, then the input. */
  conversation: Record<string, unknown>[];
}

/** Item types the model outputs: sent back with their id, they must name an item the server kept. */
const MODEL_OUTPUT_TYPES = new Set(['function_call', 'apply_patch_call', 'shell_call', 'shell_call_output']);

/** `modelOutputIds`: refuse model output items whose ids the server did not keep (POST /responses does; compaction reads them). */
export function checkConversation(
  input: readonly InputItem[],
  previousResponseId: string | null,
  store: ResponseStore,
  modelOutputIds = true,
): CheckedConversation {
  if (previousResponseId !== null && !store.get(previousResponseId)) {
    throw invalidRequest(
      `Previous response with id '${previousResponseId}' not found.`,
      'previous_response_id',
      'previous_response_not_found',
      404,
    );
  }
  const history = previousResponseId === null ? [] : store.history(previousResponseId);
  const resolved = input.map((item) => resolveReference(item, store, modelOutputIds));
  const conversation = [...history, ...resolved];
  checkToolPairs(conversation);
  return { input: resolved, conversation };
}

function resolveReference(item: InputItem, store: ResponseStore, modelOutputIds: boolean): Record<string, unknown> {
  const byBareId = item.type === 'item_reference' || (item.type === 'reasoning' && typeof item.encrypted_content !== 'string');
  // A model output item that names its id must name one the server kept: under store:false none are kept, so it is refused.
  const modelOutput = MODEL_OUTPUT_TYPES.has(item.type) || (item.type === 'message' && item['role'] === 'assistant');
  if (modelOutputIds && modelOutput && typeof item.id === 'string' && !store.item(item.id)) throw missingItem(item.id);
  if (!byBareId) return item;
  const id = String(item.id);
  const stored = store.item(id);
  if (!stored) throw missingItem(id);
  return stored;
}

function missingItem(id: string) {
  return invalidRequest(
    `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
    'input',
    null,
    404,
  );
}

function checkToolPairs(conversation: readonly Record<string, unknown>[]): void {
  const unanswered = new Map<string, string>();
  const answered = new Set<string>();
  for (const item of conversation) {
    const type = String(item.type);
    const callId = String(item.call_id);
    if (type in outputTypeOfCall) {
      unanswered.set(callId, type);
    } else if (Object.values(outputTypeOfCall).includes(type)) {
      const callType = unanswered.get(callId);
      if (callType !== undefined && outputTypeOfCall[callType] === type) {
        unanswered.delete(callId);
        answered.add(callId);
      } else if (!answered.has(callId)) {
        throw invalidRequest(`No tool call found for ${label[type]} with call_id ${callId}.`, 'input');
      }
    }
  }
  const [first] = unanswered;
  if (first) {
    const [callId, type] = first;
    throw invalidRequest(`No tool output found for ${label[type]} ${callId}.`, 'input');
  }
}
