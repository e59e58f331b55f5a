import { positionError } from '../editor/layout.ts';
import { fieldsErrors } from '../pipelines/schema.ts';
import { FIELD_TYPES, type PipelineField } from '../../contract/index.ts';
import { slugError } from '../lib/slug.ts';
import { cloneValue } from '../editor/widgetDiff.ts';
import { parseWidgetConfig, WIDGET_CONFIG_MAX_KEYS, type WidgetConfig } from '../../contract/index.ts';
import type { WidgetData } from '../data/widgets.ts';
import { DESCRIPTION_MAX, TITLE_MAX } from './dashboardLimits.ts';

/** A dashboard and its widgets as an exported JSON file (version 1). */
export interface DashboardFile {
  version: 1;
  dashboard: { title: string; slug: string; description: string; isPublic: boolean };
  widgets: (Omit<WidgetData, 'pipelineId'> & { pipelineRef: string })[];
  /** The pipelines the widgets read, by a reference local to the file (the source pipeline's id). */
  pipelines: { ref: string; name: string; fields: PipelineField[] }[];
}

export interface ExportSource {
  dashboard: { title: string; slug: string; description?: string; isPublic: boolean };
  widgets: readonly WidgetData[];
  pipelines: readonly { id: string; name: string; fields?: readonly PipelineField[] }[];
}

/** The file for a dashboard, its widgets (top to bottom) and the pipelines they read. */
export function buildDashboardFile({ dashboard, widgets, pipelines }: ExportSource): DashboardFile {
  const used = new Set(widgets.map((w) => w.pipelineId));
  const sorted = [...widgets].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
  return {
    version: 1,
    dashboard: { title: dashboard.title, slug: dashboard.slug, description: dashboard.description ?? '', isPublic: dashboard.isPublic },
    widgets: sorted.map((w) => ({ type: w.type, pipelineRef: w.pipelineId, config: cloneValue(w.config), position: { ...w.position } })),
    pipelines: [...used].map((id) => {
      const p = pipelines.find((x) => x.id === id);
      return { ref: id, name: p?.name ?? id, fields: (p?.fields ?? []).map((f) => ({ ...f })) };
    }),
  };
}

export type ParsedFile = { ok: true; file: DashboardFile } | { ok: false; errors: string[] };

const MAX_WIDGETS = 200;
const NOT_AN_EXPORT =
  'This is not a Dash dashboard export (expected a JSON file exported from Dash, with "version": 1, a "dashboard", its "widgets" and their "pipelines"). ' +
  'Open the dashboard in its editor, choose "Export to a file", and import that file.';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A widget's config checked by the contract, or {} with the problem added to `errors`. */
function parseConfig(config: Record<string, unknown>, i: number, errors: string[]): WidgetConfig {
  try {
    return parseWidgetConfig(config, `widgets[${i}].config`);
  } catch (err) {
    errors.push(`${(err as Error).message}.`);
    return {};
  }
}

/**
 * Checks an imported file's text: JSON, version 1, a dashboard, widgets whose
 * types are in `knownTypes` and whose pipelines the file lists. Every problem is
 * reported, each with where it is in the file.
 */
