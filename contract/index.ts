/**
 * Dash's data contract as code (docs/data-model.md, version 1.1): document
 * types, limits, the record order, the window merge, parsers from snapshot
 * data to types, and record validation. No SDK imports: the app, the
 * functions, the producer library, the scripts and the tests all use it.
 */
export type * from './types.ts';
export * from './limits.ts';
export { compareRecords } from './order.ts';
export { dataSize, mergeWindow, toWindowRecord, windowCursor, type MergedWindow } from './mergeWindow.ts';
export { recordKeyProblem, validateRecordData, type RecordDataResult } from './recordData.ts';
export { ContractError, isTimestampLike } from './fields.ts';
export {
  parseDashboard,
  parseInvite,
  parseMember,
  parsePipeline,
  parseSlug,
  parseTeam,
  parseWidget,
  parseWidgetConfig,
  parseWidgetPosition,
} from './parseAuthoring.ts';
export {
  parseAlertChannel,
  parseAlertEvent,
  parseAlertRule,
  parseAlertState,
  parseHistoryDoc,
  parseIngestToken,
  parseLogRecord,
  parseRollup,
  parseTombstone,
} from './parseBackend.ts';
export * from './history.ts';
export * from './ranges.ts';
export * from './alerts.ts';
export * from './ingest.ts';
