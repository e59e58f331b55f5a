/**
 * Parsers for the documents users author: teams, members, invites,
 * dashboards, slugs, widgets, pipelines. Each turns a snapshot's data into
 * its type or throws a ContractError naming the bad field. Read snapshots
 * with `{ serverTimestamps: 'estimate' }` so that a pending write's
 * timestamps are timestamps.
 */
import { ContractError, describe, Fields, isRecordObject } from './fields.ts';
import {
  FIELD_TYPES,
  INVITE_ROLES,
  LIVE_MODES,
  FLUSH_SECONDS,
  PIPELINE_MAX_FIELDS,
  POSITION_BOUNDS,
  RETENTION_DAYS,
  ROLES,
  SLUG_PATTERN,
  TEXT_LIMITS,
  WIDGET_CONFIG_MAX_FIELDS,
  WIDGET_CONFIG_MAX_KEYS,
  WIDGET_TYPE_PATTERN,
} from './limits.ts';
import type { Dashboard, Invite, Member, Pipeline, PipelineField, Slug, Team, Widget, WidgetConfig, WidgetPosition } from './types.ts';

export function parseTeam(id: string, data: unknown): Team {
  const f = new Fields(`team "${id}"`, data);
  return { id, name: f.string('name', 1, TEXT_LIMITS.teamName), createdAt: f.timestamp('createdAt'), createdBy: f.string('createdBy', 1, 128) };
}

export function parseMember(uid: string, data: unknown): Member {
  const f = new Fields(`member "${uid}"`, data);
  const email = f.optionalString('email', 254);
  return { uid, role: f.oneOf('role', ROLES), ...(email !== undefined && { email }), addedAt: f.timestamp('addedAt') };
}

export function parseInvite(email: string, data: unknown): Invite {
  const f = new Fields(`invite "${email}"`, data);
  if (email !== email.toLowerCase()) throw new ContractError(f.document, 'id', 'must be the invitee\'s email, lower-cased');
  const teamName = f.optionalString('teamName', TEXT_LIMITS.teamName);
  return {
    email,
    role: f.oneOf('role', INVITE_ROLES),
    invitedBy: f.string('invitedBy', 1, 128),
    createdAt: f.timestamp('createdAt'),
    ...(teamName !== undefined && { teamName }),
  };
}

export function parseDashboard(id: string, data: unknown): Dashboard {
  const f = new Fields(`dashboard "${id}"`, data);
  const description = f.optionalString('description', TEXT_LIMITS.description);
  return {
    id,
    teamId: f.string('teamId', 1, 128),
    slug: f.matching('slug', SLUG_PATTERN, 'a slug (3..64 of a-z, 0-9 and -)'),
    title: f.string('title', 1, TEXT_LIMITS.dashboardTitle),
    ...(description !== undefined && { description }),
    isPublic: f.bool('isPublic'),
    createdAt: f.timestamp('createdAt'),
    updatedAt: f.timestamp('updatedAt'),
    createdBy: f.string('createdBy', 1, 128),
  };
}

export function parseSlug(slug: string, data: unknown): Slug {
  const f = new Fields(`slug "${slug}"`, data);
  if (!SLUG_PATTERN.test(slug)) throw new ContractError(f.document, 'id', 'must be a slug (3..64 of a-z, 0-9 and -)');
  return { slug, dashboardId: f.string('dashboardId', 1, 128), teamId: f.string('teamId', 1, 128) };
}

function readPosition(f: Fields): WidgetPosition {
  return { x: f.int('x', POSITION_BOUNDS.x), y: f.int('y', POSITION_BOUNDS.y), w: f.int('w', POSITION_BOUNDS.w), h: f.int('h', POSITION_BOUNDS.h) };
}

