// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { validateCredentials, validateSettings } from '../../../src/options/validate';
import { SETTINGS_BOUNDS } from '../../../src/state';
import { catalogueTranslate } from '../../support/i18n';

const t = catalogueTranslate();
const form = (poll: string, amber: string, red: string) => ({ pollIntervalMinutes: poll, amberPercent: amber, redPercent: red });

describe('validateSettings', () => {
  it('accepts whole numbers in bounds and returns numbers', () => {
    expect(validateSettings(form(' 60 ', '30', '5'), t)).toEqual({
      ok: true,
      value: { pollIntervalMinutes: 60, amberPercent: 30, redPercent: 5 },
    });
  });

  it('accepts the exact bounds', () => {
    const b = SETTINGS_BOUNDS;
    const low = validateSettings(form(String(b.pollIntervalMinutes.min), String(b.amberPercent.min), '0'), t);
    expect(low.ok).toBe(true);
    const high = validateSettings(
      form(String(b.pollIntervalMinutes.max), String(b.amberPercent.max), String(b.redPercent.max)),
      t,
    );
    expect(high.ok).toBe(true);
  });

  it.each([
    ['14', 'below the minimum'],
    ['1441', 'above the maximum'],
    ['30.5', 'not whole'],
    ['', 'empty'],
    ['abc', 'not a number'],
    ['-20', 'negative'],
    ['1e2', 'exponent notation'],
  ])('rejects poll interval %j (%s) naming the bounds', (poll) => {
    const result = validateSettings(form(poll, '25', '10'), t);
    expect(result).toEqual({
      ok: false,
      errors: { pollIntervalMinutes: 'Enter a whole number of minutes from 15 to 1,440.' },
    });
  });

  it('rejects thresholds outside their bounds', () => {
    const result = validateSettings(form('60', '91', '90'), t);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.amberPercent).toBe('Enter a whole percentage from 1 to 90.');
      expect(result.errors.redPercent).toBe('Enter a whole percentage from 0 to 89.');
    }
  });

  it.each([
    { red: '25', amber: '25' },
    { red: '30', amber: '20' },
  ])('rejects red $red not below amber $amber', ({ red, amber }) => {
    const result = validateSettings(form('60', amber, red), t);
    expect(result).toEqual({
      ok: false,
      errors: { redPercent: 'The red threshold must be lower than the amber threshold.' },
    });
  });
});

describe('validateCredentials', () => {
  it('trims both values', () => {
    expect(validateCredentials({ key: '  abc123 ', secret: '\tdef456\n' }, t)).toEqual({
      ok: true,
      value: { key: 'abc123', secret: 'def456' },
    });
  });

  it('requires both', () => {
    expect(validateCredentials({ key: ' ', secret: '' }, t)).toEqual({
      ok: false,
      errors: { key: 'Enter the API key.', secret: 'Enter the API secret.' },
    });
  });

  it('refuses values longer than the worker accepts', () => {
    const result = validateCredentials({ key: 'k'.repeat(201), secret: 's'.repeat(200) }, t);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.key).toMatch(/longer than any Flickr key/);
      expect(result.errors.secret).toBeUndefined();
    }
  });
});
