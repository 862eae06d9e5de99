// The findings sections of the table report: one section per category the scan checked
// (secrets, sensitive files, malware, webshells, config, history), worst first, with the fix of
// each rule.
#pragma once

#include <string>

#include "report/scan_result.h"

namespace moat::report {

// Appends one section per category with findings ("Secrets: 2 (critical 1, high 1)", a row per
// finding, then "fix (<rule>): ..." per rule), and one "None found: Malware, Secrets" line for
// the categories whose scanner ran without finding anything.
void AppendFindings(const ScanResult& result, std::string* out);

// "Secrets", "Sensitive files", "Malware", "Webshells", "Configuration", "Build history".
std::string CategoryHeading(detect::Category category);

// Whether the scanner that reports `category` is in result.scanners.
bool CategoryChecked(const ScanResult& result, detect::Category category);

// The categories in report order.
const std::vector<detect::Category>& ReportCategories();

}  // namespace moat::report
