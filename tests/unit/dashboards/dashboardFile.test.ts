import { describe, expect, test } from 'vitest';
import {
  buildDashboardFile,
  mappingErrors,
  parseDashboardFile,
  suggestMapping,
  widgetsForImport,
  type DashboardFile,
} from '../../../src/dashboards/dashboardFile.ts';

const TYPES = ['line_chart', 'table', 'stat_card'];

const source = {
  dashboard: { title: 'Plant', slug: 'plant', isPublic: true },
  widgets: [
    { type: 'table', pipelineId: 'p-temp', config: { title: 'Latest', fields: ['t'] }, position: { x: 0, y: 4, w: 6, h: 3 } },
    { type: 'stat_card', pipelineId: 'p-temp', config: { title: 'T', fields: ['t'], unit: '°C' }, position: { x: 0, y: 0, w: 3, h: 2 } },
    { type: 'line_chart', pipelineId: 'p-door', config: { fields: ['open'] }, position: { x: 3, y: 0, w: 9, h: 4 } },
  ],
  pipelines: [
    { id: 'p-temp', name: 'Temperature', fields: [{ name: 't', type: 'number' as const, unit: '°C' }] },
    { id: 'p-door', name: 'Door' },
    { id: 'p-unused', name: 'Unused' },
  ],
};

function exported(): DashboardFile {
  return buildDashboardFile(source);
}

describe('buildDashboardFile', () => {
  test('widgets top to bottom, only the pipelines they use', () => {
    const file = exported();
    expect(file.version).toBe(1);
    expect(file.dashboard).toEqual({ title: 'Plant', slug: 'plant', description: '', isPublic: true });
    expect(file.widgets.map((w) => w.type)).toEqual(['stat_card', 'line_chart', 'table']);
    expect(file.pipelines).toEqual([
      { ref: 'p-temp', name: 'Temperature', fields: [{ name: 't', type: 'number', unit: '°C' }] },
      { ref: 'p-door', name: 'Door', fields: [] },
    ]);
  });

  test('round-trips through JSON text', () => {
    const parsed = parseDashboardFile(JSON.stringify(exported()), TYPES);
    expect(parsed).toEqual({ ok: true, file: exported() });
  });
});

describe('parseDashboardFile: clear errors for a bad file', () => {
  const text = (patch: (f: Record<string, unknown>) => void) => {
    const file = JSON.parse(JSON.stringify(exported())) as Record<string, unknown>;
    patch(file);
    return JSON.stringify(file);
  };
  const errorsOf = (t: string) => {
    const r = parseDashboardFile(t, TYPES);
    return r.ok ? [] : r.errors;
  };

  test('not JSON, not an object, wrong version', () => {
    expect(errorsOf('{oops')[0]).toMatch(/^The file is not valid JSON/);
    expect(errorsOf('[1,2]')).toEqual(['The file must hold a JSON object exported from Dash.']);
    expect(errorsOf(text((f) => (f.version = 2)))).toEqual(['Unsupported file version 2: this app reads version 1.']);
    expect(errorsOf(text((f) => delete f.version))).toEqual(['Unsupported file version missing: this app reads version 1.']);
  });

  test('a JSON file that is not a Dash export says what the file is expected to be', () => {
    const [error] = errorsOf(JSON.stringify({ name: 'my-app', dependencies: {} }));
    expect(error).toMatch(/^This is not a Dash dashboard export \(expected a JSON file exported from Dash, with "version": 1/);
    expect(error).toContain('Export to a file');
  });

  test('what the rules would refuse is refused here, with the reason', () => {
    const t = text((f) => {
      (f.dashboard as Record<string, unknown>).description = 'd'.repeat(501);
      const w = (f.widgets as Record<string, unknown>[])[0]!;
      w.config = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, i]));
      (f.widgets as Record<string, unknown>[])[1]!.config = { title: 't'.repeat(121) };
    });
    const errors = errorsOf(t);
    expect(errors).toContain('dashboard.description has 501 characters; a description has at most 500.');
    expect(errors).toContain('widgets[0].config has 41 options; a widget has at most 40.');
    expect(errors.some((e) => e.startsWith('widgets[1].config: title'))).toBe(true);
  });

  test('each problem is named with where it is', () => {
    const t = text((f) => {
      const d = f.dashboard as Record<string, unknown>;
      d.title = '';
      d.slug = 'Bad Slug';
      const widgets = f.widgets as Record<string, unknown>[];
      widgets[0].type = 'pie';
      widgets[1].pipelineRef = 'elsewhere';
      widgets[2].position = { x: 10, y: 0, w: 4, h: 1 };
      widgets[2].config = 'x';
      (f.pipelines as Record<string, unknown>[]).push({ ref: 'p-temp', name: 'Again' });
    });
    expect(errorsOf(t)).toEqual([
      'dashboard.title must be text of 1 to 120 characters.',
      'dashboard.slug "Bad Slug": A slug may only hold lower-case letters, digits and "-".',
      'pipelines[2].ref "p-temp" is listed twice.',
      'widgets[0].type "pie" is not a widget type this app knows (line_chart, table, stat_card).',
      'widgets[1].pipelineRef "elsewhere" is not listed in "pipelines".',
      'widgets[2].config must be an object.',
      'widgets[2].position: x + w must be at most 12.',
    ]);
  });

  test('missing lists and malformed fields', () => {
    expect(errorsOf(text((f) => delete f.widgets))).toEqual(['"widgets" must be a list.']);
    expect(errorsOf(text((f) => ((f.pipelines as Record<string, unknown>[])[0].fields = [{ name: 't', type: 'float' }])))).toEqual([
      'pipelines[0].fields must be a list of {name, type: number|string|bool, unit?}.',
    ]);
  });
});

describe('import mapping', () => {
  const team = [
    { id: 'x1', name: 'temperature ' },
    { id: 'p-door', name: 'Front door' },
    { id: 'x3', name: 'Other' },
  ];

  test('suggests by id, then by name ignoring case', () => {
    expect(suggestMapping(exported(), team)).toEqual({ 'p-temp': 'x1', 'p-door': 'p-door' });
    expect(suggestMapping(exported(), [])).toEqual({});
  });

  test('every referenced pipeline needs a team pipeline', () => {
    const file = exported();
    expect(mappingErrors(file, { 'p-temp': 'x1', 'p-door': 'x3' }, ['x1', 'x3'])).toEqual([]);
    expect(mappingErrors(file, { 'p-temp': 'x1' }, ['x1'])).toEqual(['Choose which of the team\'s pipelines stands in for "Door".']);
    expect(mappingErrors(file, { 'p-temp': 'zz', 'p-door': 'x1' }, ['x1'])).toEqual(['"Temperature" is mapped to a pipeline that is not in this team.']);
  });

  test('widgets point at the mapped pipelines and are copies', () => {
    const file = exported();
    const widgets = widgetsForImport(file, { 'p-temp': 'x1', 'p-door': 'x3' });
    expect(widgets.map((w) => [w.type, w.pipelineId])).toEqual([
      ['stat_card', 'x1'],
      ['line_chart', 'x3'],
      ['table', 'x1'],
    ]);
    expect(widgets[0].config).toEqual(file.widgets[0].config);
    expect(widgets[0].config).not.toBe(file.widgets[0].config);
  });
});
