// Validates SARIF 2.1.0 files for GitHub code scanning; run through validate_sarif.sh, which
// installs the modules. Prints one line per problem and exits 1 if any file is invalid.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

// The official schema (draft 2020-12) as @microsoft/sarif-multitool-linux@5.7.0 ships it.
const SCHEMA_SHA256 = '1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c';
// GitHub code scanning's hard limits (docs: "SARIF results exceed hard limit").
const LIMITS = { runs: 20, results: 25000, rules: 25000, tagsPerRule: 20, locations: 1000 };
const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;

function loadSchema() {
  const dir = path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
  const text = fs.readFileSync(path.join(dir, 'sarif-2.1.0.json'));
  const digest = crypto.createHash('sha256').update(text).digest('hex');
  if (digest !== SCHEMA_SHA256) throw new Error(`sarif-2.1.0.json has SHA-256 ${digest}`);
  // The schema's anyOf branches name required properties defined elsewhere: strict otherwise.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(text.toString('utf8')));
}

function checkRule(rule, where, problems) {
  const props = rule.properties || {};
  const tags = props.tags || [];
  if (tags.length > LIMITS.tagsPerRule) problems.push(`${where}: ${tags.length} tags`);
  const severity = props['security-severity'];
  if (severity !== undefined) {
    const score = Number(severity);
    if (typeof severity !== 'string' || !/^\d+(\.\d+)?$/.test(severity) || score > 10) {
      problems.push(`${where}: security-severity ${JSON.stringify(severity)} is not "0.0".."10.0"`);
    }
    if (!tags.includes('security')) problems.push(`${where}: security-severity without tag security`);
  }
  if (!rule.shortDescription || !rule.shortDescription.text) {
    problems.push(`${where}: no shortDescription`);
  }
}

function checkResult(result, rules, where, problems) {
  const rule = rules[result.ruleIndex];
  if (!rule || rule.id !== result.ruleId) {
    problems.push(`${where}: ruleIndex ${result.ruleIndex} is not rule ${result.ruleId}`);
  }
  const locations = result.locations || [];
  if (locations.length === 0 || locations.length > LIMITS.locations) {
    problems.push(`${where}: ${locations.length} locations`);
  }
  for (const loc of locations) {
    const uri = ((loc.physicalLocation || {}).artifactLocation || {}).uri || '';
    if (uri === '' || uri.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(uri)) {
      problems.push(`${where}: artifact uri ${JSON.stringify(uri)} is not a relative path`);
    }
  }
  if (!result.partialFingerprints || Object.keys(result.partialFingerprints).length === 0) {
    problems.push(`${where}: no partialFingerprints`);
  }
  if (!result.message || !result.message.text) problems.push(`${where}: no message text`);
}

// What GitHub code scanning checks on upload beyond the schema.
function checkGitHub(text, doc) {
  const problems = [];
  if (zlib.gzipSync(text).length > MAX_GZIPPED_BYTES) problems.push('over 10 MB gzipped');
  const runs = doc.runs || [];
  if (runs.length > LIMITS.runs) problems.push(`${runs.length} runs`);
  runs.forEach((run, r) => {
    const rules = ((run.tool || {}).driver || {}).rules || [];
    const results = run.results || [];
    if (results.length > LIMITS.results) problems.push(`run ${r}: ${results.length} results`);
    if (rules.length > LIMITS.rules) problems.push(`run ${r}: ${rules.length} rules`);
    const ids = new Set();
    rules.forEach((rule, i) => {
      if (ids.has(rule.id)) problems.push(`run ${r}: duplicate rule id ${rule.id}`);
      ids.add(rule.id);
      checkRule(rule, `run ${r} rule ${i} (${rule.id})`, problems);
    });
    results.forEach((result, i) => checkResult(result, rules, `run ${r} result ${i}`, problems));
    const category = (run.automationDetails || {}).id;
    if (category !== undefined && !category.endsWith('/')) {
      problems.push(`run ${r}: automationDetails.id ${category} does not end in / (a run id)`);
    }
  });
  return problems;
}

function main() {
  const validate = loadSchema();
  let failed = false;
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, 'utf8');
    let problems = [];
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      problems.push(`not JSON: ${e.message}`);
    }
    if (doc) {
      if (!validate(doc)) {
        for (const e of validate.errors) problems.push(`schema: ${e.instancePath || '/'} ${e.message}`);
      }
      problems = problems.concat(checkGitHub(text, doc));
    }
    for (const p of problems) console.log(`${file}: ${p}`);
    const results = doc && doc.runs ? doc.runs.reduce((n, run) => n + (run.results || []).length, 0) : 0;
    console.log(`${file}: SARIF 2.1.0 ${problems.length === 0 ? 'valid' : 'INVALID'} (${results} results)`);
    failed = failed || problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}

try {
  main();
} catch (e) {
  console.error(e);
  process.exit(1);
}