export function parseDashboardFile(text: string, knownTypes: readonly string[]): ParsedFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`The file is not valid JSON (${(err as Error).message}).`] };
  }
  if (!isObject(json)) return { ok: false, errors: ['The file must hold a JSON object exported from Dash.'] };
  if (json.version === undefined && !('dashboard' in json) && !('widgets' in json)) return { ok: false, errors: [NOT_AN_EXPORT] };
  if (json.version !== 1) {
    return { ok: false, errors: [`Unsupported file version ${JSON.stringify(json.version) ?? 'missing'}: this app reads version 1.`] };
  }
  const errors: string[] = [];

  const d = json.dashboard;
  if (!isObject(d)) errors.push('"dashboard" must be an object with title, slug, description and isPublic.');
  else {
    if (typeof d.title !== 'string' || d.title.trim().length < 1 || d.title.length > TITLE_MAX) errors.push(`dashboard.title must be text of 1 to ${TITLE_MAX} characters.`);
    if (typeof d.slug !== 'string') errors.push('dashboard.slug must be text.');
    else {
      const e = slugError(d.slug);
      if (e) errors.push(`dashboard.slug "${d.slug}": ${e}`);
    }
    if (d.description !== undefined && typeof d.description !== 'string') errors.push('dashboard.description must be text.');
    else if (typeof d.description === 'string' && d.description.length > DESCRIPTION_MAX) {
      errors.push(`dashboard.description has ${d.description.length} characters; a description has at most ${DESCRIPTION_MAX}.`);
    }
    if (d.isPublic !== undefined && typeof d.isPublic !== 'boolean') errors.push('dashboard.isPublic must be true or false.');
  }

  const refs = new Set<string>();
  if (!Array.isArray(json.pipelines)) errors.push('"pipelines" must be a list.');
  else {
    json.pipelines.forEach((p: unknown, i) => {
      if (!isObject(p)) return void errors.push(`pipelines[${i}] must be an object.`);
      if (typeof p.ref !== 'string' || !p.ref) errors.push(`pipelines[${i}].ref must be non-empty text.`);
      else if (refs.has(p.ref)) errors.push(`pipelines[${i}].ref "${p.ref}" is listed twice.`);
      else refs.add(p.ref);
      if (typeof p.name !== 'string') errors.push(`pipelines[${i}].name must be text.`);
      if (p.fields !== undefined) {
        const fields = p.fields;
        if (!Array.isArray(fields) || fields.some((f) => !isObject(f) || typeof f.name !== 'string' || !FIELD_TYPES.includes(f.type as never))) {
          errors.push(`pipelines[${i}].fields must be a list of {name, type: number|string|bool, unit?}.`);
        } else {
          for (const e of fieldsErrors(fields as PipelineField[])) errors.push(`pipelines[${i}].fields: ${e}`);
        }
      }
    });
  }

  const configs: WidgetConfig[] = [];
  if (!Array.isArray(json.widgets)) errors.push('"widgets" must be a list.');
  else {
    if (json.widgets.length > MAX_WIDGETS) errors.push(`A dashboard holds at most ${MAX_WIDGETS} widgets; this file has ${json.widgets.length}.`);
    json.widgets.forEach((w: unknown, i) => {
      if (!isObject(w)) return void errors.push(`widgets[${i}] must be an object.`);
      if (typeof w.type !== 'string' || !knownTypes.includes(w.type)) {
        errors.push(`widgets[${i}].type ${JSON.stringify(w.type) ?? 'missing'} is not a widget type this app knows (${knownTypes.join(', ')}).`);
      }
      if (typeof w.pipelineRef !== 'string') errors.push(`widgets[${i}].pipelineRef must be text.`);
      else if (Array.isArray(json.pipelines) && !refs.has(w.pipelineRef)) errors.push(`widgets[${i}].pipelineRef "${w.pipelineRef}" is not listed in "pipelines".`);
      if (!isObject(w.config)) errors.push(`widgets[${i}].config must be an object.`);
      else if (Object.keys(w.config).length > WIDGET_CONFIG_MAX_KEYS) {
        errors.push(`widgets[${i}].config has ${Object.keys(w.config).length} options; a widget has at most ${WIDGET_CONFIG_MAX_KEYS}.`);
      } else configs[i] = parseConfig(w.config, i, errors);
      const pe = positionError(w.position);
      if (pe) errors.push(`widgets[${i}].position: ${pe}.`);
    });
  }

  if (errors.length > 0) return { ok: false, errors };
  const dash = d as Record<string, unknown>;
  return {
    ok: true,
    file: {
      version: 1,
      dashboard: {
        title: (dash.title as string).trim(),
        slug: dash.slug as string,
        description: (dash.description as string | undefined) ?? '',
        isPublic: (dash.isPublic as boolean | undefined) ?? false,
      },
      widgets: (json.widgets as Record<string, unknown>[]).map((w, i) => {
        const { x, y, w: width, h } = w.position as WidgetData['position'];
        return { type: w.type as string, pipelineRef: w.pipelineRef as string, config: configs[i] ?? {}, position: { x, y, w: width, h } };
      }),
      pipelines: (json.pipelines as Record<string, unknown>[]).map((p) => ({
        ref: p.ref as string,
        name: p.name as string,
        fields: (p.fields as PipelineField[] | undefined) ?? [],
      })),
    },
  };
}

/** For each pipeline reference of a file, the id of the team pipeline that stands in for it. */
export type PipelineMapping = Record<string, string>;

/** A first guess: a team pipeline with the same id, else with the same name (ignoring case). */
export function suggestMapping(file: DashboardFile, teamPipelines: readonly { id: string; name: string }[]): PipelineMapping {
  const mapping: PipelineMapping = {};
  for (const p of file.pipelines) {
    const match =
      teamPipelines.find((t) => t.id === p.ref) ?? teamPipelines.find((t) => t.name.trim().toLowerCase() === p.name.trim().toLowerCase());
    if (match) mapping[p.ref] = match.id;
  }
  return mapping;
}

/** What keeps `mapping` from being used: a referenced pipeline left unmapped or mapped to no team pipeline. */
export function mappingErrors(file: DashboardFile, mapping: PipelineMapping, teamPipelineIds: readonly string[]): string[] {
  const used = new Set(file.widgets.map((w) => w.pipelineRef));
  const errors: string[] = [];
  for (const p of file.pipelines) {
    if (!used.has(p.ref)) continue;
    const target = mapping[p.ref];
    if (!target) errors.push(`Choose which of the team's pipelines stands in for "${p.name}".`);
    else if (!teamPipelineIds.includes(target)) errors.push(`"${p.name}" is mapped to a pipeline that is not in this team.`);
  }
  return errors;
}

/** The widgets to create for an import, each pointed at its mapped team pipeline (check `mappingErrors` first). */
export function widgetsForImport(file: DashboardFile, mapping: PipelineMapping): ExportSource['widgets'] {
  return file.widgets.map((w) => ({ type: w.type, pipelineId: mapping[w.pipelineRef] ?? '', config: cloneValue(w.config), position: { ...w.position } }));
}
