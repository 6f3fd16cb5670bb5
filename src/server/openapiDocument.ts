import { createExportServer } from './createExportServer';

/** Where the committed OpenAPI document lives, from the repository root. */
export const OPENAPI_FILE = 'docs/openapi.json';

/**
 * The text of docs/openapi.json: what a reference server with its default
 * options answers at `GET /api/openapi.json`, as stable, indented JSON
 * (`npm run openapi` writes it; openapi.test.ts compares it).
 */
export async function generateOpenApiText(): Promise<string> {
  const server = createExportServer({ stageDelayMs: 0 });
  try {
    await server.listen(0);
    const answer = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
    if (answer.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${answer.statusCode}`);
    return `${JSON.stringify(answer.json(), null, 2)}\n`;
  } finally {
    await server.close({ graceMs: 100 });
  }
}
