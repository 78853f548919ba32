/**
 * The JSON Schema of a process package itself (process.json with forms resolved). Unknown
 * keys are refused everywhere in the machine, so `invoke`, `spawn` or a typo in a state
 * is an error with its pointer rather than something silently ignored.
 */
import { REGISTER_SCHEMA } from './register-spec.ts';
import { UNIT_POSITIONS } from './unit-positions.ts';
import type { JsonSchema } from './types.ts';

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });

/** One task action's declaration: the roles that may take it, and its own options. */
function taskAction(more: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return {
    type: 'object',
    required: ['roles', ...required],
    additionalProperties: false,
    properties: { roles: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }, ...more },
  };
}

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
        // True: instances are made by the county's scheduling (reception cadences, the schedule page), never by hand.
        scheduledOnly: { type: 'boolean' },
      },
    },
    child: { type: 'boolean' },
    forms: { type: 'object', additionalProperties: { type: 'object' } },
    delays: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
      // An ISO 8601 duration, {workingDays} or {at}: the shape here, the values in check.ts (checkDelays).
      additionalProperties: {
        type: ['string', 'object'],
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: { workingDays: { type: 'integer', minimum: 0, maximum: 366 }, at: { type: 'string' } },
      },
    },
    settings: { type: 'object' },
    context: { type: 'object' },
    instanceTitle: { type: 'string' },
    events: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_.]*$' },
      additionalProperties: {
        type: 'object',
        required: ['title', 'title_en'],
        additionalProperties: false,
        properties: { title: { type: 'string', minLength: 1 }, title_en: { type: 'string', minLength: 1 }, description: { type: 'string' } },
      },
    },
    // Words for settings and delays; a missing Chinese title is reported by check.ts with its own code.
    settingsInfo: { type: 'object', additionalProperties: ref('settingInfo') },
    delaysInfo: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { title: { type: 'string' }, title_en: { type: 'string' }, description: { type: 'string' }, description_en: { type: 'string' } },
      },
    },
    register: REGISTER_SCHEMA,
    // The task actions of every task that declares none of its own (task-actions.ts).
    taskActions: ref('taskActions'),
    machine: {
      allOf: [ref('state')],
      required: ['id', 'initial', 'states'],
    },
  },
  $defs: {
    // 转办, 委托, 退回, 加签, 催办, 撤回 (task-actions.ts). Other keys pass here and check.ts names them
    // UNKNOWN_TASK_ACTION, with the known kinds in the message.
    taskActions: {
      type: 'object',
      additionalProperties: { type: 'object' },
      properties: {
        transfer: taskAction({ to: { type: 'array', items: { enum: ['user', 'unit'] }, minItems: 1, uniqueItems: true } }, ['to']),
        delegate: taskAction({}, []),
        sendBack: taskAction({ event: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } }, ['event']),
        addSigner: taskAction({ where: { type: 'array', items: { enum: ['before', 'after'] }, minItems: 1, uniqueItems: true } }, ['where']),
        urge: taskAction({}, []),
        withdraw: taskAction({}, []),
      },
    },
    settingInfo: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: { type: 'string' },
        title_en: { type: 'string' },
        description: { type: 'string' },
        description_en: { type: 'string' },
        unit: { type: 'string' },
        unit_en: { type: 'string' },
        options: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['title', 'title_en'],
            additionalProperties: false,
            properties: {
              title: { type: 'string', minLength: 1 },
              title_en: { type: 'string', minLength: 1 },
              categories: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['code', 'title', 'title_en'],
                  additionalProperties: false,
                  properties: { code: { type: 'string', pattern: '^[A-Za-z0-9_]{1,20}$' }, title: { type: 'string', minLength: 1 }, title_en: { type: 'string', minLength: 1 } },
                },
              },
            },
          },
        },
        optionsFrom: { type: 'string', minLength: 1 },
        context: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$' },
        min: { type: 'number' },
        max: { type: 'number' },
        fields: { type: 'object', additionalProperties: ref('settingInfo') },
        picker: { enum: ['unit'] },
      },
    },
    // No `oneOf` below: each alternative is told apart by its JSON type, and keywords of one
    // type (properties, items) do not apply to another, so Ajv reports every error inside an
    // alternative with its pointer instead of one "must match exactly one schema".
    ref: {
      type: ['string', 'object'],
      required: ['type'],
      additionalProperties: false,
      properties: { type: { type: 'string' }, params: { type: 'object' } },
    },
    refs: {
      type: ['string', 'object', 'array'],
      items: ref('ref'),
      required: ['type'],
      additionalProperties: false,
      properties: { type: { type: 'string' }, params: { type: 'object' } },
    },
    transitionObject: {
      type: 'object',
      additionalProperties: false,
      properties: {
        target: { type: ['string', 'array'], items: { type: 'string' } },
        guard: ref('ref'),
        actions: ref('refs'),
        reenter: { type: 'boolean' },
        description: { type: 'string' },
      },
    },
    transition: { type: ['string', 'object'], allOf: [{ if: { type: 'object' }, then: ref('transitionObject') }] },
    transitions: {
      type: ['string', 'object', 'array'],
      items: ref('transition'),
      allOf: [{ if: { type: 'object' }, then: ref('transitionObject') }],
    },
    state: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        context: { type: 'object' },
        type: { enum: ['atomic', 'compound', 'parallel', 'final', 'history'] },
        // A history state (type: 'history'): shallow (default) or deep, and the state to enter when there is no history yet.
        history: { enum: ['shallow', 'deep'] },
        target: { type: 'string' },
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
                // A position inside the unit (unit-positions.ts); check.ts asks for role "unit" and a unit path beside it.
                position: { enum: [...UNIT_POSITIONS] },
                forEach: { type: 'string' },
                complete: { enum: ['all', 'any'] },
                outcomes: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
                title: { type: 'string' },
                title_en: { type: 'string' },
                due: { type: 'string' },
                remindBefore: { type: 'string' },
                // The event the machine hears when a task of the state passes its due time (step.ts).
                onOverdue: { type: 'string', minLength: 1 },
                // Which documents the task page shows and which outcome forms start filled (check.ts checks the names).
                documents: { type: 'array', items: { type: 'string' }, uniqueItems: true },
                prefill: { type: 'object', additionalProperties: { type: 'string' } },
                // One unit's row of a process's per-unit statistics (check.ts checks the paths).
                // Outcome-form fields chosen from a context list (task-choices.ts; check.ts checks the paths).
                choices: {
                  type: 'object',
                  additionalProperties: {
                    type: 'object',
                    required: ['from', 'label'],
                    additionalProperties: false,
                    properties: { from: { type: 'string' }, value: { type: 'string' }, label: { type: 'string' }, label_en: { type: 'string' }, max: { type: ['integer', 'string'] } },
                  },
                },
                // The task actions allowed on this task (task-actions.ts); absent: the package's taskActions.
                actions: ref('taskActions'),
                statistics: {
                  type: 'object',
                  required: ['process', 'unit', 'year'],
                  additionalProperties: false,
                  properties: { process: { type: 'string' }, unit: { type: 'string' }, year: { type: 'string' } },
                },
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
                voters: { type: ['integer', 'string'] },
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
