/** Code that posts one record to a pipeline's ingest endpoint, for the token just made (shown with it). */
export interface IngestSnippet {
  id: 'curl' | 'python' | 'arduino' | 'node';
  label: string;
  code: string;
}

/** `example` is a record of the pipeline's fields (or a placeholder): what the snippets send. */
export function ingestSnippets(url: string, token: string, example: Record<string, unknown>): IngestSnippet[] {
  const json = JSON.stringify(example);
  const shell = json.replaceAll("'", "'\\''");
  const python = Object.entries(example)
    .map(([k, v]) => `${JSON.stringify(k)}: ${v === true ? 'True' : v === false ? 'False' : v === null ? 'None' : JSON.stringify(v)}`)
    .join(', ');
  return [
    {
      id: 'curl',
      label: 'curl',
      code: `curl -X POST '${url}' \\\n  -H 'Authorization: Bearer ${token}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${shell}'`,
    },
    {
      id: 'python',
      label: 'Python (requests)',
      code: [
        'import requests',
        '',
        `r = requests.post(${JSON.stringify(url)},`,
        `                  json={${python}},`,
        `                  headers={"Authorization": "Bearer ${token}"}, timeout=10)`,
        'r.raise_for_status()',
      ].join('\n'),
    },
    {
      id: 'arduino',
      label: 'Arduino / ESP32 (HTTPClient)',
      code: [
        '#include <HTTPClient.h>',
        '',
        'HTTPClient http;',
        `http.begin(${JSON.stringify(url)});`,
        `http.addHeader("Authorization", "Bearer ${token}");`,
        'http.addHeader("Content-Type", "application/json");',
        `int status = http.POST(${JSON.stringify(json)});  // 200: written`,
        'http.end();',
      ].join('\n'),
    },
    {
      id: 'node',
      label: 'Node (fetch)',
      code: [
        `const res = await fetch(${JSON.stringify(url)}, {`,
        "  method: 'POST',",
        `  headers: { authorization: 'Bearer ${token}', 'content-type': 'application/json' },`,
        `  body: JSON.stringify(${json}),`,
        '});',
        'if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);',
      ].join('\n'),
    },
  ];
}
