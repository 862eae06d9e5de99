#include "detect/history_detector.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "detect/history_checks.h"
#include "detect/history_command.h"

namespace moat::detect {
namespace {

// Secrets in ENV values the final config still holds are the config detector's findings.
bool InFinalConfig(const image::ImageConfig& config, absl::string_view assignment) {
  return std::find(config.env.begin(), config.env.end(), assignment) != config.env.end();
}

std::vector<CommandIssue> StepIssues(const BuildStep& step, const image::ImageConfig& config) {
  std::vector<CommandIssue> issues;
  if (step.instruction == "RUN") {
    RunScript script{step.text, SplitShellScript(step.text), step.build_args, false};
    return CheckRunScript(script, CommandContext::kHistory);
  }
  if (step.instruction == "ENV" || step.instruction == "ARG") {
    for (const std::string& item : ParseKeyValues(step.text)) {
      std::vector<CommandIssue> found;
      CheckAssignment(item, &found);
      const bool kept = step.instruction == "ENV" && InFinalConfig(config, item);
      for (CommandIssue& issue : found) {
        if (kept && issue.rule->history_id == "MOAT-HIST-006") continue;
        issues.push_back(std::move(issue));
      }
    }
  }
  return issues;
}

class HistoryDetector : public ImageDetector {
 public:
  absl::string_view name() const override { return "history"; }

  void Scan(const ImageScanInput& input, std::vector<Finding>* out) const override {
    const auto& history = input.image.history;
    std::vector<int> layers = HistoryLayers(history, input.image.layers.size());
    for (size_t i = 0; i < history.size(); ++i) {
      BuildStep step = ParseCreatedBy(history[i].created_by);
      for (CommandIssue& issue : StepIssues(step, input.image.config)) {
        Finding f = MoatFinding(Category::kHistory, issue.rule->history_id, issue.rule->severity,
                                std::string(issue.rule->title), issue.rule->fix);
        f.description = absl::StrCat("Image history entry ", i, " (", step.instruction, ")");
        f.evidence.layer = layers[i];
        f.evidence.excerpt = std::move(issue.excerpt);
        out->push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::vector<int> HistoryLayers(const std::vector<image::HistoryEntry>& history, size_t layers) {
  std::vector<int> out;
  int next = 0;
  for (const image::HistoryEntry& entry : history) {
    if (entry.empty_layer) {
      out.push_back(-1);
      continue;
    }
    out.push_back(static_cast<size_t>(next) < layers ? next : -1);
    ++next;
  }
  return out;
}

std::unique_ptr<ImageDetector> NewHistoryDetector() { return std::make_unique<HistoryDetector>(); }

}  // namespace moat::detect
