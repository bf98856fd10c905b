import { parseRoster } from '../../src/access/roster.parser';
import { problemOf } from '../support/problems';


const AS_OF = '2026-06-30T23:00:00Z';

// An HRIS export: BOM, CRLF, columns in its own order, mixed-case statuses and emails, a
// department with a comma, a bare termination date and a full timestamp.
const roster =
  '\uFEFF' +
  [
    'department,email,status,manager_email,terminated_at',
    '"Payments, EU",Priya.Raman@Northwind.example,Active,olu.adeyemi@northwind.example,',
    'Core Banking Platform,m.chen@northwind.example,TERMINATED,Olu.Adeyemi@northwind.example,2026-05-31',
    'Core Banking Platform,jo.bauer@northwind.example,terminated,,2026-06-15T17:30:00+02:00',
    ',ana.ruiz@northwind.example,leave,,',
    'Executive,olu.adeyemi@northwind.example,active,,',
  ].join('\r\n') +
  '\r\n';

describe('parseRoster', () => {
  it('reads every column, lowercases emails and sorts entries by email', () => {
    expect(parseRoster(roster, AS_OF)).toEqual({
      asOf: '2026-06-30T23:00:00.000Z',
      entries: [
        { email: 'ana.ruiz@northwind.example', status: 'leave' },
        { email: 'jo.bauer@northwind.example', status: 'terminated', terminatedAt: '2026-06-15T15:30:00.000Z', department: 'Core Banking Platform' },
        {
          email: 'm.chen@northwind.example',
          status: 'terminated',
          terminatedAt: '2026-05-31T00:00:00.000Z',
          managerEmail: 'olu.adeyemi@northwind.example',
          department: 'Core Banking Platform',
        },
        { email: 'olu.adeyemi@northwind.example', status: 'active', department: 'Executive' },
        { email: 'priya.raman@northwind.example', status: 'active', managerEmail: 'olu.adeyemi@northwind.example', department: 'Payments, EU' },
      ],
    });
  });

  it('needs only email and status columns', () => {
    expect(parseRoster('status,email\nactive,a@northwind.example\n', AS_OF).entries).toEqual([{ email: 'a@northwind.example', status: 'active' }]);
  });

  it('rejects an extra column by name', () => {
    const problem = problemOf(() => parseRoster('email,status,salary\na@northwind.example,active,100\n', AS_OF));
    expect(problem).toMatchObject({ line: 1, field: 'salary' });
    expect(problem.message).toContain('unknown column');
  });

  it('requires a header with email and status', () => {
    expect(problemOf(() => parseRoster('a@northwind.example,active\n', AS_OF)).field).toBe('a@northwind.example');
    expect(problemOf(() => parseRoster('email,department\na@northwind.example,Ops\n', AS_OF)).message).toContain('status');
    expect(problemOf(() => parseRoster('', AS_OF)).message).toContain('empty');
  });

  it('names both lines of a duplicate email, whatever its case', () => {
    const problem = problemOf(() => parseRoster(roster + 'Sales,PRIYA.RAMAN@northwind.example,active,,\r\n', AS_OF));
    expect(problem).toMatchObject({ index: 5, line: 7, field: 'email' });
    expect(problem.message).toContain('lines 2 and 7');
  });

  it('requires terminated_at for a leaver and refuses it for anyone else', () => {
    const missing = problemOf(() => parseRoster('email,status,terminated_at\na@northwind.example,terminated,\n', AS_OF));
    expect(missing).toMatchObject({ line: 2, field: 'terminated_at' });
    expect(missing.message).toContain('required when status is terminated');
    const noColumn = problemOf(() => parseRoster('email,status\na@northwind.example,terminated\n', AS_OF));
    expect(noColumn).toMatchObject({ line: 2, field: 'terminated_at' });
    const active = problemOf(() => parseRoster('email,status,terminated_at\na@northwind.example,active,2026-01-01\n', AS_OF));
    expect(active).toMatchObject({ line: 2, field: 'terminated_at' });
  });

  it('names a bad status, a bad email, a bad manager email and a bad date', () => {
    expect(problemOf(() => parseRoster('email,status\na@northwind.example,contractor\n', AS_OF))).toMatchObject({ line: 2, field: 'status' });
    expect(problemOf(() => parseRoster('email,status\nnot-an-email,active\n', AS_OF))).toMatchObject({ line: 2, field: 'email' });
    expect(problemOf(() => parseRoster('email,status,manager_email\na@northwind.example,active,boss\n', AS_OF))).toMatchObject({ line: 2, field: 'manager_email' });
    const date = problemOf(() => parseRoster('email,status,terminated_at\na@northwind.example,terminated,31/05/2026\n', AS_OF));
    expect(date).toMatchObject({ line: 2, field: 'terminated_at' });
    expect(date.message).toContain('"31/05/2026"');
    expect(problemOf(() => parseRoster('email,status,terminated_at\na@northwind.example,terminated,2026-02-30\n', AS_OF)).field).toBe('terminated_at');
  });

  it('asks for --as-of instead of using the clock, and validates it', () => {
    const missing = problemOf(() => parseRoster(roster));
    expect(missing.field).toBe('asOf');
    expect(missing.message).toContain('is required');
    expect(problemOf(() => parseRoster(roster, '2026-06-30')).field).toBe('asOf');
  });
});
