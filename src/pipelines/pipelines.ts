import { FLUSH_SECONDS, RETENTION_DAYS, TEXT_LIMITS, type LiveMode, type PipelineField } from '../../contract/index.ts';
import { addPipeline, patchPipeline, type PipelineUpdate } from '../data/pipelines.ts';
import { fieldsErrors, normalizeFields } from './schema.ts';

export const LIVE_MODES: readonly { value: LiveMode; label: string }[] = [
  { value: 'auto', label: 'Auto: instant while the rate is low, economy above it' },
  { value: 'instant', label: 'Instant: every record as it lands' },
  { value: 'economy', label: 'Economy: the rolled-up window, fewer reads' },
];

export function pipelineNameError(name: string): string | null {
  const n = name.trim();
  if (!n) return 'A pipeline needs a name.';
  if (n.length > TEXT_LIMITS.pipelineName) return `A pipeline name has at most ${TEXT_LIMITS.pipelineName} characters.`;
  return null;
}

export function descriptionError(description: string): string | null {
  return description.trim().length > TEXT_LIMITS.description ? `A description has at most ${TEXT_LIMITS.description} characters.` : null;
}

/** `null` keeps records forever. */
export function retentionDaysError(value: number | null): string | null {
  const { min, max } = RETENTION_DAYS;
  return value === null || (Number.isInteger(value) && value >= min && value <= max)
    ? null
    : `Records are kept a whole number of days from ${min} to ${max}, or forever (leave it empty).`;
}

export function flushSecondsError(value: number): string | null {
  const { min, max } = FLUSH_SECONDS;
  return Number.isInteger(value) && value >= min && value <= max ? null : `The rollup cadence is a whole number of seconds from ${min} to ${max}.`;
}

/** Creates a pipeline of the team (owners and editors). Returns its id. */
export async function createPipeline(teamId: string, input: { name: string; description?: string }, uid: string): Promise<string> {
  const nameError = pipelineNameError(input.name);
  if (nameError) throw new Error(nameError);
  const description = input.description?.trim();
  const tooLong = descriptionError(description ?? '');
  if (tooLong) throw new Error(tooLong);
  return addPipeline(teamId, { name: input.name.trim(), ...(description ? { description } : {}) }, uid);
}

export interface PipelinePatch {
  name?: string;
  description?: string;
  fields?: PipelineField[];
  flushSeconds?: number;
  live?: LiveMode;
  /** null: kept forever. */
  retentionDays?: number | null;
}

/** Updates a pipeline's editable fields only (never `teamId` or `public`), each checked first. */
export async function updatePipeline(pipelineId: string, patch: PipelinePatch): Promise<void> {
  const update: PipelineUpdate = {};
  if (patch.name !== undefined) {
    const nameError = pipelineNameError(patch.name);
    if (nameError) throw new Error(nameError);
    update.name = patch.name.trim();
  }
  if (patch.description !== undefined) {
    const tooLong = descriptionError(patch.description);
    if (tooLong) throw new Error(tooLong);
    update.description = patch.description.trim() || null;
  }
  if (patch.fields !== undefined) {
    const errors = fieldsErrors(patch.fields);
    if (errors.length > 0) throw new Error(errors.join(' '));
    update.fields = normalizeFields(patch.fields);
  }
  if (patch.flushSeconds !== undefined) {
    const e = flushSecondsError(patch.flushSeconds);
    if (e) throw new Error(e);
    update.flushSeconds = patch.flushSeconds;
  }
  if (patch.live !== undefined) update.live = patch.live;
  if (patch.retentionDays !== undefined) {
    const e = retentionDaysError(patch.retentionDays);
    if (e) throw new Error(e);
    update.retentionDays = patch.retentionDays;
  }
  await patchPipeline(pipelineId, update);
}
