// Validates CycloneDX 1.5, SPDX 2.3 and Moat JSON report files; run through validate_sbom.sh, which
// installs the modules. Prints one line per problem and exits 1 if any file is invalid.
'use strict';

const fs = require('fs');
const CDX = require('@cyclonedx/cyclonedx-library');
const { PackageURL } = require('packageurl-js');
const parseSpdxExpression = require('spdx-expression-parse');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');

function checkPurl(purl, where, problems) {
  try {
    PackageURL.fromString(purl);
  } catch (e) {
    problems.push(`${where}: invalid purl ${JSON.stringify(purl)}: ${e.message}`);
  }
}

function checkUnique(values, what, problems) {
  const seen = new Set();
  for (const v of values) {
    if (seen.has(v)) problems.push(`duplicate ${what} ${JSON.stringify(v)}`);
    seen.add(v);
  }
}

async function validateCycloneDx(text, doc) {
  const problems = [];
  if (doc.specVersion !== '1.5') problems.push(`specVersion ${doc.specVersion}, want 1.5`);
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
  const errors = await validator.validate(text);
  for (const e of Array.isArray(errors) ? errors : errors === null ? [] : [errors]) {
    problems.push(`schema: ${e.instancePath || '/'} ${e.message || JSON.stringify(e)}`);
  }
  const components = doc.components || [];
  const refs = components.map((c) => c['bom-ref']);
  if (doc.metadata && doc.metadata.component) refs.push(doc.metadata.component['bom-ref']);
  checkUnique(refs, 'bom-ref', problems);
  const known = new Set(refs);
  for (const dep of doc.dependencies || []) {
    for (const ref of [dep.ref, ...(dep.dependsOn || [])]) {
      if (!known.has(ref)) problems.push(`dependency on unknown bom-ref ${ref}`);
    }
  }
  const all = [...components];
  if (doc.metadata && doc.metadata.component) all.push(doc.metadata.component);
  for (const c of all) {
    if (c.purl) checkPurl(c.purl, `component ${c['bom-ref']}`, problems);
  }
  return problems;
}

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const LICENSE_REF = /LicenseRef-[A-Za-z0-9.-]+/g;
const PURPOSES = new Set(['APPLICATION', 'FRAMEWORK', 'LIBRARY', 'CONTAINER', 'OPERATING-SYSTEM',
  'DEVICE', 'FIRMWARE', 'SOURCE', 'ARCHIVE', 'FILE', 'INSTALL', 'OTHER']);
const REF_CATEGORIES = new Set(['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER']);

function checkLicense(value, where, declaredRefs, problems) {
  if (value === undefined) return;  // optional since SPDX 2.3
  if (typeof value !== 'string') {
    problems.push(`${where}: not a string`);
    return;
  }
  if (value === 'NONE' || value === 'NOASSERTION') return;
  try {
    parseSpdxExpression(value);
  } catch (e) {
    problems.push(`${where}: invalid SPDX expression ${JSON.stringify(value)}`);
  }
  for (const ref of value.match(LICENSE_REF) || []) {
    if (!declaredRefs.has(ref)) problems.push(`${where}: ${ref} not in hasExtractedLicensingInfos`);
  }
}

function checkSpdxDocument(doc, problems) {
  const want = { spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT' };
  for (const [key, value] of Object.entries(want)) {
    if (doc[key] !== value) problems.push(`${key} is ${JSON.stringify(doc[key])}, want ${value}`);
  }
  if (typeof doc.name !== 'string' || doc.name === '') problems.push('name missing');
  try {
    const ns = new URL(doc.documentNamespace);
    if (ns.hash !== '') problems.push('documentNamespace must not contain #');
  } catch (e) {
    problems.push(`documentNamespace is not a URI: ${doc.documentNamespace}`);
  }
  const info = doc.creationInfo || {};
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(info.created || '')) {
    problems.push(`creationInfo.created ${info.created} is not YYYY-MM-DDThh:mm:ssZ`);
  }
  const creators = info.creators || [];
  if (creators.length === 0) problems.push('creationInfo.creators is empty');
  for (const c of creators) {
    if (!/^(Tool|Organization|Person): \S/.test(c)) problems.push(`bad creator ${c}`);
  }
}

