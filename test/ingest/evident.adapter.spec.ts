import { InvalidInputError } from '../../src/common/errors';
import { EvidentAdapter } from '../../src/ingest/adapters/evident.adapter';
import { REDACTED } from '../../src/ingest/redaction';
import { problemOf, without } from '../support/problems';

const adapter = new EvidentAdapter();
const ctx = { instance: 'ignored-by-the-generic-format' };

/** The example of DESIGN.md "Normalized event", with payloads filled in. */
function designExample(): Record<string, unknown> {
  return {
    source: 'unleash',
    instance: 'flags.acme.example',
    id: '90417',
    type: 'flag.enabled',
    time: '2026-04-02T09:14:51.207Z',
    actor: { id: '212', email: 'priya@acme.example', name: 'Priya Raman', kind: 'user' },
    project: 'core-banking',
    environment: 'production',
    flag: 'ledger.async-posting',
    changeRequest: { id: '611' },
    before: { enabled: false },
    after: { enabled: true },
    ip: '10.44.3.19',
    raw: { id: 90417, type: 'feature-environment-enabled' },
  };
}



describe('EvidentAdapter.map', () => {
  it('takes the DESIGN.md example as it is', () => {
    const record = designExample();
    expect(adapter.map(record, 0, ctx)).toEqual(record);
  });

  it('uses the record’s own source and instance, normalizes time to UTC and ids to strings', () => {
    const event = adapter.map(
      { ...designExample(), source: 'flipt', instance: 'flipt.internal', id: 4711, time: '2026-04-02T11:14:51+02:00', changeRequest: { id: 7, groupId: 'tx-9' } },
      0,
      ctx,
    );
    expect(event).toMatchObject({ source: 'flipt', instance: 'flipt.internal', id: '4711', time: '2026-04-02T09:14:51.000Z', changeRequest: { id: '7', groupId: 'tx-9' } });
  });

  it('accepts minimal records, null optionals, open type families and a transaction group', () => {
    const minimal = {
      source: 's',
      instance: 'i',
      id: 'e-1',
      type: 'project.renamed',
      time: '2026-04-02T09:14:51Z',
      actor: { kind: 'system' },
      project: null,
      group: { type: 'transaction', id: '01JQZ7D4M2V9K3T8H6R1C5XA0B' },
    };
    expect(adapter.map(minimal, 0, ctx)).toEqual({
      source: 's',
      instance: 'i',
      id: 'e-1',
      type: 'project.renamed',
      time: '2026-04-02T09:14:51.000Z',
      actor: { kind: 'system' },
      group: { type: 'transaction', id: '01JQZ7D4M2V9K3T8H6R1C5XA0B' },
    });
    for (const type of ['segment.renamed', 'access.group.synced', 'environment.protected', 'other']) {
      expect(adapter.map({ ...minimal, type }, 0, ctx).type).toBe(type);
    }
  });

  it('redacts secrets in raw, before and after, without touching the input', () => {
    const base = designExample();
    const record = {
      ...base,
      type: 'token.created',
      after: { tokenName: 'ci', secret: 'default:production.0a1b2c3d' },
      raw: { headers: { authorization: 'Bearer xyz' }, body: { token: 'user:abcdef' } },
    };
    const pristine = structuredClone(record);
    const event = adapter.map(record, 0, ctx);
    expect(record).toEqual(pristine);
    expect(event.after).toEqual({ tokenName: 'ci', secret: REDACTED });
    expect(event.raw).toEqual({ headers: { authorization: REDACTED }, body: { token: REDACTED } });
    expect(event.before).toBe(base.before);
    expect(event.redactions).toEqual(['after.secret', 'raw.headers.authorization', 'raw.body.token']);
  });

  describe('bad input names the record index and the field', () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['unknown top-level field', { ...designExample(), severity: 'high' }, 'severity', /unknown field/],
      ['unknown actor field', { ...designExample(), actor: { kind: 'user', role: 'admin' } }, 'actor.role', /unknown field/],
      ['unknown changeRequest field', { ...designExample(), changeRequest: { id: '1', state: 'x' } }, 'changeRequest.state', /unknown field/],
      ['redactions are Evident’s to record', { ...designExample(), redactions: [] }, 'redactions', /unknown field/],
      ['missing source', without(designExample(), 'source'), 'source', /required/],
      ['missing instance', without(designExample(), 'instance'), 'instance', /required/],
      ['missing id', without(designExample(), 'id'), 'id', /required/],
      ['empty id', { ...designExample(), id: '' }, 'id', /empty/],
      ['fractional id', { ...designExample(), id: 1.5 }, 'id', /string or an integer/],
      ['over-long instance', { ...designExample(), instance: 'x'.repeat(513) }, 'instance', /limit is 512/],
      ['numeric source', { ...designExample(), source: 1 }, 'source', /must be a string/],
      ['unknown type', { ...designExample(), type: 'flag.toggled' }, 'type', /not a normalized type/],
      ['malformed open type', { ...designExample(), type: 'project.Renamed' }, 'type', /not a normalized type/],
      ['missing time', without(designExample(), 'time'), 'time', /required/],
      ['time without zone', { ...designExample(), time: '2026-04-02T09:14:51' }, 'time', /time zone/],
      ['date only', { ...designExample(), time: '2026-04-02' }, 'time', /RFC 3339/],
      ['missing actor', without(designExample(), 'actor'), 'actor', /required/],
      ['actor not an object', { ...designExample(), actor: 'priya' }, 'actor', /object/],
      ['missing actor kind', { ...designExample(), actor: { id: '1' } }, 'actor.kind', /required/],
      ['bad actor kind', { ...designExample(), actor: { kind: 'robot' } }, 'actor.kind', /user, service, system/],
      ['numeric actor email', { ...designExample(), actor: { kind: 'user', email: 5 } }, 'actor.email', /string/],
      ['numeric environment', { ...designExample(), environment: 1 }, 'environment', /string/],
      ['changeRequest without id', { ...designExample(), changeRequest: {} }, 'changeRequest.id', /required/],
      ['bad group', { ...designExample(), group: { id: '' } }, 'group.id', /empty/],
      ['lone surrogate deep in raw', { ...designExample(), raw: JSON.parse('{"data": {"strategies": [{}, {}, {"name": "\\ud83d"}]}}') }, 'raw.data.strategies[2].name', /UTF-16/],
    ];
    it.each(cases)('%s', (_name, record, field, message) => {
      const p = problemOf(() => adapter.map(record, 9, ctx));
      expect(p.index).toBe(9);
      expect(p.field).toBe(field);
      expect(p.message).toMatch(message);
    });

    it('a record that is not an object', () => {
      expect(problemOf(() => adapter.map('flag.enabled', 2, ctx))).toMatchObject({ index: 2, message: expect.stringMatching(/string/) });
    });
  });
});

describe('EvidentAdapter.split', () => {
  it('accepts one event, an array of events, or {events: [...]}', () => {
    const event = designExample();
    expect(adapter.split(event)).toEqual([event]);
    expect(adapter.split([event, event])).toHaveLength(2);
    expect(adapter.split({ events: [event] })).toEqual([event]);
  });

  it('rejects documents that hold no events', () => {
    expect(() => adapter.split('events')).toThrow(InvalidInputError);
    expect(() => adapter.split(42)).toThrow(/got number/);
    expect(() => adapter.split(null)).toThrow(/got null/);
  });
});
