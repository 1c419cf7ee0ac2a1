// Cards for what the agent does besides talking: file edits up for review, commands waiting for approval and their
// live output, other tool calls, errors with Retry, notices, and the token usage and cost of each turn.
import type { ToolOutcome } from '../shared/events';
import type { Entry } from '../shared/protocol';
import { invisibleWarning, revealInvisible } from '../shared/invisibleText';
import { formatTokens } from '../shared/transcript';
import { el, icon, textButton } from './dom';
import type { EntryView, ViewContext } from './entryView';

type Of<K extends Entry['kind']> = Extract<Entry, { kind: K }>;
type CardKind = Exclude<Entry['kind'], 'user' | 'assistant' | 'reasoning'>;

export function cardView(entry: Of<CardKind>, context: ViewContext): EntryView {
  switch (entry.kind) {
    case 'edit':
      return editCard(entry, context);
    case 'command':
      return commandCard(context);
    case 'function':
      return functionCard();
    case 'error':
      return errorCard(context);
    case 'notice':
      return noticeCard();
    case 'usage':
      return usageLine();
  }
}

const STATUS_TEXT: Record<string, string> = {
  proposed: 'Preparing…',
  awaiting_review: 'Waiting for your review',
  awaiting_approval: 'Waiting for your approval',
  applying: 'Applying…',
  running: 'Running…',
  interrupted: 'Interrupted: the chat was closed before this finished',
  // OpenRouter runs a built-in shell in its own sandbox: nothing was asked of the user because nothing ran here.
  ran_by_provider: 'Run by the provider, not on this machine',
};

function statusText(entry: { status: string; outcome?: ToolOutcome | undefined; summary?: string | undefined }): string {
  if (entry.outcome) return entry.summary || OUTCOME_TEXT[entry.outcome];
  return STATUS_TEXT[entry.status] ?? entry.status.replace(/_/g, ' ');
}

const OUTCOME_TEXT: Record<ToolOutcome, string> = { completed: 'Done', failed: 'Failed', rejected: 'Rejected', cancelled: 'Cancelled' };
const OUTCOME_ICON: Record<ToolOutcome, string> = { completed: 'pass', failed: 'error', rejected: 'circle-slash', cancelled: 'debug-stop' };

/** The outcome's icon; without one the call is still under way, unless a saved chat says it never finished. */
function outcomeIcon(entry: { status: string; outcome?: ToolOutcome | undefined }): HTMLElement {
  if (entry.outcome) return icon(OUTCOME_ICON[entry.outcome], `cw-outcome-${entry.outcome}`);
  if (entry.status === 'ran_by_provider') return icon('cloud');
  return entry.status === 'interrupted' ? icon('debug-disconnect', 'cw-outcome-interrupted') : icon('loading', 'codicon-modifier-spin');
}

function editCard(first: Of<'edit'>, context: ViewContext): EntryView {
  const kindIcon = icon(first.change === 'create' ? 'new-file' : first.change === 'delete' ? 'trash' : 'edit');
  const path = el('span.cw-card-title');
  const stats = el('span.cw-diffstat');
  const status = el('div.cw-card-status', { role: 'status' });
  const actions = el('div.cw-card-actions');
  const buttons = [
    textButton('Open Diff', () => context.post({ type: 'edit', callId: id, action: 'open' }), { secondary: true, iconName: 'diff' }),
    textButton('Accept', () => decide('accept'), { iconName: 'check' }),
    textButton('Reject', () => decide('reject'), { secondary: true, iconName: 'close' }),
  ];
  actions.append(...buttons);
  const hidden = el('p.cw-why', { hidden: true });
  const root = el(
    'article',
    { 'aria-label': 'Proposed file change' },
    el('div.cw-card-head', {}, kindIcon, path, stats),
    hidden,
    status,
    actions,
  );
  root.classList.add('cw-card');
  let id = first.id;
  function decide(action: 'accept' | 'reject'): void {
    for (const b of buttons.slice(1)) b.disabled = true;
    context.post({ type: 'edit', callId: id, action });
  }
  return {
    root,
    update(entry) {
      if (entry.kind !== 'edit') return;
      id = entry.id;
      // A path holding bidi or invisible characters shows them spelled out, with a warning: what is shown is what is written.
      const target = entry.moveTo ? `${entry.path} → ${entry.moveTo}` : entry.path;
      const warning = invisibleWarning(target);
      path.textContent = revealInvisible(target);
      path.title = warning ?? path.textContent;
      hidden.replaceChildren(...(warning ? [icon('warning'), warning] : []));
      hidden.hidden = warning === undefined;
      stats.replaceChildren();
      if (entry.added !== undefined && entry.removed !== undefined) {
        stats.setAttribute('aria-label', `${entry.added} lines added, ${entry.removed} lines removed`);
        stats.append(
          el('span.cw-added', { 'aria-hidden': 'true' }, `+${entry.added}`),
          el('span.cw-removed', { 'aria-hidden': 'true' }, `−${entry.removed}`),
        );
      }
      status.replaceChildren(outcomeIconFor(entry), statusText(entry));
      actions.hidden = !entry.pending;
      if (entry.pending) for (const b of buttons) b.disabled = false;
      root.dataset.state = entry.outcome ?? entry.status;
    },
  };
}

