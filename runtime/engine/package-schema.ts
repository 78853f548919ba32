/**
 * The JSON Schema of a process package itself (process.json with forms resolved). Unknown
 * keys are refused everywhere in the machine, so `invoke`, `spawn` or a typo in a state
 * is an error with its pointer rather than something silently ignored.
 */
import type { JsonSchema } from './types.ts';

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });

export const COUNTY_ROLES = ['admin', 'staff', 'unit', 'deputy', 'leader', 'integrator'] as const;

export const PACKAGE_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'version', 'title', 'title_en', 'roles', 'forms', 'delays', 'machine'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
    version: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    title_en: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    roles: { type: 'array', items: { enum: [...COUNTY_ROLES] }, uniqueItems: true },
    start: {
      type: 'object',
      required: ['form', 'roles'],
      additionalProperties: false,
      properties: {
        form: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' }, minItems: 1 },
        event: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
      },
    },
    child: { type: 'boolean' },
    forms: { type: 'object', additionalProperties: { type: 'object' } },
    delays: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
      additionalProperties: {
        oneOf: [
          { type: 'string' },
          { type: 'object', required: ['workingDays'], additionalProperties: false, properties: { workingDays: { type: 'integer', minimum: 0, maximum: 366 } } },
          { type: 'object', required: ['at'], additionalProperties: false, properties: { at: { type: 'string' } } },
        ],
      },
    },
    settings: { type: 'object' },
    context: { type: 'object' },
    instanceTitle: { type: 'string' },
    machine: {
      allOf: [ref('state')],
      required: ['id', 'initial', 'states'],
    },
  },
  $defs: {
    ref: {
      oneOf: [
        { type: 'string' },
        {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          properties: { type: { type: 'string' }, params: { type: 'object' } },
        },
      ],
    },
    refs: { oneOf: [ref('ref'), { type: 'array', items: ref('ref') }] },
    transition: {
      oneOf: [
        { type: 'string' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            target: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            guard: ref('ref'),
            actions: ref('refs'),
            reenter: { type: 'boolean' },
            description: { type: 'string' },
          },
        },
      ],
    },
    transitions: { oneOf: [ref('transition'), { type: 'array', items: ref('transition') }] },
    state: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        context: { type: 'object' },
        type: { enum: ['atomic', 'compound', 'parallel', 'final'] },
        initial: { type: 'string' },
        states: { type: 'object', additionalProperties: ref('state') },
        on: { type: 'object', additionalProperties: ref('transitions') },
        after: { type: 'object', additionalProperties: ref('transitions') },
        always: ref('transitions'),
        onDone: ref('transitions'),
        entry: ref('refs'),
        exit: ref('refs'),
        description: { type: 'string' },
        output: { type: 'object', additionalProperties: { type: 'string' } },
        meta: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            title_en: { type: 'string' },
            task: {
              type: 'object',
              required: ['role', 'outcomes', 'title'],
              additionalProperties: false,
              properties: {
                role: { type: 'string' },
                assignee: { type: 'string' },
                unit: { type: 'string' },
                forEach: { type: 'string' },
                complete: { enum: ['all', 'any'] },
                outcomes: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
                title: { type: 'string' },
                title_en: { type: 'string' },
                due: { type: 'string' },
                remindBefore: { type: 'string' },
              },
            },
            ballot: {
              type: 'object',
              required: ['title', 'electorate'],
              additionalProperties: false,
              properties: {
                title: { type: 'string' },
                electorate: { type: 'string' },
                spec: { type: 'string' },
                kind: { type: 'string' },
                candidates: { type: 'string' },
                seats: { type: ['integer', 'string'] },
                countRule: { type: 'string' },
                thresholdBasis: { type: 'string' },
                shortfallAction: { type: 'string' },
                batchSize: { type: 'integer', minimum: 1, maximum: 1000 },
                term: { type: 'string' },
                secret: { type: ['boolean', 'string'] },
              },
            },
            spawn: {
              type: 'object',
              required: ['process', 'forEach', 'input'],
              additionalProperties: false,
              properties: {
                process: { type: 'string' },
                forEach: { type: 'string' },
                input: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};
