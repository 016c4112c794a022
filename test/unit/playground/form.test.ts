import { describe, expect, it } from 'vitest';
import { formBody, formFields } from '../../../src/core/playground/form';

const schema = {
  type: 'object',
  $defs: { Mode: { enum: ['fast', 'slow'], type: 'string' } },
  properties: {
    text: { type: 'string', title: 'Text', description: 'What to say' },
    repeat: { type: 'integer', default: 1, minimum: 1, maximum: 10 },
    scale: { type: 'number' },
    loud: { type: 'boolean', default: false },
    mode: { $ref: '#/$defs/Mode' },
    tags: { type: 'array', items: { type: 'string' } },
    seed: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
  },
  required: ['text'],
};

describe('formFields', () => {
  it('makes one field per input type, resolving $ref and Optional', () => {
    const fields = formFields(schema)!;
    expect(fields.map((f) => [f.name, f.kind, f.required, f.initial])).toEqual([
      ['text', 'text', true, ''],
      ['repeat', 'integer', false, '1'],
      ['scale', 'number', false, ''],
      ['loud', 'boolean', false, 'false'],
      ['mode', 'enum', false, ''],
      ['tags', 'json', false, ''],
      ['seed', 'integer', false, ''],
    ]);
    expect(fields[4].options).toEqual(['fast', 'slow']);
    expect(fields[0].description).toBe('What to say');
  });

  it('gives no fields for schemas without object properties', () => {
    expect(formFields({})).toBeUndefined();
    expect(formFields({ type: 'string' })).toBeUndefined();
    expect(formFields(null)).toBeUndefined();
  });
});

describe('formBody', () => {
  const fields = formFields(schema)!;
  it('converts typed text to JSON values and leaves empty optional fields out', () => {
    expect(formBody(fields, { text: 'hi', repeat: '3', scale: '0.5', loud: 'true', mode: 'slow', tags: '["a"]' })).toEqual({
      body: { text: 'hi', repeat: 3, scale: 0.5, loud: true, mode: 'slow', tags: ['a'] },
    });
  });

  it('says what is wrong with each field', () => {
    expect(formBody(fields, { repeat: '11', scale: 'x', tags: '[oops' })).toEqual({
      errors: { text: 'Required.', repeat: 'At most 10.', scale: 'Must be a number.', tags: 'Not valid JSON.' },
    });
    expect(formBody(fields, { text: 'a', repeat: '1.5' })).toEqual({ errors: { repeat: 'Must be a whole number.' } });
  });
});
