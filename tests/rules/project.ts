/**
 * The rules suites' emulator project: a project of its own, so that clearing
 * it never disturbs other suites, and no function trigger fires (triggers run
 * for demo-dash only).
 */
export const RULES_PROJECT_ID = 'demo-dash-rules';
