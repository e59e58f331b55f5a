import { describe, expect, it } from 'vitest';
import { ingestSnippets } from '../../../src/pipelines/ingestSnippets.ts';

const URL = 'https://dash.example/api/ingest/meter';
const TOKEN = `dash_${'a'.repeat(43)}`;

describe('ingestSnippets', () => {
  const snippets = ingestSnippets(URL, TOKEN, { kw: 21.5, note: "it's on", up: true, off: false, gone: null });
  const code = (id: string) => snippets.find((s) => s.id === id)!.code;

  it('gives curl, Python, Arduino and Node, each with the endpoint and the token', () => {
    expect(snippets.map((s) => s.id)).toEqual(['curl', 'python', 'arduino', 'node']);
    for (const s of snippets) {
      expect(s.code).toContain(URL);
      expect(s.code).toContain(`Bearer ${TOKEN}`);
    }
  });

  it('quotes the record for each language: a shell quote in curl, Python literals, a C string', () => {
    expect(code('curl')).toContain(`-d '{"kw":21.5,"note":"it'\\''s on","up":true,"off":false,"gone":null}'`);
    expect(code('python')).toContain('json={"kw": 21.5, "note": "it\'s on", "up": True, "off": False, "gone": None}');
    expect(code('arduino')).toContain('http.POST("{\\"kw\\":21.5,\\"note\\":\\"it\'s on\\",\\"up\\":true,\\"off\\":false,\\"gone\\":null}")');
    expect(code('node')).toContain('body: JSON.stringify({"kw":21.5,"note":"it\'s on","up":true,"off":false,"gone":null})');
  });
});
