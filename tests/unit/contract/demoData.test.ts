import { describe, expect, it } from 'vitest';
import { parseAlertRule, parseDashboard, parsePipeline, parseWidget, type TimestampLike } from '../../../contract/index.ts';
import { DEMO_ALERT_RULES, DEMO_DASHBOARDS, DEMO_PIPELINES, DEMO_TEAM_ID } from '../../../scripts/demo/demoData.ts';

const now: TimestampLike = { seconds: 1_700_000_000, nanoseconds: 0, toMillis: () => 1_700_000_000_000 };

describe('the demo data the seed writes', () => {
  it('is valid by the contract: every pipeline, dashboard and widget parses', () => {
    for (const { id, ...p } of DEMO_PIPELINES) {
      expect(() => parsePipeline(id, { ...p, teamId: DEMO_TEAM_ID, public: true, createdAt: now, createdBy: 'demo-owner' })).not.toThrow();
    }
    for (const { id, widgets, ...d } of DEMO_DASHBOARDS) {
      expect(() => parseDashboard(id, { ...d, teamId: DEMO_TEAM_ID, createdAt: now, updatedAt: now, createdBy: 'demo-owner' })).not.toThrow();
      for (const { id: widgetId, ...w } of widgets) {
        expect(parseWidget(widgetId, { ...w, createdAt: now, updatedAt: now })).toEqual({ id: widgetId, ...w, createdAt: now, updatedAt: now });
        expect(DEMO_PIPELINES.map((p) => p.id)).toContain(w.pipelineId);
      }
    }
  });

  it('has alert rules valid by the contract, on fields their pipelines declare', () => {
    for (const { id, pipelineId, ...rule } of DEMO_ALERT_RULES) {
      expect(parseAlertRule(id, { ...rule, createdAt: now, updatedAt: now, createdBy: 'demo-owner' })).toMatchObject(rule);
      expect(DEMO_PIPELINES.find((p) => p.id === pipelineId)?.fields.map((f) => f.name)).toContain(rule.field);
    }
  });
});
