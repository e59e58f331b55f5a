import { addPipeline, patchPipeline, type LiveMode, type PipelineUpdate } from '../data/pipelines.ts';
import { fieldsErrors, normalizeFields, type PipelineField } from './schema.ts';

export const LIVE_MODES: readonly { value: LiveMode; label: string }[] = [
  { value: 'auto', label: 'Auto: instant while the rate is low, economy above it' },
  { value: 'instant', label: 'Instant: every record as it lands' },
  { value: 'economy', label: 'Economy: the rolled-up window, fewer reads' },
];

export const PIPELINE_NAME_MAX = 80;

export function pipelineNameError(name: string): string | null {
  const n = name.trim();
  if (!n) return 'A pipeline needs a name.';
  if (n.length > PIPELINE_NAME_MAX) return `A pipeline name has at most ${PIPELINE_NAME_MAX} characters.`;
  return null;
}

export function flushSecondsError(value: number): string | null {
  return Number.isInteger(value) && value >= 1 && value <= 60 ? null : 'The rollup cadence is a whole number of seconds from 1 to 60.';
}

/** Creates a pipeline of the team (owners and editors). Returns its id. */
export async function createPipeline(teamId: string, input: { name: string; description?: string }, uid: string): Promise<string> {
  const nameError = pipelineNameError(input.name);
  if (nameError) throw new Error(nameError);
  const description = input.description?.trim();
  return addPipeline(teamId, { name: input.name.trim(), ...(description ? { description } : {}) }, uid);
}

export interface PipelinePatch {
  name?: string;
  description?: string;
  fields?: PipelineField[];
  flushSeconds?: number;
  live?: LiveMode;
}

/** Updates a pipeline's editable fields only (never `teamId` or `public`), each checked first. */
export async function updatePipeline(pipelineId: string, patch: PipelinePatch): Promise<void> {
  const update: PipelineUpdate = {};
  if (patch.name !== undefined) {
    const nameError = pipelineNameError(patch.name);
    if (nameError) throw new Error(nameError);
    update.name = patch.name.trim();
  }
  if (patch.description !== undefined) update.description = patch.description.trim() || null;
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
  await patchPipeline(pipelineId, update);
}
