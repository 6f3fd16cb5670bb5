import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import type { RecordedAnswer } from './types';

/**
 * Checks answers against an OpenAPI 3.1 document (docs/openapi.json, the one
 * the reference server generates from its route schemas): the status must be
 * one the operation documents, the Content-Type one of that answer's media
 * types, a JSON body must match its schema, and an answer documented without
 * a body must have none. A request that matches no operation must get an
 * error answer in the documented shape (`ErrorBody`).
 *
 * Used by `npm run verify-server` and the tests; not part of the published
 * entry (ajv is a dev dependency here).
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | undefined> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}
interface OpenApiOperation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> } | undefined>;
}

const METHODS = new Set(['get', 'head', 'post', 'put', 'patch', 'delete', 'options']);

export function createOpenApiValidator(document: OpenApiDocument): (answer: RecordedAnswer) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  const components = document.components?.schemas ?? {};
  const compiled = new Map<unknown, ValidateFunction>();
  const validatorOf = (schema: unknown): ValidateFunction => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(inlineRefs(schema, components) as object);
      compiled.set(schema, fn);
    }
    return fn;
  };
  const templates = Object.keys(document.paths).map((path) => ({
    path,
    re: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: !path.includes('{'),
  }));
  const errorSchema = components.ErrorBody;

  return (answer) => {
    const pathname = answer.path.split('?')[0] ?? answer.path;
    const method = answer.method.toLowerCase();
    const matches = templates.filter((t) => t.re.test(pathname)).sort((a, b) => Number(b.literal) - Number(a.literal));
    const operation = matches.map((t) => document.paths[t.path]?.[method]).find((o) => o !== undefined);
    const where = `${answer.what} -> ${answer.status}`;
    if (!operation || !METHODS.has(method)) {
      if (answer.status < 400 || answer.status >= 500) return [`${where}: no documented operation, and the answer is not a 4xx error`];
      return errorSchema ? bodyProblems(where, answer, { 'application/json': { schema: errorSchema } }, validatorOf) : [];
    }
    const name = operation.operationId ?? `${method} ${matches[0]?.path}`;
    const responses = operation.responses ?? {};
    const documented = responses[String(answer.status)] ?? responses[`${String(answer.status).charAt(0)}XX`] ?? responses.default;
    if (!documented) return [`${where}: ${answer.status} is not a documented answer of ${name} (documented: ${Object.keys(responses).join(', ')})`];
    return bodyProblems(`${where} (${name})`, answer, documented.content, validatorOf);
  };
}

function bodyProblems(
  where: string,
  answer: RecordedAnswer,
  content: Record<string, { schema?: unknown }> | undefined,
  validatorOf: (schema: unknown) => ValidateFunction,
): string[] {
  if (!content) return answer.body.length > 0 ? [`${where}: documented without a body, but a body came`] : [];
  const media = answer.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const type = Object.keys(content).find((t) => t.toLowerCase() === media);
  if (answer.method === 'HEAD') return [];
  if (type === undefined) return [`${where}: Content-Type "${answer.contentType}" is not one of ${Object.keys(content).join(', ')}`];
  const schema = content[type]?.schema;
  if (!answer.bodyKept || !type.endsWith('json') || schema === undefined) return [];
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [`${where}: the body is not JSON`];
  }
  const validate = validatorOf(schema);
  if (validate(body)) return [];
  const first = validate.errors?.[0];
  return [`${where}: the body does not match the schema (${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'})`];
}

/** `{ $ref: '#/components/schemas/X' }` replaced by X, recursively (the document's schemas hold no cycles). */
function inlineRefs(schema: unknown, components: Record<string, unknown>, depth = 0): unknown {
  if (depth > 32) throw new Error('the OpenAPI schemas nest too deep (a $ref cycle?)');
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(s, components, depth + 1));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const target = components[ref.slice('#/components/schemas/'.length)];
    if (target === undefined) throw new Error(`the OpenAPI document has no ${ref}`);
    return inlineRefs(target, components, depth + 1);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, val]) => [k, inlineRefs(val, components, depth + 1)]));
}

/** The committed docs/openapi.json of this repository, or another document file. */
export function loadOpenApiDocument(file = join(__dirname, '..', '..', '..', 'docs', 'openapi.json')): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}