function readConfig(f: Fields): WidgetConfig {
  const keys = f.keys();
  if (keys.length > WIDGET_CONFIG_MAX_KEYS) f.fail(keys[WIDGET_CONFIG_MAX_KEYS] ?? '', `is one key too many: a config holds at most ${WIDGET_CONFIG_MAX_KEYS}`);
  const config: WidgetConfig = {};
  for (const key of keys) config[key] = f.value(key);
  if (f.has('title')) config.title = f.string('title', 0, TEXT_LIMITS.widgetTitle);
  if (f.has('label')) config.label = f.string('label', 0, TEXT_LIMITS.widgetLabel);
  if (f.has('unit')) config.unit = f.string('unit', 0, TEXT_LIMITS.unit);
  if (f.has('range')) config.range = f.string('range', 1, 64);
  if (f.has('fields')) {
    config.fields = f.list('fields', WIDGET_CONFIG_MAX_FIELDS, (name, path) => {
      if (typeof name !== 'string' || name.length < 1 || name.length > TEXT_LIMITS.fieldName) {
        throw new ContractError(f.document, path, `must be a field name of 1..${TEXT_LIMITS.fieldName} characters, not ${describe(name)}`);
      }
      return name;
    });
  }
  return config;
}

/** A position as stored: whole numbers within POSITION_BOUNDS (keeping widgets within GRID_COLUMNS is the editor's job). */
export function parseWidgetPosition(data: unknown, document = 'widget position'): WidgetPosition {
  return readPosition(new Fields(document, data));
}

/** A widget's config: at most 40 keys; the shared keys typed, the others passed on as they are. */
export function parseWidgetConfig(data: unknown, document = 'widget config'): WidgetConfig {
  return readConfig(new Fields(document, data));
}

export function parseWidget(id: string, data: unknown): Widget {
  const f = new Fields(`widget "${id}"`, data);
  return {
    id,
    type: f.matching('type', WIDGET_TYPE_PATTERN, 'a widget type name (a-z and _)'),
    pipelineId: f.string('pipelineId', 1, 128),
    config: readConfig(f.map('config')),
    position: readPosition(f.map('position')),
    createdAt: f.timestamp('createdAt'),
    updatedAt: f.timestamp('updatedAt'),
  };
}

function parsePipelineField(document: string, value: unknown, path: string): PipelineField {
  if (!isRecordObject(value)) throw new ContractError(document, path, `must be a map {name, type, unit?}, not ${describe(value)}`);
  const f = new Fields(document, value, `${path}.`);
  const unit = f.optionalString('unit', TEXT_LIMITS.unit);
  const label = f.optionalString('label', TEXT_LIMITS.fieldLabel);
  return {
    name: f.string('name', 1, TEXT_LIMITS.fieldName),
    type: f.oneOf('type', FIELD_TYPES),
    ...(unit !== undefined && { unit }),
    ...(label !== undefined && { label }),
  };
}

export function parsePipeline(id: string, data: unknown): Pipeline {
  const f = new Fields(`pipeline "${id}"`, data);
  const description = f.optionalString('description', TEXT_LIMITS.description);
  const fields = f.has('fields') ? f.list('fields', PIPELINE_MAX_FIELDS, (v, path) => parsePipelineField(f.document, v, path)) : undefined;
  const flushSeconds = f.optionalInt('flushSeconds', FLUSH_SECONDS);
  const live = f.has('live') ? f.oneOf('live', LIVE_MODES) : undefined;
  const retentionDays = f.optionalInt('retentionDays', RETENTION_DAYS);
  return {
    id,
    teamId: f.string('teamId', 1, 128),
    name: f.string('name', 1, TEXT_LIMITS.pipelineName),
    ...(description !== undefined && { description }),
    ...(fields !== undefined && { fields }),
    ...(flushSeconds !== undefined && { flushSeconds }),
    ...(live !== undefined && { live }),
    ...(retentionDays !== undefined && { retentionDays }),
    public: f.bool('public'),
    createdAt: f.timestamp('createdAt'),
    createdBy: f.string('createdBy', 1, 128),
  };
}
