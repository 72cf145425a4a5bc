import { describe, expect, it } from 'vitest';
import { checkBrowserRequest } from '../../../local/gateway/browser-guard.ts';

const LOOPBACK = '127.0.0.1';

describe('the local gateway against web pages', () => {
  it.each([
    'localhost:8080',
    '127.0.0.1:8080',
    '127.0.0.1',
    '[::1]:8080',
    'LOCALHOST:8080',
    'api.localhost:8080',
  ])('accepts requests addressed to this machine (Host: %s) with no Origin, as curl sends them', (host) => {
    expect(checkBrowserRequest({ host }, LOOPBACK)).toEqual({ ok: true });
  });

  it.each([
    'evil.example:8080',
    'evil.example',
    '10.0.0.5:8080',
    '[2001:db8::1]:8080',
    'localhost.evil.example',
  ])('refuses a foreign Host (%s), as DNS rebinding sends it', (host) => {
    expect(checkBrowserRequest({ host }, LOOPBACK)).toMatchObject({ ok: false, code: 'ForbiddenHost' });
  });

  it('accepts the page it serves itself (same origin), and refuses any other origin', () => {
    const host = '127.0.0.1:8080';
    expect(checkBrowserRequest({ host, origin: 'http://127.0.0.1:8080' }, LOOPBACK)).toEqual({ ok: true });
    for (const origin of [
      'http://evil.example',
      'http://localhost:8080', // another origin, even on this machine
      'http://127.0.0.1:3000',
      'https://127.0.0.1:8080',
      'null',
      'not a url',
    ]) {
      expect(checkBrowserRequest({ host, origin }, LOOPBACK), origin).toMatchObject({
        ok: false,
        code: 'CrossOriginRequest',
      });
    }
  });

  it('accepts any Host when the gateway was bound to every interface on purpose, but still no other origin', () => {
    expect(checkBrowserRequest({ host: '192.168.1.20:8080' }, '0.0.0.0')).toEqual({ ok: true });
    expect(checkBrowserRequest({ host: 'box.lan:8080' }, 'box.lan')).toEqual({ ok: true });
    expect(
      checkBrowserRequest({ host: '192.168.1.20:8080', origin: 'http://evil.example' }, '0.0.0.0'),
    ).toMatchObject({ ok: false, code: 'CrossOriginRequest' });
  });
});