function checkSpdxPackage(p, declaredRefs, problems) {
  const where = `package ${p.SPDXID}`;
  if (!SPDX_ID.test(p.SPDXID || '')) problems.push(`${where}: invalid SPDXID`);
  if (typeof p.name !== 'string' || p.name === '') problems.push(`${where}: name missing`);
  if (typeof p.downloadLocation !== 'string') problems.push(`${where}: downloadLocation missing`);
  if (p.filesAnalyzed === true && !p.packageVerificationCode) {
    problems.push(`${where}: filesAnalyzed without packageVerificationCode`);
  }
  checkLicense(p.licenseConcluded, `${where} licenseConcluded`, declaredRefs, problems);
  checkLicense(p.licenseDeclared, `${where} licenseDeclared`, declaredRefs, problems);
  if (p.primaryPackagePurpose && !PURPOSES.has(p.primaryPackagePurpose)) {
    problems.push(`${where}: primaryPackagePurpose ${p.primaryPackagePurpose}`);
  }
  for (const c of p.checksums || []) {
    if (c.algorithm !== 'SHA256' || !/^[0-9a-f]{64}$/.test(c.checksumValue)) {
      problems.push(`${where}: bad checksum ${JSON.stringify(c)}`);
    }
  }
  for (const ref of p.externalRefs || []) {
    if (!REF_CATEGORIES.has(ref.referenceCategory)) {
      problems.push(`${where}: referenceCategory ${ref.referenceCategory}`);
    }
    if (ref.referenceType === 'purl') checkPurl(ref.referenceLocator, where, problems);
  }
}

function validateSpdx(doc) {
  const problems = [];
  checkSpdxDocument(doc, problems);
  const extracted = doc.hasExtractedLicensingInfos || [];
  const declaredRefs = new Set();
  for (const e of extracted) {
    if (!/^LicenseRef-[A-Za-z0-9.-]+$/.test(e.licenseId || '')) {
      problems.push(`bad licenseId ${e.licenseId}`);
    }
    if (typeof e.extractedText !== 'string' || e.extractedText === '') {
      problems.push(`${e.licenseId}: extractedText missing`);
    }
    declaredRefs.add(e.licenseId);
  }
  checkUnique(extracted.map((e) => e.licenseId), 'licenseId', problems);
  const packages = doc.packages || [];
  for (const p of packages) checkSpdxPackage(p, declaredRefs, problems);
  const ids = [...packages, ...(doc.files || []), ...(doc.snippets || [])].map((e) => e.SPDXID);
  checkUnique([doc.SPDXID, ...ids], 'SPDXID', problems);
  const known = new Set([doc.SPDXID, ...ids, 'NONE', 'NOASSERTION']);
  let describes = 0;
  for (const r of doc.relationships || []) {
    if (!known.has(r.spdxElementId) || !known.has(r.relatedSpdxElement)) {
      problems.push(`relationship with unknown element ${JSON.stringify(r)}`);
    }
    if (r.spdxElementId === doc.SPDXID && r.relationshipType === 'DESCRIBES') describes++;
  }
  if (describes === 0) problems.push('no DOCUMENT DESCRIBES relationship');
  return problems;
}

// Moat's own JSON report, against the schema that documents it.
function validateMoatJson(doc) {
  const schemaPath = path.join(__dirname, '..', '..', 'docs', 'formats', 'scan-json.schema.json');
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  if (validate(doc)) return [];
  return validate.errors.map((e) => `schema: ${e.instancePath || '/'} ${e.message}`);
}

async function main() {
  let failed = false;
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, 'utf8');
    let doc;
    let problems;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      problems = [`not JSON: ${e.message}`];
    }
    let kind = 'unknown';
    if (doc && doc.bomFormat === 'CycloneDX') {
      kind = 'CycloneDX';
      problems = await validateCycloneDx(text, doc);
    } else if (doc && typeof doc.spdxVersion === 'string') {
      kind = 'SPDX';
      problems = validateSpdx(doc);
    } else if (doc && doc.scanner && doc.scanner.name === 'moat') {
      kind = 'Moat JSON';
      problems = validateMoatJson(doc);
    } else if (!problems) {
      problems = ['neither CycloneDX (bomFormat), SPDX (spdxVersion) nor a Moat JSON report'];
    }
    for (const p of problems) console.log(`${file}: ${p}`);
    console.log(`${file}: ${kind} ${problems.length === 0 ? 'valid' : 'INVALID'}`);
    failed = failed || problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
