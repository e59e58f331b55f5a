import { describe, expect, it } from 'vitest';
import {
  parseDashboard,
  parseInvite,
  parseMember,
  parsePipeline,
  parseSlug,
  parseTeam,
  parseWidget,
  parseWidgetConfig,
  parseWidgetPosition,
} from '../../../contract/index.ts';
import { errorOf, ts } from './fixtures.ts';

const t0 = ts(1_700_000_000_000);

const dashboard = { teamId: 't1', slug: 'ops-room', title: 'Ops', isPublic: false, createdAt: t0, updatedAt: t0, createdBy: 'u1' };
const widget = {
  type: 'line_chart',
  pipelineId: 'p1',
  config: { title: 'CPU', fields: ['cpu', 'load'], unit: '%', smooth: true },
  position: { x: 0, y: 2, w: 6, h: 4 },
  createdAt: t0,
  updatedAt: t0,
};
const pipeline = { teamId: 't1', name: 'Host', public: false, createdAt: t0, createdBy: 'u1' };

describe('authoring parsers', () => {
  it('turn valid data into typed values with their ids, leaving absent optional fields absent', () => {
    expect(parseTeam('t1', { name: 'Ops', createdAt: t0, createdBy: 'u1' })).toEqual({ id: 't1', name: 'Ops', createdAt: t0, createdBy: 'u1' });
    expect(parseMember('u2', { role: 'viewer', addedAt: t0 })).toEqual({ uid: 'u2', role: 'viewer', addedAt: t0 });
    expect(parseInvite('ann@x.org', { role: 'editor', invitedBy: 'u1', createdAt: t0, teamName: 'Ops' })).toEqual({
      email: 'ann@x.org',
      role: 'editor',
      invitedBy: 'u1',
      createdAt: t0,
      teamName: 'Ops',
    });
    expect(parseDashboard('d1', dashboard)).toEqual({ id: 'd1', ...dashboard });
    expect(parseSlug('ops-room', { dashboardId: 'd1', teamId: 't1' })).toEqual({ slug: 'ops-room', dashboardId: 'd1', teamId: 't1' });
    expect(parseWidget('w1', widget)).toEqual({ id: 'w1', ...widget });
    expect(parsePipeline('p1', pipeline)).toEqual({ id: 'p1', ...pipeline });
  });

  it('keep every optional field of a pipeline, and ignore keys the contract does not know', () => {
    const full = {
      ...pipeline,
      description: 'This host',
      fields: [{ name: 'cpu', type: 'number', unit: '%', label: 'CPU' }, { name: 'up', type: 'bool' }],
      flushSeconds: 5,
      live: 'economy',
      retentionDays: 30,
    };
    expect(parsePipeline('p1', { ...full, somethingNew: 1 })).toEqual({ id: 'p1', ...full });
  });

  it.each([
    ['a team without a name', () => parseTeam('t1', { createdAt: t0, createdBy: 'u1' }), 'team "t1": name must be a string of 1..80 characters, not missing'],
    ['a team name of 81 characters', () => parseTeam('t1', { name: 'x'.repeat(81), createdAt: t0, createdBy: 'u1' }), 'name must be a string of 1..80 characters, not a string of 81 characters'],
    ['a member with an unknown role', () => parseMember('u1', { role: 'admin', addedAt: t0 }), 'member "u1": role must be one of owner, editor, producer, viewer, not "admin"'],
    ['an owner invite', () => parseInvite('a@x.org', { role: 'owner', invitedBy: 'u1', createdAt: t0 }), 'role must be one of editor, producer, viewer'],
    ['an invite id with capitals', () => parseInvite('Ann@x.org', { role: 'viewer', invitedBy: 'u1', createdAt: t0 }), 'id must be the invitee\'s email, lower-cased'],
    ['a dashboard with a date for a timestamp', () => parseDashboard('d1', { ...dashboard, createdAt: new Date() }), 'dashboard "d1": createdAt must be a timestamp, not a Date'],
    ['a dashboard with a pending (null) timestamp', () => parseDashboard('d1', { ...dashboard, updatedAt: null }), 'updatedAt must be a timestamp, not null'],
    ['a dashboard with a bad slug', () => parseDashboard('d1', { ...dashboard, slug: 'Ops Room' }), 'slug must be a slug (3..64 of a-z, 0-9 and -), not "Ops Room"'],
    ['a dashboard with a string isPublic', () => parseDashboard('d1', { ...dashboard, isPublic: 'yes' }), 'isPublic must be true or false, not "yes"'],
    ['a dashboard description of 501 characters', () => parseDashboard('d1', { ...dashboard, description: 'x'.repeat(501) }), 'description must be a string of 0..500'],
    ['a slug doc under a bad id', () => parseSlug('ab', { dashboardId: 'd1', teamId: 't1' }), 'slug "ab": id must be a slug'],
    ['a widget type with capitals', () => parseWidget('w1', { ...widget, type: 'LineChart' }), 'widget "w1": type must be a widget type name'],
    ['a widget position off the grid', () => parseWidget('w1', { ...widget, position: { x: -1, y: 0, w: 1, h: 1 } }), 'widget "w1": position.x must be a whole number in 0..99, not -1'],
    ['a widget position of 2.5', () => parseWidget('w1', { ...widget, position: { x: 0, y: 0, w: 2.5, h: 1 } }), 'position.w must be a whole number in 1..24, not 2.5'],
    ['a widget without a position', () => parseWidget('w1', { ...widget, position: undefined }), 'position must be a map, not missing'],
    ['a widget title of 121 characters', () => parseWidget('w1', { ...widget, config: { title: 'x'.repeat(121) } }), 'config.title must be a string of 0..120'],
    ['a widget fields entry that is a number', () => parseWidget('w1', { ...widget, config: { fields: ['cpu', 3] } }), 'config.fields[1] must be a field name of 1..64 characters, not 3'],
    ['a widget fields string', () => parseWidget('w1', { ...widget, config: { fields: 'cpu' } }), 'config.fields must be a list, not "cpu"'],
    ['a widget unit of 33 characters', () => parseWidget('w1', { ...widget, config: { unit: 'x'.repeat(33) } }), 'config.unit must be a string of 0..32'],
    ['a pipeline with flushSeconds 0', () => parsePipeline('p1', { ...pipeline, flushSeconds: 0 }), 'pipeline "p1": flushSeconds must be a whole number in 1..60, not 0'],
    ['a pipeline with retentionDays 3651', () => parsePipeline('p1', { ...pipeline, retentionDays: 3651 }), 'retentionDays must be a whole number in 1..3650, not 3651'],
    ['a pipeline with an unknown live mode', () => parsePipeline('p1', { ...pipeline, live: 'fast' }), 'live must be one of instant, economy, auto, not "fast"'],
    ['a pipeline field with an unknown type', () => parsePipeline('p1', { ...pipeline, fields: [{ name: 'a', type: 'number' }, { name: 'b', type: 'int' }] }), 'fields[1].type must be one of number, string, bool, not "int"'],
    ['a pipeline field that is not a map', () => parsePipeline('p1', { ...pipeline, fields: ['cpu'] }), 'fields[0] must be a map {name, type, unit?}, not "cpu"'],
    ['a pipeline without public', () => parsePipeline('p1', { ...pipeline, public: undefined }), 'public must be true or false, not missing'],
    ['a document that is not a map', () => parseTeam('t1', undefined), 'team "t1": the document must be a map, not missing'],
  ])('reject %s, naming the field', (_, parse, message) => {
    const err = errorOf(parse);
    expect(err.message).toContain(message);
  });

  it('give the document and the field on the error', () => {
    const err = errorOf(() => parseWidget('w9', { ...widget, position: { ...widget.position, h: 25 } }));
    expect(err.document).toBe('widget "w9"');
    expect(err.field).toBe('position.h');
  });

  it('bound a pipeline to 50 fields and a widget config to 40 keys', () => {
    const fields = Array.from({ length: 51 }, (_, i) => ({ name: `f${i}`, type: 'number' }));
    expect(errorOf(() => parsePipeline('p1', { ...pipeline, fields })).message).toContain('fields must hold at most 50 items, not 51');
    const config = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, i]));
    expect(errorOf(() => parseWidgetConfig(config)).message).toContain('a config holds at most 40');
    const forty = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    expect(parseWidgetConfig(forty)).toEqual(forty);
  });

  it('read a position or a config alone, for imported files', () => {
    expect(parseWidgetPosition({ x: 11, y: 0, w: 1, h: 24 })).toEqual({ x: 11, y: 0, w: 1, h: 24 });
    expect(errorOf(() => parseWidgetPosition({ x: 0, y: 0, w: 0, h: 1 }, 'widgets[3].position')).message).toBe(
      'widgets[3].position: w must be a whole number in 1..24, not 0',
    );
  });
});
