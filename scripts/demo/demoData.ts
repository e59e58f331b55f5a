/** The demo team, accounts, pipelines and dashboards that `npm start` seeds. */
import type { AlertRule, Dashboard, Pipeline, Role, Widget } from '../../contract/index.ts';

export const DEMO_PASSWORD = 'dash-demo-2026';
export const DEMO_TEAM_ID = 'demo-team';

export const DEMO_ACCOUNTS = [
  { uid: 'demo-owner', email: 'demo@dash.local', displayName: 'Demo Owner', role: 'owner' },
  { uid: 'demo-editor', email: 'editor@dash.local', displayName: 'Demo Editor', role: 'editor' },
  { uid: 'demo-viewer', email: 'viewer@dash.local', displayName: 'Demo Viewer', role: 'viewer' },
  { uid: 'demo-producer', email: 'producer@dash.local', displayName: 'Demo Producer', role: 'producer' },
] as const satisfies readonly { uid: string; email: string; displayName: string; role: Role }[];

/** A demo pipeline: the authored fields of its document. */
export type DemoPipeline = Required<Pick<Pipeline, 'id' | 'name' | 'description' | 'fields'>>;

export const DEMO_PIPELINES: readonly DemoPipeline[] = [
  {
    id: 'system',
    name: 'System',
    description: 'Host metrics of the machine running the demo producer, once a second.',
    fields: [
      { name: 'cpuPercent', type: 'number', unit: '%', label: 'CPU' },
      { name: 'load1', type: 'number', label: 'Load (1 min)' },
      { name: 'load5', type: 'number', label: 'Load (5 min)' },
      { name: 'load15', type: 'number', label: 'Load (15 min)' },
      { name: 'memUsedPercent', type: 'number', unit: '%', label: 'Memory used' },
      { name: 'eventLoopLagMs', type: 'number', unit: 'ms', label: 'Event-loop lag' },
    ],
  },
  {
    id: 'network',
    name: 'Network',
    description: 'Bytes per second in and out of the host, from /proc/net/dev.',
    fields: [
      { name: 'rxBytesPerSec', type: 'number', unit: 'B/s', label: 'Received' },
      { name: 'txBytesPerSec', type: 'number', unit: 'B/s', label: 'Sent' },
    ],
  },
  {
    id: 'greenhouse',
    name: 'Greenhouse (simulated)',
    description: 'A simulated sensor, not real data: a week of generated history imported at start, then a reading every 5 seconds.',
    fields: [
      { name: 'temperatureC', type: 'number', unit: '°C', label: 'Temperature' },
      { name: 'humidityPercent', type: 'number', unit: '%', label: 'Humidity' },
      { name: 'soilMoisturePercent', type: 'number', unit: '%', label: 'Soil moisture' },
      { name: 'lightsOn', type: 'bool', label: 'Lights on' },
    ],
  },
];

/** The simulated pipeline's generated past: one reading per GREENHOUSE_HISTORY_STEP_MS over GREENHOUSE_HISTORY_DAYS. */
export const GREENHOUSE_HISTORY_DAYS = 7;
export const GREENHOUSE_HISTORY_STEP_MS = 15 * 60_000;
/** Its live stream's period. */
export const GREENHOUSE_STREAM_MS = 5000;

/** A demo widget: its document without the timestamps the seed sets. */
export type DemoWidget = Omit<Widget, 'createdAt' | 'updatedAt'>;

/** A demo dashboard: the authored fields of its document, and its widgets. */
export type DemoDashboard = Required<Pick<Dashboard, 'id' | 'slug' | 'title' | 'description' | 'isPublic'>> & { widgets: DemoWidget[] };

