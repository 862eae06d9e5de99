// Dockerfile checks: one Moat rule (MOAT-DS-nnn) per Trivy DS check of the same intent, plus the
// history rules (MOAT-HIST-nnn) on RUN lines. The rule list is in docs/design/config-checks.md.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "detect/dockerfile_parser.h"
#include "detect/finding.h"

namespace moat::detect {

// Parses and checks a Dockerfile given on its own (moat scan --dockerfile FILE). Parse errors
// name path:line. Findings: category kConfig, evidence.layer -1, evidence.path = `path`,
// evidence.line the 1-based line of the instruction, excerpt the instruction or command (secret
// values masked); sorted by line.
absl::StatusOr<std::vector<Finding>> ScanDockerfile(absl::string_view path,
                                                    absl::string_view content);

// The checks on a parsed file.
std::vector<Finding> CheckDockerfile(const Dockerfile& file, absl::string_view path);

struct DockerfileRuleInfo {
  absl::string_view id;  // "MOAT-DS-002"
  std::string trivy_id;  // "DS-0002": the Trivy check of the same intent
  absl::string_view severity;
  absl::string_view title;
};

// Every MOAT-DS rule, by id.
std::vector<DockerfileRuleInfo> DockerfileRules();

}  // namespace moat::detect
