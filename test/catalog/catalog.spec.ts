import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalog, CatalogError, defaultControlsDir, Framework, loadCatalog, normalizeControlId } from '../../src/catalog/catalog.loader';

const CONTROLS_DIR = path.resolve(__dirname, '../../controls');
const OSCAL_DIR = path.resolve(__dirname, '../../../shared/oscal');

// The generator is plain CommonJS so it runs without a TypeScript toolchain.
const generator = require('../../scripts/build-catalogs.js') as { buildCatalogFiles(oscalDir?: string): Record<string, string> };

const CHECK_IDS = [
  'CHG-ATTRIBUTED',
  'CHG-APPROVED',
  'CHG-NO-SELF-APPROVAL',
  'CHG-APPROVED-BEFORE-APPLY',
  'CHG-APPROVER-AUTHORIZED',
  'CHG-ACTOR-AUTHORIZED',
  'CHG-PROGRESSION',
  'LOG-CHAIN-INTACT',
  'LOG-CHECKPOINTED',
  'LOG-COMPLETE',
  'LOG-RETAINED',
  'ACC-REVIEWED',
  'ACC-TERMINATED',
  'ACC-DORMANT',
  'ACC-SOD',
  'ACC-REMEDIATED',
  'LCY-STALE',
];

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});

function framework(id: string): Framework {
  const found = catalog.frameworks.find((f) => f.id === id);
  if (!found) throw new Error(`framework ${id} not loaded`);
  return found;
}

function ids(id: string): string[] {
  return framework(id).controls.map((c) => c.id);
}

function rows(checkId: string, frameworkId: string): string[] {
  const check = catalog.checks.find((c) => c.id === checkId);
  if (!check) throw new Error(`check ${checkId} not loaded`);
  return check.controls[frameworkId].map((r) => r.control);
}

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

