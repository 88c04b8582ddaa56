import { describe, expect, it } from 'vitest';
import { classifySender, mayAsk, parseRequest } from '../../../src/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('parseRequest', () => {
  it('accepts exactly the known requests', () => {
    expect(parseRequest({ type: 'refresh' })).toEqual({ type: 'refresh' });
    expect(parseRequest({ type: 'upload-session/ended', fileCount: 3 })).toEqual({ type: 'upload-session/ended', fileCount: 3 });
    expect(parseRequest({ type: 'credentials/save', key: ' k ', secret: 's' })).toEqual({ type: 'credentials/save', key: 'k', secret: 's' });
    expect(parseRequest({ type: 'settings/save', settings: { amberPercent: 30 } })).toEqual({ type: 'settings/save', settings: { amberPercent: 30 } });
  });

  it.each([
    null,
    'refresh',
    [],
    { type: 'get-token' },
    { type: 'refresh', extra: 1 },
    { type: 'upload-session/ended', fileCount: -1 },
    { type: 'upload-session/ended', fileCount: 1.5 },
    { type: 'credentials/save', key: 'k' },
    { type: 'credentials/save', key: 'k'.repeat(500), secret: 's' },
    { type: 'settings/save', settings: { pollIntervalMinutes: '5' } },
    { type: 'settings/save', settings: { __proto__: 1, token: 'x' } },
    { type: 'settings/save', settings: { amberPercent: Infinity } },
  ])('refuses %j', (raw) => {
    expect(parseRequest(raw)).toBeNull();
  });
});

describe('classifySender', () => {
  it('knows our pages, including the options page open in a tab', () => {
    expect(classifySender({ id: ID, url: `${ORIGIN}src/popup/index.html` }, ID, ORIGIN)).toBe('extension-page');
    expect(classifySender({ id: ID, url: `${ORIGIN}src/options/index.html`, tab: {} }, ID, ORIGIN)).toBe('extension-page');
  });

  it('knows our content script on www.flickr.com tabs only', () => {
    expect(classifySender({ id: ID, url: 'https://www.flickr.com/photos/upload/', tab: {} }, ID, ORIGIN)).toBe('flickr-tab');
    expect(classifySender({ id: ID, url: 'https://www.flickr.com.evil.test/', tab: {} }, ID, ORIGIN)).toBeNull();
    expect(classifySender({ id: ID, url: 'https://evil.test/?https://www.flickr.com/', tab: {} }, ID, ORIGIN)).toBeNull();
    expect(classifySender({ id: ID, url: 'https://www.flickr.com/', tab: undefined }, ID, ORIGIN)).toBeNull();
  });

  it('refuses other extensions', () => {
    expect(classifySender({ id: 'other', url: `chrome-extension://other/x.html` }, ID, ORIGIN)).toBeNull();
  });

  it('lets content scripts ask only for limits and the upload-session note', () => {
    expect(mayAsk('flickr-tab', { type: 'upload-limits/get' })).toBe(true);
    expect(mayAsk('flickr-tab', { type: 'upload-session/ended', fileCount: 1 })).toBe(true);
    expect(mayAsk('flickr-tab', { type: 'sign-out' })).toBe(false);
    expect(mayAsk('flickr-tab', { type: 'credentials/save', key: 'k', secret: 's' })).toBe(false);
    expect(mayAsk('extension-page', { type: 'sign-out' })).toBe(true);
  });
});
