import { randomBytes } from 'node:crypto';
import { CodeHasher } from './code-hasher';
import { CodeSealer, UnknownSealKeyError } from './code-sealer';
import { canonicalJson, signEnvelope, verifyEnvelopeSignature } from './bus-signature';
import { openWithSecret, sealWithSecret } from './secret-seal';
import { tenantBusSecretFrom } from './tenant-bus-secret';

const envelope = {
  eventId: '01938f6e-0000-7000-8000-000000000000',
  type: 'RequestVerification',
  version: 1,
  occurredAt: '2026-11-25T00:00:00.000Z',
  tenantId: 'acme',
  verificationId: null,
  payload: { to: '+447911123456', channels: ['sms'] },
};

describe('code hashing', () => {
  const hasher = new CodeHasher(randomBytes(32));
  it('matches the right code only, and binds the hash to the verification', () => {
    const hash = hasher.hash('vf_a', '123456');
    expect(hash).not.toContain('123456');
    expect(hasher.matches('vf_a', '123456', hash)).toBe(true);
    expect(hasher.matches('vf_a', '123457', hash)).toBe(false);
    expect(hasher.matches('vf_b', '123456', hash)).toBe(false);
  });
});

describe('code sealing', () => {
  const old = randomBytes(32);
  const current = randomBytes(32);
  it('opens what it sealed, and codes sealed under a rotated-out active key while that key stays in the ring', () => {
    const before = new CodeSealer(new Map([['k1', old]]), 'k1').seal('123456', 'vf_a');
    const after = new CodeSealer(
      new Map([
        ['k1', old],
        ['k2', current],
      ]),
      'k2',
    );
    expect(after.open(before, 'vf_a')).toBe('123456');
    expect(after.seal('654321', 'vf_a').kid).toBe('k2');
  });
  it('refuses another verification id, a tampered ciphertext and an unknown key', () => {
    const sealer = new CodeSealer(new Map([['k1', old]]), 'k1');
    const sealed = sealer.seal('123456', 'vf_a');
    expect(() => sealer.open(sealed, 'vf_b')).toThrow();
    expect(() => sealer.open({ ...sealed, ct: Buffer.from('999999').toString('base64') }, 'vf_a')).toThrow();
    expect(() => sealer.open({ ...sealed, kid: 'k9' }, 'vf_a')).toThrow(UnknownSealKeyError);
    expect(JSON.stringify(sealed)).not.toContain('123456');
  });
  it('seals check codes under a key derived from the signing secret', () => {
    const secret = randomBytes(32);
    const sealed = sealWithSecret('4242', secret, 'acme');
    expect(openWithSecret(sealed, secret, 'acme')).toBe('4242');
    expect(() => openWithSecret(sealed, randomBytes(32), 'acme')).toThrow();
    expect(() => openWithSecret(sealed, secret, 'other')).toThrow();
  });
  it('derives the key of a signing secret once, not on every seal and open (a check is on the hot path)', () => {
    // the module object itself (a namespace import's copy of it cannot be spied on)
    const hkdf = jest.spyOn(jest.requireActual<typeof import('node:crypto')>('node:crypto'), 'hkdfSync');
    try {
      const secret = randomBytes(32);
      for (let i = 0; i < 3; i++)
        expect(openWithSecret(sealWithSecret('4242', secret, 'acme'), secret, 'acme')).toBe('4242');
      expect(hkdf).toHaveBeenCalledTimes(1);
      // a copy of the secret (another Buffer with the same bytes) still opens what was sealed
      expect(openWithSecret(sealWithSecret('77', secret, 'acme'), Buffer.from(secret), 'acme')).toBe('77');
    } finally {
      hkdf.mockRestore();
    }
  });
});

describe('bus signatures', () => {
  const secret = randomBytes(32);
  it('sorts keys at every depth in the canonical form', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
  it('verifies its own signature whatever the key order, and nothing else', () => {
    const signature = signEnvelope(envelope, secret);
    const { payload: _payload, ...rest } = envelope;
    const reordered = { payload: { channels: ['sms'], to: '+447911123456' }, ...rest };
    expect(verifyEnvelopeSignature(reordered, signature, secret)).toBe(true);
    expect(verifyEnvelopeSignature({ ...envelope, tenantId: 'other' }, signature, secret)).toBe(false);
    expect(verifyEnvelopeSignature(envelope, signature, randomBytes(32))).toBe(false);
    expect(verifyEnvelopeSignature(envelope, null, secret)).toBe(false);
  });
});

describe('tenant bus secrets', () => {
  it('derives 32 bytes per tenant from the gateway secret, the same on every side, and no other', () => {
    const gateway = randomBytes(32);
    const acme = tenantBusSecretFrom(gateway, 'acme');
    expect(acme).toHaveLength(32);
    expect(tenantBusSecretFrom(gateway, 'acme').equals(acme)).toBe(true);
    expect(tenantBusSecretFrom(gateway, 'acme2').equals(acme)).toBe(false);
    expect(tenantBusSecretFrom(randomBytes(32), 'acme').equals(acme)).toBe(false);
    expect(acme.equals(gateway)).toBe(false);
  });
});
