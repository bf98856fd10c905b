#!/usr/bin/env node
'use strict';
/**
 * Builds controls/catalogs/{nist-800-53r5,nist-*,fedramp-*}.yaml from the vendored OSCAL content in
 * ../shared/oscal (NIST SP 800-53 Rev. 5 and FedRAMP Rev. 5, public domain / CC0).
 *
 *   node scripts/build-catalogs.js            write the files
 *   node scripts/build-catalogs.js --check    exit 1 if a committed file differs from a fresh build
 *   --oscal DIR / --out DIR                    override the input / output folders
 *
 * The output is a pure function of the input files: no clock, no environment, every list sorted,
 * so the committed YAML can be compared byte for byte with a fresh run (test/catalog).
 */
const fs = require('node:fs');
const path = require('node:path');
const { Document, isScalar, visit } = require('yaml');

const DEFAULT_OSCAL_DIR = path.resolve(__dirname, '../../shared/oscal');
const DEFAULT_OUT_DIR = path.resolve(__dirname, '../controls/catalogs');
const NIST_FRAMEWORK = 'nist-800-53r5';
const LEVELS = ['low', 'moderate', 'high'];
const LICENCE = 'public domain (US Government work), CC0';

const FILES = {
  nistCatalog: 'nist-800-53r5/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json',
  fedrampLowCatalog: 'fedramp-rev5/FedRAMP_rev5_LOW-baseline-resolved-profile_catalog.json',
  nistProfile: (level) => `nist-800-53r5/NIST_SP-800-53_rev5_${level.toUpperCase()}-baseline_profile.json`,
  fedrampProfile: (level) => `fedramp-rev5/FedRAMP_rev5_${level.toUpperCase()}-baseline_profile.json`,
};

/**
 * The FedRAMP organization-defined parameter values that Evident's policy presets are derived
 * from (controls/policy.yaml cites them). Other parameters stay in the OSCAL files.
 */
const POLICY_PARAMETERS = [
  'ac-02_odp.06',
  'ac-02_odp.07',
  'ac-02_odp.10',
  'ac-02.03_odp.01',
  'ac-02.03_odp.02',
  'ac-06.07_odp.01',
  'ac-06.07_odp.02',
  'au-06_odp.01',
  'au-11_odp',
  'ps-04_odp.01',
];
/** Controls whose FedRAMP "Additional Requirements and Guidance" qualify the values above. */
const REQUIREMENT_CONTROLS = ['ac-2', 'ac-2.3', 'ac-6.7', 'au-6', 'au-11', 'ps-4'];

// ---------------------------------------------------------------------------------------------
// Control ids

/** `ac-2.3` → `{family: 'AC', number: 2, enhancement: 3}`; the OSCAL form is the only input. */
function parseOscalId(oscalId) {
  const m = /^([a-z]{2})-(\d+)(?:\.(\d+))?$/.exec(oscalId);
  if (!m) throw new Error(`unexpected OSCAL control id "${oscalId}"`);
  return { family: m[1].toUpperCase(), number: Number(m[2]), enhancement: m[3] === undefined ? undefined : Number(m[3]) };
}

function displayId(oscalId) {
  const { family, number, enhancement } = parseOscalId(oscalId);
  return enhancement === undefined ? `${family}-${number}` : `${family}-${number}(${enhancement})`;
}

function parentOscalId(oscalId) {
  const dot = oscalId.indexOf('.');
  return dot < 0 ? undefined : oscalId.slice(0, dot);
}

/** NIST order: family alphabetically, then control and enhancement numerically (AC-2 < AC-2(1) < AC-3). */
function compareOscalIds(a, b) {
  const x = parseOscalId(a);
  const y = parseOscalId(b);
  if (x.family !== y.family) return x.family < y.family ? -1 : 1;
  if (x.number !== y.number) return x.number - y.number;
  return (x.enhancement ?? -1) - (y.enhancement ?? -1);
}

// ---------------------------------------------------------------------------------------------
// Reading OSCAL