function outcomeIconFor(entry: { status: string; pending?: boolean; outcome?: ToolOutcome | undefined }): HTMLElement {
  return entry.pending ? icon('circle-large-outline') : outcomeIcon(entry);
}

function commandCard(context: ViewContext): EntryView {
  const commands = el('pre.cw-command');
  const why = el('p.cw-why');
  const reason = el('input.cw-input', { type: 'text', placeholder: 'Reason (optional)', 'aria-label': 'Reason for rejecting (optional)' });
  const buttons = [
    textButton('Run', () => decide('run'), { iconName: 'play' }),
    textButton('Always Allow', () => decide('always'), { secondary: true, iconName: 'check-all' }),
    textButton('Reject', () => decide('reject'), { secondary: true, iconName: 'close' }),
  ];
  const actions = el('div.cw-card-actions', {}, ...buttons, reason);
  const output = el('pre.cw-output', { tabindex: 0, 'aria-label': 'Command output' });
  const runs = el('div.cw-runs');
  const status = el('div.cw-card-status', { role: 'status' });
  const root = el(
    'article',
    { 'aria-label': 'Command' },
    el('div.cw-card-head', {}, icon('terminal'), el('span.cw-card-title', {}, 'Command')),
    commands,
    why,
    actions,
    output,
    runs,
    status,
  );
  root.classList.add('cw-card');
  let id = '';
  let shownOutput = '';
  reason.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') decide('reject');
  });
  function decide(decision: 'run' | 'always' | 'reject'): void {
    for (const b of buttons) b.disabled = true;
    const text = reason.value.trim();
    context.post(
      decision === 'reject' && text ? { type: 'approval', callId: id, decision, reason: text } : { type: 'approval', callId: id, decision },
    );
  }
  return {
    root,
    update(entry) {
      if (entry.kind !== 'command') return;
      id = entry.id;
      // What the user approves is what runs: bidi controls and invisible characters are spelled out, never rendered.
      commands.textContent = entry.commands.map((c) => `$ ${revealInvisible(c)}`).join('\n');
      const warnings = [entry.commands.map(invisibleWarning).find((w) => w !== undefined), entry.why].filter((w) => w !== undefined);
      why.replaceChildren(...(warnings.length > 0 ? [icon('warning'), warnings.join(' ')] : []));
      why.hidden = warnings.length === 0;
      actions.hidden = !entry.pending;
      if (entry.pending) for (const b of buttons) b.disabled = false;
      buttons[1]!.hidden = entry.allowable === false;
      if (entry.output !== shownOutput) {
        const follow = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
        output.textContent = entry.output;
        shownOutput = entry.output;
        if (follow) output.scrollTop = output.scrollHeight;
      }
      output.hidden = entry.output.length === 0;
      runs.replaceChildren(
        ...entry.runs
          .filter((r) => r.exitCode !== undefined)
          .map((r) => {
            // A reopened chat knows how a command ended but not how long it took.
            const took = r.durationMs === undefined ? '' : formatDuration(r.durationMs);
            const text =
              r.exitCode === null
                ? took
                  ? `timed out after ${took}`
                  : 'timed out'
                : took
                  ? `exit ${r.exitCode} · ${took}`
                  : `exit ${r.exitCode}`;
            return el(
              `div.cw-run${r.exitCode === 0 ? '.cw-run-ok' : '.cw-run-failed'}`,
              { title: revealInvisible(r.command) },
              el('code', {}, revealInvisible(r.command)),
              ` ${text}`,
            );
          }),
      );
      // The runs above already show each exit status; the status line then says only how the call ended.
      const ended = entry.runs.some((r) => r.exitCode !== undefined);
      status.replaceChildren(outcomeIconFor(entry), ended && entry.outcome ? OUTCOME_TEXT[entry.outcome] : statusText(entry));
      root.dataset.state = entry.outcome ?? entry.status;
    },
  };
}

