// Fuzzes the Dockerfile parser and checks, and the history command parser and checks (created_by
// forms, shell splitting, the command table, the history and config detectors).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "detect/config_detector.h"
#include "detect/dockerfile_checks.h"
#include "detect/history_checks.h"
#include "detect/history_command.h"
#include "detect/history_detector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moat::detect;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ScanDockerfile("fuzz/Dockerfile", text);

  // The whole input as one history entry, and each line as one.
  moat::image::ImageInfo info;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    moat::image::HistoryEntry entry;
    entry.created_by = std::string(line);
    entry.empty_layer = !line.empty() && line[0] == '#';
    info.history.push_back(std::move(entry));
    if (info.config.env.size() < 64) info.config.env.emplace_back(line);
    if (info.config.exposed_ports.size() < 64) info.config.exposed_ports.emplace_back(line);
  }
  info.layers.resize(info.history.size() / 2);
  BuildStep step = ParseCreatedBy(text);
  RunScript script{step.text, SplitShellScript(step.text), step.build_args, false};
  (void)CheckRunScript(script, CommandContext::kDockerfile);
  std::vector<Finding> out;
  NewHistoryDetector()->Scan(ImageScanInput{info, nullptr}, &out);
  NewConfigDetector()->Scan(ImageScanInput{info, nullptr}, &out);
  return 0;
}