function readJson(oscalDir, relative) {
  const file = path.join(oscalDir, relative);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every control and enhancement of a catalog, flattened, keyed by OSCAL id. */
function catalogControls(catalog) {
  const byId = new Map();
  const walk = (controls) => {
    for (const control of controls ?? []) {
      byId.set(control.id, control);
      walk(control.controls);
    }
  };
  for (const group of catalog.groups ?? []) walk(group.controls);
  walk(catalog.controls);
  return byId;
}

function profileControlIds(profile) {
  const ids = [];
  for (const imp of profile.imports) {
    if (imp['include-all']) throw new Error('profiles with include-all are not supported');
    for (const selection of imp['include-controls'] ?? []) ids.push(...selection['with-ids']);
  }
  return [...new Set(ids)].sort(compareOscalIds);
}

/**
 * Repo and commit per source repository, as recorded in the vendored README, so the YAML names
 * exactly the upstream state the JSON was copied from.
 */
function readSources(oscalDir) {
  const readme = fs.readFileSync(path.join(oscalDir, 'README.md'), 'utf8');
  const sources = new Map();
  for (const m of readme.matchAll(/^- repo: `([^`]+)`, commit `([0-9a-f]{40})`[^\n]*?path `([^`]+)`/gm)) {
    sources.set(m[1], { repo: m[1], commit: m[2], path: m[3] });
  }
  for (const repo of ['usnistgov/oscal-content', 'GSA/fedramp-automation']) {
    if (!sources.has(repo)) throw new Error(`${oscalDir}/README.md does not record a commit for ${repo}`);
  }
  return sources;
}

function readInputs(oscalDir) {
  const nistCatalog = readJson(oscalDir, FILES.nistCatalog).catalog;
  const fedrampLowCatalog = readJson(oscalDir, FILES.fedrampLowCatalog).catalog;
  const profiles = { nist: {}, fedramp: {} };
  for (const level of LEVELS) {
    profiles.nist[level] = readJson(oscalDir, FILES.nistProfile(level)).profile;
    profiles.fedramp[level] = readJson(oscalDir, FILES.fedrampProfile(level)).profile;
  }
  return { nistCatalog, fedrampLowCatalog, profiles, sources: readSources(oscalDir) };
}

// ---------------------------------------------------------------------------------------------
// Building the documents

/** Membership of every control id in every baseline: `{nist: {low: Set}, fedramp: {...}}`. */
function baselineMembership(profiles) {
  const membership = { nist: {}, fedramp: {} };
  for (const family of ['nist', 'fedramp']) {
    for (const level of LEVELS) membership[family][level] = new Set(profileControlIds(profiles[family][level]));
  }
  return membership;
}

/**
 * The catalog is the HIGH resolved catalog (the full 800-53 catalog is not vendored) plus every
 * control a FedRAMP baseline adds on top of NIST HIGH. Titles for those come from the FedRAMP LOW
 * resolved catalog when it has them; otherwise the id stands in and `title_source: unknown` says so.
 */
function buildNistControls(inputs, membership) {
  const titleSources = [catalogControls(inputs.nistCatalog), catalogControls(inputs.fedrampLowCatalog)];
  const ids = new Set(catalogControls(inputs.nistCatalog).keys());
  for (const family of ['nist', 'fedramp']) for (const level of LEVELS) for (const id of membership[family][level]) ids.add(id);

  const findTitle = (oscalId) => {
    for (const source of titleSources) if (source.has(oscalId)) return source.get(oscalId).title;
    return undefined;
  };
  const sorted = [...ids].sort(compareOscalIds);
  return sorted.map((oscalId) => {
    const parent = parentOscalId(oscalId);
    if (parent && !ids.has(parent)) throw new Error(`enhancement ${oscalId} has no parent ${parent} in the catalog`);
    const own = findTitle(oscalId);
    const parentTitle = parent ? findTitle(parent) : undefined;
    const control = { id: displayId(oscalId), oscal_id: oscalId, family: parseOscalId(oscalId).family };
    if (own === undefined || (parent && parentTitle === undefined)) {
      control.title = displayId(oscalId);
      control.title_source = 'unknown';
    } else {
      // NIST prints enhancements as "PARENT TITLE | ENHANCEMENT TITLE".
      control.title = parent ? `${parentTitle} | ${own}` : own;
    }
    if (parent) control.parent = displayId(parent);
    control.baselines = {
      nist: LEVELS.filter((level) => membership.nist[level].has(oscalId)),
      fedramp: LEVELS.filter((level) => membership.fedramp[level].has(oscalId)),
    };
    return control;
  });
}

function sourceEntry(sources, repo, files) {
  const { commit, path: dir } = sources.get(repo);
  return { repo, commit, files: files.map((file) => `${dir}${path.basename(file)}`) };
}

function buildNistCatalogDoc(inputs, membership) {
  const meta = inputs.nistCatalog.metadata;
  return {
    framework: NIST_FRAMEWORK,
    name: 'NIST SP 800-53 Rev. 5',
    version: meta.version,
    last_modified: meta['last-modified'],
    licence: LICENCE,
    source: [
      sourceEntry(inputs.sources, 'usnistgov/oscal-content', [FILES.nistCatalog, ...LEVELS.map(FILES.nistProfile)]),
      sourceEntry(inputs.sources, 'GSA/fedramp-automation', [FILES.fedrampLowCatalog, ...LEVELS.map(FILES.fedrampProfile)]),
    ],
    note:
      'Controls of the NIST HIGH resolved catalog plus those a FedRAMP baseline adds. Controls in no ' +
      'baseline (e.g. PM, PT) are not included because the full catalog is not vendored.',
    families: Object.fromEntries(
      [...inputs.nistCatalog.groups].sort((a, b) => (a.id < b.id ? -1 : 1)).map((g) => [g.id.toUpperCase(), g.title]),
    ),
    controls: buildNistControls(inputs, membership),
  };
}

/** NIST's own statement of what an ODP defines, without the trailing "is defined;". */
function parameterDefinitions(nistCatalog) {
  const defs = new Map();
  for (const control of catalogControls(nistCatalog).values()) {
    for (const param of control.params ?? []) {
      const prose = (param.guidelines ?? []).map((g) => g.prose).join(' ');
      const altId = (param.props ?? []).find((p) => p.name === 'alt-identifier')?.value;
      defs.set(param.id, {
        control: control.id,
        alt_id: altId,
        defines: prose.trim().replace(/\s*(?:is|are) defined;?$/, ''),
      });
    }
  }
  return defs;
}

function parameterValue(setParameter) {
  const texts = [
    ...(setParameter.values ?? []),
    ...(setParameter.constraints ?? []).map((c) => c.description),
  ];
  return texts.join('; ');
}

function buildParameters(profile, definitions) {
  const set = new Map((profile.modify?.['set-parameters'] ?? []).map((sp) => [sp['param-id'], sp]));
  return POLICY_PARAMETERS.filter((id) => set.has(id)).map((id) => {
    const def = definitions.get(id);
    if (!def) throw new Error(`parameter ${id} is not defined in the NIST catalog`);
    const entry = { param_id: id };
    if (def.alt_id) entry.alt_id = def.alt_id;
    entry.control = displayId(def.control);
    entry.defines = def.defines;
    entry.value = parameterValue(set.get(id));
    return entry;
  });
}

/** Prose items of FedRAMP's "Additional Requirements and Guidance" parts, flattened. */
function requirementItems(part, out = []) {
  if (part.prose) {
    const label = (part.props ?? []).find((p) => p.name === 'label')?.value;
    out.push({ label: label ?? part.name, text: part.prose });
  }
  for (const child of part.parts ?? []) requirementItems(child, out);
  return out;
}

function buildRequirements(profile) {
  const result = [];
  const alters = profile.modify?.alters ?? [];
  for (const oscalId of REQUIREMENT_CONTROLS) {
    for (const alter of alters.filter((a) => a['control-id'] === oscalId)) {
      for (const add of alter.adds ?? []) {
        for (const part of add.parts ?? []) {
          for (const item of requirementItems(part)) result.push({ control: displayId(oscalId), ...item });
        }
      }
    }
  }
  return result;
}

function buildBaselineDoc(inputs, family, level, definitions) {
  const profile = inputs.profiles[family][level];
  const isFedramp = family === 'fedramp';
  const file = isFedramp ? FILES.fedrampProfile(level) : FILES.nistProfile(level);
  const repo = isFedramp ? 'GSA/fedramp-automation' : 'usnistgov/oscal-content';
  const Level = level[0].toUpperCase() + level.slice(1);
  const doc = {
    framework: `${family}-${level}`,
    name: isFedramp ? `FedRAMP Rev. 5 ${Level} baseline` : `NIST SP 800-53B ${Level} baseline`,
    over: NIST_FRAMEWORK,
    version: profile.metadata.version,
    last_modified: profile.metadata['last-modified'],
    licence: LICENCE,
    source: [sourceEntry(inputs.sources, repo, [file])],
    controls: profileControlIds(profile).map(displayId),
  };
  if (isFedramp) {
    doc.parameters = buildParameters(profile, definitions);
    doc.requirements = buildRequirements(profile);
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Writing

const HEADER = [
  ' Generated by scripts/build-catalogs.js from the OSCAL content in ../shared/oscal.',
  ' Do not edit by hand: change the script and run `node scripts/build-catalogs.js`.',
].join('\n');

/** Short scalar lists (baselines) in flow style keep the 400-control file readable. */
function toYaml(value) {
  const doc = new Document(value);
  doc.commentBefore = HEADER;
  visit(doc, {
    Seq(_, node) {
      if (node.items.length <= 3 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The generated files as `{fileName: yamlText}`; nothing is written. */
function buildCatalogFiles(oscalDir = DEFAULT_OSCAL_DIR) {
  const inputs = readInputs(oscalDir);
  const membership = baselineMembership(inputs.profiles);
  const definitions = parameterDefinitions(inputs.nistCatalog);
  const files = { [`${NIST_FRAMEWORK}.yaml`]: toYaml(buildNistCatalogDoc(inputs, membership)) };
  for (const family of ['fedramp', 'nist']) {
    for (const level of LEVELS) files[`${family}-${level}.yaml`] = toYaml(buildBaselineDoc(inputs, family, level, definitions));
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function parseArgs(argv) {
  const args = { check: false, oscal: DEFAULT_OSCAL_DIR, out: DEFAULT_OUT_DIR };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--oscal') args.oscal = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

function main(argv) {
  const args = parseArgs(argv);
  const files = buildCatalogFiles(args.oscal);
  const stale = [];
  if (!args.check) fs.mkdirSync(args.out, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const target = path.join(args.out, name);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === text) continue;
    stale.push(name);
    if (!args.check) fs.writeFileSync(target, text);
  }
  const verb = args.check ? 'out of date' : 'written';
  console.log(stale.length ? `${verb}: ${stale.join(', ')}` : 'catalogs up to date');
  return args.check && stale.length ? 1 : 0;
}

module.exports = { buildCatalogFiles, DEFAULT_OSCAL_DIR, DEFAULT_OUT_DIR };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`build-catalogs: ${err.message}`);
    process.exitCode = 2;
  }
}
