// The stored scan report (docs/formats/scan-json.md, schemaVersion 1): the fields the console
// reads. Readers ignore fields they do not know, so only what is shown is declared.

export interface ReportLayer {
  index: number;
  digest: string;
  diffId: string;
  size: number | null;
  mediaType: string;
  createdBy: string;
}

export interface ReportPackage {
  ecosystem: string;
  name: string;
  version: string;
  purl: string;
  origin: string;
  dev: boolean;
  foundIn: string;
  foundInArchive: string;
  layer: number | null;
  licenses: string[];
}

export interface ReportVulnerability {
  id: string;
  aliases: string[];
  ecosystem: string;
  package: string;
  installedVersion: string;
  purl: string;
  foundIn: string;
  foundInArchive: string;
  layer: number | null;
  sourcePackage: string;
  state: string; // fixed, unfixed, will-not-fix, end-of-life
  fixedVersions: string[];
  fix: string;
  severity: string;
  cvssScore: number | null;
  title: string;
  references: string[];
}

export interface ReportFinding {
  id: string;
  category: string; // secret, sensitive-file, malware, webshell, config, history
  ruleId: string;
  severity: string;
  title: string;
  description: string;
  fix: string;
  source: string;
  author: string;
  references: string[];
  evidence: {
    layer: number | null;
    deletedInLayer: number | null;
    path: string;
    line: number | null;
    excerpt: string; // secrets already masked by the scanner
    sha256: string;
  };
}

export interface ScanReport {
  schemaVersion: number;
  scannedAt: string;
  image: {
    reference: string;
    sourceType: string;
    digest: string;
    imageId: string;
    repoTags: string[];
    platform: { os: string; architecture: string; variant: string };
    created: string;
    layers: ReportLayer[];
  };
  os: { family: string; name: string; version: string; codename: string; distroless: boolean } | null;
  scanners: string[];
  database: { builtAt: string } | null;
  packages: ReportPackage[];
  vulnerabilities: ReportVulnerability[];
  findings: ReportFinding[];
  warnings: string[];
}

export interface Pipeline {
  provider: string;
  repository: string;
  workflow: string;
  run: string;
  commit: string;
  branch: string;
  url: string;
}
