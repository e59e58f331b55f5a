/**
 * Loads firestore.rules into the rules suites' emulator project once per run
 * (loading rules resets the emulator's coverage, so the suites do not reload
 * them), and prints the emulator's rules coverage for the whole run at the end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initializeTestEnvironment } from '@firebase/rules-unit-testing';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { firestoreHost } from '../support/emulators.ts';
import { RULES_PROJECT_ID } from './project.ts';

interface CoverageNode {
  sourcePosition: { line: number };
  values?: { value: { boolValue?: boolean }; count: number }[];
  children?: CoverageNode[];
}

interface CoverageReport {
  rules: { files: { content: string }[] };
  report: CoverageNode[];
}

/** Each `allow` statement of the rules and what the run made it answer. */
export function summarizeCoverage({ rules, report }: CoverageReport): string[] {
  const source = rules.files[0].content.split('\n');
  const outcomes = new Map<number, { allowed: number; denied: number }>();
  for (const node of report) {
    const seen = outcomes.get(node.sourcePosition.line) ?? { allowed: 0, denied: 0 };
    for (const { value, count } of node.values ?? []) {
      if (value.boolValue === true) seen.allowed += count;
      if (value.boolValue === false) seen.denied += count;
    }
    outcomes.set(node.sourcePosition.line, seen);
  }
  const statements = source.flatMap((text, i) => (/^\s*allow /.test(text) ? [{ line: i + 1, text: text.trim() }] : []));
  const describe = ({ line, text }: { line: number; text: string }) => `L${line} ${text.length > 70 ? `${text.slice(0, 67)}...` : text}`;
  const both = statements.filter((s) => (outcomes.get(s.line)?.allowed ?? 0) > 0 && (outcomes.get(s.line)?.denied ?? 0) > 0);
  const onlyAllowed = statements.filter((s) => (outcomes.get(s.line)?.allowed ?? 0) > 0 && !outcomes.get(s.line)?.denied);
  const onlyDenied = statements.filter((s) => (outcomes.get(s.line)?.denied ?? 0) > 0 && !outcomes.get(s.line)?.allowed);
  const never = statements.filter((s) => !outcomes.get(s.line)?.allowed && !outcomes.get(s.line)?.denied);
  const countNodes = (nodes: CoverageNode[]): number => nodes.reduce((n, node) => n + 1 + countNodes(node.children ?? []), 0);
  return [
    `[rules] coverage of firestore.rules over the run (emulator ruleCoverage): ${statements.length} allow statements, ` +
      `${both.length} seen both allowing and denying, ${onlyAllowed.length} only allowing, ${onlyDenied.length} only denying, ` +
      `${never.length} without a recorded outcome; ${countNodes(report)} expressions evaluated`,
    ...onlyAllowed.map((s) => `[rules]   only allowing: ${describe(s)}`),
    ...onlyDenied.map((s) => `[rules]   only denying: ${describe(s)}`),
    ...never.map((s) => `[rules]   no recorded outcome (constant conditions are not recorded): ${describe(s)}`),
  ];
}

export default async function setup(): Promise<() => Promise<void>> {
  const [host, port] = firestoreHost().split(':');
  const env = await initializeTestEnvironment({
    projectId: RULES_PROJECT_ID,
    firestore: { rules: readFileSync(join(ROOT, 'firestore.rules'), 'utf8'), host, port: Number(port) },
  });
  await env.cleanup();
  return async () => {
    const res = await fetch(`http://${firestoreHost()}/emulator/v1/projects/${RULES_PROJECT_ID}:ruleCoverage`);
    if (!res.ok) {
      console.log(`[rules] no coverage report: ${res.status} ${await res.text()}`);
      return;
    }
    console.log(summarizeCoverage((await res.json()) as CoverageReport).join('\n'));
  };
}
