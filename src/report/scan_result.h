// The result of one scan: the image, its inventory, the vulnerabilities found in it and the
// database they came from, and what produced it. Writers render it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "detect/finding.h"
#include "image/image.h"
#include "inventory/package.h"
#include "vulndb/feed_import.h"
#include "vulndb/match.h"

namespace moat::report {

// The vulnerability database a scan was matched against.
struct DatabaseInfo {
  std::string path;
  int schema_version = 0;
  std::string built_at;  // RFC 3339 UTC
  std::vector<vulndb::ImportStats> sources;
};

struct ScanResult {
  image::ImageInfo image;
  inventory::Inventory inventory;
  std::string scanner_version;  // moat version
  std::string scanned_at;       // RFC 3339 UTC
  // Set when the inventory was matched against a database; nullopt when it was not (no
  // database, --skip-vulns), so "no vulnerabilities" and "not checked" read differently.
  std::optional<DatabaseInfo> database;
  // Sorted by severity (worst first), then package, then id (vulndb::MatchInventory's order).
  std::vector<vulndb::Vulnerability> vulnerabilities;
  // Every other finding (secrets, sensitive files, malware, webshells, config and history
  // risks), worst severity first (detect::FinishFindings' order).
  std::vector<detect::Finding> findings;
  // The scanners that ran ("vuln", "secret", "sensitive", "malware", "config", "history"), so a
  // report can tell "nothing found" from "not checked".
  std::vector<std::string> scanners;
};

// Counts of packages per ecosystem name, in the order ecosystems first appear.
std::vector<std::pair<std::string, int>> CountByEcosystem(const inventory::Inventory& inventory);

// Counts of vulnerabilities per severity, one entry for each of kSeverityNames
// (common/severity.h) in its order (zero counts included); any other word counts as unknown.
std::vector<std::pair<std::string, int>> CountBySeverity(
    const std::vector<vulndb::Vulnerability>& vulnerabilities);

// Counts of findings per category (in detect::kCategories order, only categories with
// findings), each per severity in kSeverityNames order (zero counts included).
std::vector<std::pair<std::string, std::vector<std::pair<std::string, int>>>> CountFindings(
    const std::vector<detect::Finding>& findings);

// Whether `v` was found in `p`: same ecosystem, name, version and location.
bool FoundInPackage(const vulndb::Vulnerability& v, const inventory::Package& p);

}  // namespace moat::report