export const DEMO_DASHBOARDS: DemoDashboard[] = [
  {
    id: 'demo-dashboard',
    slug: 'demo',
    title: 'Demo: this machine, live',
    description: 'CPU, memory and network of the host running `npm start`, streamed through Firestore.',
    isPublic: true,
    widgets: [
      {
        id: 'cpu-stat',
        type: 'stat_card',
        pipelineId: 'system',
        config: { title: 'CPU', fields: ['cpuPercent'], unit: '%', aggregation: 'latest', decimals: 1, sparkline: true, thresholds: [{ value: 70, color: 'warning' }, { value: 90, color: 'critical' }] },
        position: { x: 0, y: 0, w: 3, h: 2 },
      },
      {
        id: 'mem-stat',
        type: 'stat_card',
        pipelineId: 'system',
        config: { title: 'Memory used', fields: ['memUsedPercent'], unit: '%', aggregation: 'latest', decimals: 1, sparkline: true, thresholds: [{ value: 80, color: 'warning' }, { value: 95, color: 'critical' }] },
        position: { x: 3, y: 0, w: 3, h: 2 },
      },
      {
        id: 'rx-stat',
        type: 'stat_card',
        pipelineId: 'network',
        config: { title: 'Network in', fields: ['rxBytesPerSec'], unit: 'B/s', aggregation: 'avg' },
        position: { x: 6, y: 0, w: 3, h: 2 },
      },
      {
        id: 'load-gauge',
        type: 'gauge',
        pipelineId: 'system',
        config: { title: 'Load (1 min)', fields: ['load1'], min: 0, max: 4, thresholds: [{ value: 2, color: 'warning' }, { value: 3, color: 'critical' }] },
        position: { x: 9, y: 0, w: 3, h: 2 },
      },
      {
        id: 'cpu-line',
        type: 'line_chart',
        pipelineId: 'system',
        config: { title: 'CPU and memory', fields: ['cpuPercent', 'memUsedPercent'], unit: '%', min: 0, max: 100 },
        position: { x: 0, y: 2, w: 8, h: 4 },
      },
      {
        id: 'load-bar',
        type: 'bar_chart',
        pipelineId: 'system',
        config: { title: 'Load average', fields: ['load1', 'load5', 'load15'], mode: 'fields' },
        position: { x: 8, y: 2, w: 4, h: 4 },
      },
      {
        id: 'net-line',
        type: 'line_chart',
        pipelineId: 'network',
        config: { title: 'Network', fields: ['rxBytesPerSec', 'txBytesPerSec'], unit: 'B/s', min: 0 },
        position: { x: 0, y: 6, w: 6, h: 4 },
      },
      {
        id: 'net-table',
        type: 'table',
        pipelineId: 'network',
        config: { title: 'Latest network samples', fields: ['rxBytesPerSec', 'txBytesPerSec'], rows: 10 },
        position: { x: 6, y: 6, w: 6, h: 4 },
      },
      {
        id: 'greenhouse-24h',
        type: 'line_chart',
        pipelineId: 'greenhouse',
        // Its own range: the last day whatever the dashboard shows, to show history at first sight.
        config: { title: 'Greenhouse, last 24 hours (simulated)', fields: ['temperatureC', 'humidityPercent'], range: '24h' },
        position: { x: 0, y: 10, w: 12, h: 4 },
      },
    ],
  },
  {
    id: 'ops-dashboard',
    slug: 'ops',
    title: 'Ops (team only)',
    description: 'A private dashboard: only members of the demo team see it.',
    isPublic: false,
    widgets: [
      {
        id: 'lag-line',
        type: 'line_chart',
        pipelineId: 'system',
        config: { title: 'Event-loop lag of the producer', fields: ['eventLoopLagMs'], unit: 'ms', min: 0 },
        position: { x: 0, y: 0, w: 8, h: 4 },
      },
      {
        id: 'system-table',
        type: 'table',
        pipelineId: 'system',
        config: { title: 'System samples', fields: ['cpuPercent', 'memUsedPercent', 'load1', 'eventLoopLagMs'], rows: 10 },
        position: { x: 8, y: 0, w: 4, h: 4 },
      },
    ],
  },
];

/** A demo alert rule: its document less what the seed sets (timestamps, author), with the pipeline it watches. */
export type DemoAlertRule = Omit<AlertRule, 'createdAt' | 'updatedAt' | 'createdBy' | 'silencedUntil'> & { pipelineId: string };

/**
 * Rules that `npm start` seeds (not the test suites' seedDemo: real host load
 * would fire them mid-test). The simulated greenhouse passes 25 °C most
 * afternoons, so the demo shows an alert come and go by itself.
 */
export const DEMO_ALERT_RULES: readonly DemoAlertRule[] = [
  { id: 'greenhouse-warm', pipelineId: 'greenhouse', name: 'Greenhouse warm', field: 'temperatureC', op: 'above', value: 25, aggregation: 'avg', windowSeconds: 300, forSeconds: 0, severity: 'info', enabled: true },
  { id: 'cpu-busy', pipelineId: 'system', name: 'CPU busy', field: 'cpuPercent', op: 'above', value: 90, aggregation: 'avg', windowSeconds: 60, forSeconds: 60, severity: 'warning', enabled: true },
  { id: 'memory-full', pipelineId: 'system', name: 'Memory nearly full', field: 'memUsedPercent', op: 'above', value: 95, aggregation: 'last', windowSeconds: 0, forSeconds: 30, noDataSeconds: 120, severity: 'critical', enabled: true },
];

/**
 * The ingest token `npm start` gives the simulated greenhouse, printed in its
 * banner with a ready-to-paste curl line: fixed, like the demo password, so
 * that it still works after a restart (only its hash is stored). Never a
 * token for anything but the local emulators.
 */
export const DEMO_INGEST_TOKEN = { pipelineId: 'greenhouse', name: 'Demo curl', token: 'dash_demo-greenhouse-token-not-a-secret-00000000' } as const;