function functionCard(): EntryView {
  const title = el('span.cw-card-title');
  const args = el('pre.cw-output');
  const status = el('div.cw-card-status', { role: 'status' });
  const details = el('details', {}, el('summary', {}, 'Arguments'), args);
  // What the tool returned as images (an MCP result), as the model received them.
  const images = el('div.cw-images');
  const root = el('article', { 'aria-label': 'Tool call' }, el('div.cw-card-head', {}, icon('tools'), title), details, images, status);
  root.classList.add('cw-card');
  return {
    root,
    update(entry) {
      if (entry.kind !== 'function') return;
      title.textContent = entry.name;
      args.textContent = entry.arguments;
      const shown = entry.images ?? [];
      if (images.childElementCount !== shown.length) {
        images.replaceChildren(...shown.map((src, i) => el('img.cw-thumb', { src, alt: `Image ${i + 1} returned by ${entry.name}` })));
      }
      images.hidden = shown.length === 0;
      status.replaceChildren(outcomeIcon(entry), statusText(entry));
    },
  };
}

function errorCard(context: ViewContext): EntryView {
  const message = el('p.cw-error-message');
  const retry = textButton('Retry', () => context.post({ type: 'retry' }), { iconName: 'refresh' });
  retry.classList.add('cw-retry');
  const root = el(
    'article',
    { 'aria-label': 'Error' },
    el('div.cw-card-head', {}, icon('error'), el('span.cw-card-title', {}, 'Something went wrong')),
    message,
    el('div.cw-card-actions', {}, retry),
  );
  root.classList.add('cw-card');
  return {
    root,
    update(entry) {
      if (entry.kind !== 'error') return;
      message.textContent = entry.message;
      root.title = entry.code ?? '';
    },
  };
}

function noticeCard(): EntryView {
  const text = el('span');
  return {
    root: el('div', {}, icon('info'), text),
    update(entry) {
      if (entry.kind === 'notice') text.textContent = entry.text;
    },
  };
}

function usageLine(): EntryView {
  const root = el('div');
  return {
    root,
    update(entry) {
      if (entry.kind !== 'usage') return;
      // The chat's totals are shown once, under the transcript; this line is the turn's own.
      root.textContent = `This turn: ${describeUsage(entry.turn)}`;
      root.title = `Context: ${formatTokens(entry.contextTokens)} of ${formatTokens(entry.contextWindow)} tokens`;
    },
  };
}

type UsageLike = Of<'usage'>['turn'];

export function describeUsage(u: UsageLike): string {
  const cached = u.cachedInputTokens ? ` (${formatTokens(u.cachedInputTokens)} cached)` : '';
  return `${formatTokens(u.inputTokens)} in${cached}, ${formatTokens(u.outputTokens)} out${withCost(u.costUsd)}`;
}

export function describeTotal(u: UsageLike): string {
  return `${formatTokens(u.inputTokens + u.outputTokens)} tokens${withCost(u.costUsd)}`;
}

/** A price only where the model has one: a local or demo model's tokens are shown without a made-up cost. */
function withCost(usd: number | null): string {
  return usd === null ? '' : `, ${formatCost(usd)}`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