function scratchDir(files: Record<string, string>): string {
  const dir = tempDir('evident-catalog-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A copy of controls/ with one file rewritten, to break the built-in files without touching them. */
function controlsCopy(relative: string, edit: (text: string) => string): string {
  const dir = tempDir('evident-controls-');
  fs.cpSync(CONTROLS_DIR, dir, { recursive: true });
  const file = path.join(dir, relative);
  const edited = edit(fs.readFileSync(file, 'utf8'));
  if (edited === fs.readFileSync(file, 'utf8')) throw new Error(`edit of ${relative} changed nothing`);
  fs.writeFileSync(file, edited);
  return dir;
}

function loadError(load: () => unknown): CatalogError {
  try {
    load();
  } catch (err) {
    if (err instanceof CatalogError) return err;
    throw err;
  }
  throw new Error('expected a CatalogError, but the catalog loaded');
}

describe('normalizeControlId', () => {
  it.each([
    ['ac-2.3', 'AC-2(3)'],
    ['ac-2', 'AC-2'],
    ['AC-2 (3)', 'AC-2(3)'],
    ['AC-02(03)', 'AC-2(3)'],
    ['ac-2(3)', 'AC-2(3)'],
    [' si-7.1 ', 'SI-7(1)'],
    ['5.15', 'A.5.15'],
    ['a.8.32', 'A.8.32'],
    ['A.5.1', 'A.5.1'],
    ['cc8.1', 'CC8.1'],
    ['CC 8.1.2', 'CC8.1.2'],
    ['pi1.5', 'PI1.5'],
    ['A1.2', 'A1.2'],
    ['p4.2', 'P4.2'],
    ['CHG-01', 'CHG-01'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeControlId(raw)).toBe(expected);
  });

  it('keeps custom ids verbatim when asked, so "5.1" is not taken for ISO', () => {
    expect(normalizeControlId(' 5.1 ', 'verbatim')).toBe('5.1');
    expect(normalizeControlId('5.1', 'nist')).toBe('5.1');
  });
});

describe('frameworks', () => {
  it('loads every built-in framework, catalogs first', () => {
    expect(catalog.frameworks.map((f) => `${f.id}:${f.kind}`)).toEqual([
      'soc2:catalog',
      'iso27001:catalog',
      'nist-800-53r5:catalog',
      'fedramp-low:baseline',
      'fedramp-moderate:baseline',
      'fedramp-high:baseline',
      'nist-low:baseline',
      'nist-moderate:baseline',
      'nist-high:baseline',
    ]);
  });

  it('resolves the default controls directory to the repository copy', () => {
    expect(defaultControlsDir()).toBe(CONTROLS_DIR);
  });

  it('has the 93 ISO 27001:2022 Annex A controls with their themes', () => {
    const iso = framework('iso27001').controls;
    expect(iso).toHaveLength(93);
    const perTheme = (theme: string) => iso.filter((c) => c.theme === theme).length;
    expect([perTheme('organizational'), perTheme('people'), perTheme('physical'), perTheme('technological')]).toEqual([37, 8, 14, 34]);
    expect(iso[0].id).toBe('A.5.1');
    expect(iso[iso.length - 1].id).toBe('A.8.34');
  });

  it('has the 61 SOC 2 criteria, with points of focus as children', () => {
    const soc2 = framework('soc2').controls;
    const criteria = soc2.filter((c) => !c.pointOfFocus);
    expect(criteria).toHaveLength(61);
    expect(criteria.filter((c) => c.id.startsWith('CC6.')).map((c) => c.id)).toEqual(
      ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.4', 'CC6.5', 'CC6.6', 'CC6.7', 'CC6.8'],
    );
    expect(criteria.filter((c) => c.family === 'PI1').map((c) => c.id)).toEqual(['PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5']);
    expect(soc2.find((c) => c.id === 'CC8.1.2')).toMatchObject({ parent: 'CC8.1', pointOfFocus: true, family: 'CC8' });
  });

  it.each([
    ['nist-low', 149],
    ['nist-moderate', 287],
    ['nist-high', 370],
    ['fedramp-low', 156],
    ['fedramp-moderate', 323],
    ['fedramp-high', 410],
  ])('%s has %i controls, as counted in the OSCAL README', (id, count) => {
    expect(framework(id).controls).toHaveLength(count);
  });

  it('builds the NIST catalog from the HIGH resolved catalog plus what FedRAMP adds', () => {
    const nist = framework('nist-800-53r5').controls;
    expect(nist).toHaveLength(410);
    expect(nist.filter((c) => c.titleSource === 'unknown')).toHaveLength(40);
    expect(nist.find((c) => c.id === 'AC-2(3)')).toMatchObject({
      oscalId: 'ac-2.3',
      family: 'AC',
      parent: 'AC-2',
      title: 'Account Management | Disable Accounts',
    });
    expect(nist.find((c) => c.id === 'AC-2(7)')).toMatchObject({ title: 'AC-2(7)', titleSource: 'unknown' });
    expect(nist.find((c) => c.id === 'AU-9(3)')?.title).toBe('Protection of Audit Information | Cryptographic Protection');
  });

  it('puts controls in their baselines as the profiles say', () => {
    expect(ids('fedramp-moderate')).toEqual(expect.arrayContaining(['AC-2(3)', 'AC-2(7)', 'AC-6(7)', 'AU-9(4)', 'CM-5(5)', 'SI-7(1)']));
    expect(ids('fedramp-moderate')).not.toEqual(expect.arrayContaining(['AU-9(3)']));
    expect(ids('fedramp-moderate')).not.toContain('AU-10');
    expect(ids('fedramp-high')).toEqual(expect.arrayContaining(['AU-9(3)', 'AU-10']));
    expect(ids('fedramp-low')).not.toContain('AC-2(3)');
    expect(ids('nist-moderate')).not.toContain('AC-2(7)');
    expect(ids('nist-high')).toEqual(expect.arrayContaining(['AU-9(3)', 'AU-10']));
  });

  it('carries the FedRAMP parameter values the policy presets rest on', () => {
    const value = (fw: string, paramId: string) => framework(fw).parameters?.find((p) => p.paramId === paramId)?.value;
    expect(value('fedramp-low', 'ac-02_odp.10')).toBe('at least annually');
    expect(value('fedramp-moderate', 'ac-02_odp.10')).toBe('quarterly for privileged access, annually for non-privileged access');
    expect(value('fedramp-moderate', 'ac-02.03_odp.02')).toMatch(/^ninety \(90\) days/);
    expect(value('fedramp-high', 'ac-02.03_odp.02')).toMatch(/^thirty-five \(35\) days/);
    expect(value('fedramp-high', 'ac-06.07_odp.01')).toBe('at a minimum, annually');
    expect(value('fedramp-moderate', 'au-11_odp')).toMatch(/M-21-31/);
    expect(framework('fedramp-moderate').parameters?.find((p) => p.paramId === 'ac-02_odp.10')).toMatchObject({ control: 'AC-2', altId: 'ac-2_prm_10' });
    expect(framework('nist-moderate').parameters).toBeUndefined();
  });
});

describe('checks', () => {
  it('defines the 17 checks of the design', () => {
    expect(catalog.checks.map((c) => c.id)).toEqual(CHECK_IDS);
  });

  it.each(CHECK_IDS)('%s maps to at least one control in soc2, iso27001 and nist-800-53r5', (id) => {
    for (const fw of ['soc2', 'iso27001', 'nist-800-53r5']) expect(rows(id, fw).length).toBeGreaterThan(0);
  });

  it('gives every mapping row a provenance and a rationale; OLIR rows are ISO rows', () => {
    for (const check of catalog.checks) {
      for (const [fw, mapped] of Object.entries(check.controls)) {
        for (const row of mapped) {
          expect(['olir', 'derived', 'editorial']).toContain(row.provenance);
          expect(row.rationale.trim().length).toBeGreaterThan(0);
          if (row.provenance === 'olir') expect(fw).toBe('iso27001');
        }
      }
    }
  });

  it('follows the mapping examples of the design and the reference table', () => {
    expect(rows('CHG-NO-SELF-APPROVAL', 'soc2')).toContain('CC8.1');
    expect(rows('CHG-NO-SELF-APPROVAL', 'iso27001')).toEqual(expect.arrayContaining(['A.5.3', 'A.8.32']));
    expect(rows('CHG-NO-SELF-APPROVAL', 'nist-800-53r5')).toEqual(expect.arrayContaining(['AC-5', 'CM-3']));
    expect(rows('LOG-CHAIN-INTACT', 'nist-800-53r5')).toEqual(expect.arrayContaining(['AU-9', 'AU-9(3)', 'AU-10', 'SI-7(1)']));
    expect(rows('LOG-CHAIN-INTACT', 'iso27001')).toContain('A.8.15');
    expect(rows('ACC-REVIEWED', 'soc2')).toEqual(expect.arrayContaining(['CC6.2', 'CC6.3']));
    expect(rows('ACC-REVIEWED', 'iso27001')).toContain('A.5.18');
    expect(rows('ACC-REVIEWED', 'nist-800-53r5')).toEqual(expect.arrayContaining(['AC-2', 'AC-6(7)']));
  });

  it('gives baselines the NIST rows restricted to the baseline', () => {
    expect(rows('LOG-CHAIN-INTACT', 'fedramp-high')).toEqual(rows('LOG-CHAIN-INTACT', 'nist-800-53r5'));
    expect(rows('LOG-CHAIN-INTACT', 'fedramp-moderate')).toEqual(['AU-9', 'SI-7', 'SI-7(1)']);
    expect(rows('LOG-CHAIN-INTACT', 'fedramp-low')).toEqual(['AU-9']);
    expect(rows('ACC-REVIEWED', 'fedramp-moderate')).toContain('CM-5(5)');
    expect(rows('ACC-REVIEWED', 'nist-moderate')).not.toContain('CM-5(5)');
    for (const check of catalog.checks) {
      for (const fw of catalog.frameworks) {
        const members = new Set(fw.controls.map((c) => c.id));
        for (const row of check.controls[fw.id]) expect(members.has(row.control)).toBe(true);
      }
    }
  });
});

describe('policies', () => {
  it('has the default and FedRAMP presets with inactivity 90/90/90/35', () => {
    const p = catalog.policies;
    expect(Object.keys(p)).toEqual(['default', 'fedramp-low', 'fedramp-moderate', 'fedramp-high']);
    expect([p.default, p['fedramp-low'], p['fedramp-moderate'], p['fedramp-high']].map((x) => x.inactivityDays)).toEqual([90, 90, 90, 35]);
    expect(p.default).toMatchObject({ retentionDays: 365, checkpointIntervalMinutes: 15, privilegedReviewFrequency: 'quarterly' });
    expect(p['fedramp-moderate']).toMatchObject({ privilegedReviewFrequency: 'quarterly', nonPrivilegedReviewFrequency: 'annual' });
    expect(p['fedramp-high']).toMatchObject({ privilegedReviewFrequency: 'monthly', nonPrivilegedReviewFrequency: 'semiannual' });
  });

  it('agrees with the FedRAMP inactivity and termination parameters it cites', () => {
    const number = (fw: string, paramId: string) =>
      Number(/\((\d+)\)/.exec(framework(fw).parameters?.find((p) => p.paramId === paramId)?.value ?? '')?.[1]);
    for (const level of ['moderate', 'high']) {
      expect(catalog.policies[`fedramp-${level}`].inactivityDays).toBe(number(`fedramp-${level}`, 'ac-02.03_odp.02'));
    }
    for (const level of ['low', 'moderate', 'high']) {
      expect(catalog.policies[`fedramp-${level}`].terminationGraceHours).toBe(number(`fedramp-${level}`, 'ps-04_odp.01'));
    }
  });
});

function policyFile(name: string): string {
  return [
    'policies:',
    `  ${name}:`,
    '    name: Strict',
    '    inactivityDays: 30',
    '    privilegedReviewFrequency: monthly',
    '    nonPrivilegedReviewFrequency: quarterly',
    '    retentionDays: 730',
    '    checkpointIntervalMinutes: 5',
    '    connectorLagMinutes: 15',
    '    staleReleaseFlagDays: 30',
    '    emergencyWindowHours: 4',
    '    remediationDeadlineDays: 7',
    '    terminationGraceHours: 4',
  ].join('\n');
}

describe('extra directories', () => {
  const customCatalog = [
    'framework: acme-policy',
    'name: ACME internal controls',
    'controls:',
    '  - { id: CHG-01, title: Production changes are approved }',
    '  - { id: "5.1", title: An id that must stay verbatim }',
  ].join('\n');

  it('adds a user catalog, baseline, mappings and a policy preset', () => {
    const dir = scratchDir({
      'acme.yaml': customCatalog,
      'acme-tailored.yaml': 'framework: acme-tailored\nname: ACME tailored\nover: nist-800-53r5\ncontrols: [ac-2, "AC-5", AU-9 (3)]\n',
      'mappings.yaml': [
        'mappings:',
        '  - check: CHG-NO-SELF-APPROVAL',
        '    controls:',
        '      acme-policy:',
        '        - { control: CHG-01, provenance: editorial, rationale: Four eyes. }',
        '      iso27001:',
        '        - { control: "5.15", provenance: editorial, rationale: Our auditor tests it here. }',
      ].join('\n'),
      'policy.yaml': policyFile('strict'),
    });
    const extended = loadCatalog(CONTROLS_DIR, [dir]);
    const acme = extended.frameworks.find((f) => f.id === 'acme-policy');
    expect(acme?.controls.map((c) => c.id)).toEqual(['CHG-01', '5.1']);
    expect(extended.frameworks.find((f) => f.id === 'acme-tailored')?.controls.map((c) => c.id)).toEqual(['AC-2', 'AC-5', 'AU-9(3)']);
    const check = extended.checks.find((c) => c.id === 'CHG-NO-SELF-APPROVAL')!;
    expect(check.controls['acme-policy'].map((r) => r.control)).toEqual(['CHG-01']);
    expect(check.controls.iso27001.map((r) => r.control)).toEqual(['A.5.3', 'A.8.32', 'A.5.15']);
    expect(check.controls['acme-tailored'].map((r) => r.control)).toEqual(['AC-5']);
    expect(extended.checks.find((c) => c.id === 'LCY-STALE')!.controls['acme-policy']).toEqual([]);
    expect(extended.policies.strict.inactivityDays).toBe(30);
  });

  it('rejects an unknown key, naming the file and the field', () => {
    const dir = scratchDir({
      'broken.yaml': 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      soc2:\n        - { control: CC7.1, provenance: editorial, rationale: x, colour: red }\n',
    });
    const err = loadError(() => loadCatalog(CONTROLS_DIR, [dir]));
    expect(err.file).toBe(path.join(dir, 'broken.yaml'));
    expect(err.path).toBe('mappings[0].controls.soc2[0].colour');
    expect(err.message).toContain(path.join(dir, 'broken.yaml'));
    expect(err.message).toContain('mappings[0].controls.soc2[0].colour');
    expect(err.message).toContain('unknown key "colour"');
  });

  it('rejects a control id that is not in the framework, naming the file and the field', () => {
    const dir = scratchDir({
      'broken.yaml': 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      nist-800-53r5:\n        - { control: ac-99.1, provenance: editorial, rationale: x }\n',
    });
    const err = loadError(() => loadCatalog(CONTROLS_DIR, [dir]));
    expect(err.message).toBe(`${path.join(dir, 'broken.yaml')}: mappings[0].controls.nist-800-53r5[0].control: control "AC-99(1)" is not in framework nist-800-53r5`);
  });

  it.each([
    ['a missing provenance', 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      soc2:\n        - { control: CC7.1, rationale: x }\n', 'missing key "provenance"'],
    ['an unknown provenance', 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      soc2:\n        - { control: CC7.1, provenance: vibes, rationale: x }\n', 'expected one of olir, derived, editorial'],
    ['an unknown check', 'mappings:\n  - check: CHG-TELEPATHY\n    controls:\n      soc2: []\n', 'unknown check "CHG-TELEPATHY"'],
    ['an unknown framework', 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      pci-dss:\n        - { control: "6.5.1", provenance: editorial, rationale: x }\n', 'unknown framework "pci-dss"'],
    ['a mapping to a baseline', 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      fedramp-high:\n        - { control: CM-3, provenance: editorial, rationale: x }\n', 'map to its catalog "nist-800-53r5"'],
    ['a row that repeats a built-in mapping', 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      soc2:\n        - { control: cc8.1, provenance: editorial, rationale: x }\n', '"CC8.1" is mapped twice'],
    ['an unquoted numeric id', 'mappings:\n  - check: CHG-APPROVED\n    controls:\n      iso27001:\n        - { control: 5.10, provenance: editorial, rationale: x }\n', 'quote it'],
    ['a duplicate YAML key', 'mappings:\n  - check: CHG-APPROVED\n    check: CHG-APPROVED\n', 'unique'],
    ['a catalog reusing a framework id', 'framework: soc2\nname: Mine\ncontrols:\n  - { id: X, title: Y }\n', 'already defined in'],
    ['a duplicate control id', 'framework: mine\nname: Mine\ncontrols:\n  - { id: X, title: Y }\n  - { id: X, title: Z }\n', 'duplicate control id "X"'],
    ['a missing parent', 'framework: mine\nname: Mine\ncontrols:\n  - { id: X.1, title: Y, parent: X }\n', 'parent "X" is not in this catalog'],
    ['a baseline over a missing control', 'framework: mine\nname: Mine\nover: nist-800-53r5\ncontrols: [AC-2, PM-1]\n', 'control "PM-1" is not in framework nist-800-53r5'],
    ['a new check', 'checks:\n  - id: CHG-NEW\n', 'new checks cannot be added'],
    ['a file of no known kind', 'controls: []\n', 'cannot tell the kind of file'],
    ['a redefined policy', policyFile('default'), 'policy "default" is already defined'],
    ['an incomplete policy', 'policies:\n  lax:\n    name: Lax\n', 'missing key "inactivityDays"'],
    ['a policy with a bad frequency', policyFile('odd').replace('monthly', 'fortnightly'), 'expected one of monthly, quarterly'],
    ['a policy with a bad number', policyFile('odd').replace('inactivityDays: 30', 'inactivityDays: -1'), 'expected a positive integer'],
  ])('rejects %s', (_what, text, expected) => {
    const dir = scratchDir({ 'broken.yaml': text });
    const err = loadError(() => loadCatalog(CONTROLS_DIR, [dir]));
    expect(err.file).toBe(path.join(dir, 'broken.yaml'));
    expect(err.message).toContain(expected);
  });

  it('rejects a built-in catalog id that is not in normalized form, and says how to write it', () => {
    const dir = controlsCopy('catalogs/iso27001.yaml', (text) => text.replace('id: A.5.15,', 'id: "5.15",'));
    const err = loadError(() => loadCatalog(dir));
    expect(err.file).toBe(path.join(dir, 'catalogs/iso27001.yaml'));
    expect(err.path).toMatch(/^controls\[\d+\]\.id$/);
    expect(err.message).toContain('write "A.5.15"');
  });

  it('rejects a hand edit that makes the NIST catalog and a baseline file disagree', () => {
    const dir = controlsCopy('catalogs/fedramp-moderate.yaml', (text) => text.replace('  - AC-2(7)\n', ''));
    expect(loadError(() => loadCatalog(dir)).message).toContain('missing [AC-2(7)]');
  });

  it('rejects a check without provenance in checks.yaml', () => {
    const dir = controlsCopy('checks.yaml', (text) => text.replace('          provenance: olir\n', ''));
    const err = loadError(() => loadCatalog(dir));
    expect(err.file).toBe(path.join(dir, 'checks.yaml'));
    expect(err.message).toMatch(/checks\[\d+\]\.controls\.iso27001\[\d+\]: missing key "provenance"/);
  });
});

describe('generated catalogs', () => {
  it('are exactly what the generator builds from the vendored OSCAL', () => {
    const files = generator.buildCatalogFiles(OSCAL_DIR);
    expect(Object.keys(files)).toEqual([
      'fedramp-high.yaml',
      'fedramp-low.yaml',
      'fedramp-moderate.yaml',
      'nist-800-53r5.yaml',
      'nist-high.yaml',
      'nist-low.yaml',
      'nist-moderate.yaml',
    ]);
    for (const [name, text] of Object.entries(files)) {
      expect({ name, text: fs.readFileSync(path.join(CONTROLS_DIR, 'catalogs', name), 'utf8') }).toEqual({ name, text });
    }
  });

  it('are deterministic', () => {
    expect(generator.buildCatalogFiles(OSCAL_DIR)).toEqual(generator.buildCatalogFiles(OSCAL_DIR));
  });
});
