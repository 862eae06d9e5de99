// The metrics registry and its Prometheus text rendering.
#include "http/metrics.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace moat::http {
namespace {

enum Type { kCounter = 0, kGauge = 1, kHistogram = 2, kGaugeCallback = 3 };

constexpr absl::string_view kTypeNames[] = {"counter", "gauge", "histogram", "gauge"};

bool ValidName(absl::string_view name) {
  if (name.empty() || absl::ascii_isdigit(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != ':') return false;
  }
  return true;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string Escape(absl::string_view text, bool quote) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// `{a="x",b="y"}` (empty for no labels); `le`, when given, is appended last.
std::string FormatLabels(const Labels& labels, const std::string* le = nullptr) {
  if (labels.empty() && le == nullptr) return "";
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ",";
    absl::StrAppend(&out, name, "=\"", Escape(value, true), "\"");
  }
  if (le != nullptr) absl::StrAppend(&out, out.size() > 1 ? "," : "", "le=\"", *le, "\"");
  return out + "}";
}

}  // namespace

struct Metrics::Family {
  struct Series {
    double value = 0;
    std::vector<uint64_t> cumulative;  // per bucket: observations <= bound
    double sum = 0;
    uint64_t count = 0;
  };
  int type = kCounter;
  std::string help;
  std::vector<double> buckets;
  GaugeCallback callback;
  std::map<Labels, Series> series;

  void RenderSeries(const std::string& name, std::string* out) const {
    for (const auto& [labels, s] : series) {
      if (type != kHistogram) {
        absl::StrAppend(out, name, FormatLabels(labels), " ", FormatValue(s.value), "\n");
        continue;
      }
      for (size_t i = 0; i <= buckets.size(); ++i) {
        std::string le = i < buckets.size() ? FormatValue(buckets[i]) : "+Inf";
        uint64_t n = i < buckets.size() ? s.cumulative[i] : s.count;
        absl::StrAppend(out, name, "_bucket", FormatLabels(labels, &le), " ", n, "\n");
      }
      absl::StrAppend(out, name, "_sum", FormatLabels(labels), " ", FormatValue(s.sum), "\n");
      absl::StrAppend(out, name, "_count", FormatLabels(labels), " ", s.count, "\n");
    }
  }
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

absl::Status Metrics::Define(absl::string_view name, absl::string_view help, int type,
                             std::vector<double> buckets, GaugeCallback callback) {
  if (!ValidName(name)) return absl::InvalidArgumentError(absl::StrCat("bad metric name ", name));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = families_.find(name);
  if (it != families_.end()) {
    if (it->second->type == type) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("metric ", name, " already defined as a ", kTypeNames[it->second->type]));
  }
  auto family = std::make_unique<Family>();
  family->type = type;
  family->help = std::string(help);
  family->buckets = std::move(buckets);
  family->callback = std::move(callback);
  families_.emplace(std::string(name), std::move(family));
  return absl::OkStatus();
}

absl::Status Metrics::DefineCounter(absl::string_view name, absl::string_view help) {
  return Define(name, help, kCounter, {}, nullptr);
}

absl::Status Metrics::DefineGauge(absl::string_view name, absl::string_view help) {
  return Define(name, help, kGauge, {}, nullptr);
}

absl::Status Metrics::DefineHistogram(absl::string_view name, absl::string_view help,
                                      std::vector<double> buckets) {
  for (size_t i = 1; i < buckets.size(); ++i) {
    if (!(buckets[i - 1] < buckets[i])) {
      return absl::InvalidArgumentError(absl::StrCat("histogram ", name, ": unsorted buckets"));
    }
  }
  return Define(name, help, kHistogram, std::move(buckets), nullptr);
}

absl::Status Metrics::DefineGaugeCallback(absl::string_view name, absl::string_view help,
                                          GaugeCallback callback) {
  return Define(name, help, kGaugeCallback, {}, std::move(callback));
}

absl::Status Metrics::DefineGaugeCallback(absl::string_view name, absl::string_view help,
                                          std::function<double()> callback) {
  return DefineGaugeCallback(name, help, GaugeCallback([callback = std::move(callback)] {
                               return std::vector<GaugeSample>{{{}, callback ? callback() : 0}};
                             }));
}

Metrics::Family* Metrics::Find(absl::string_view name, int type) {
  auto it = families_.find(name);
  if (it == families_.end() || it->second->type != type) return nullptr;
  return it->second.get();
}

void Metrics::IncrementCounter(absl::string_view name, const Labels& labels, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Family* family = Find(name, kCounter)) family->series[labels].value += delta;
}

void Metrics::SetGauge(absl::string_view name, const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Family* family = Find(name, kGauge)) family->series[labels].value = value;
}

void Metrics::AddGauge(absl::string_view name, const Labels& labels, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Family* family = Find(name, kGauge)) family->series[labels].value += delta;
}

void Metrics::Observe(absl::string_view name, const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  Family* family = Find(name, kHistogram);
  if (family == nullptr) return;
  Family::Series& series = family->series[labels];
  series.cumulative.resize(family->buckets.size());
  for (size_t i = 0; i < family->buckets.size(); ++i) {
    if (value <= family->buckets[i]) ++series.cumulative[i];
  }
  series.sum += value;
  ++series.count;
}

std::string Metrics::Render() const {
  // Callback gauges run outside the lock: copy them out in order, render the rest in place.
  struct Part {
    std::string name;
    std::string text;
    GaugeCallback callback;
  };
  std::vector<Part> parts;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, family] : families_) {
      Part part{name, "", family->callback};
      absl::StrAppend(&part.text, "# HELP ", name, " ", Escape(family->help, false), "\n",
                      "# TYPE ", name, " ", kTypeNames[family->type], "\n");
      family->RenderSeries(name, &part.text);
      parts.push_back(std::move(part));
    }
  }
  std::string out;
  for (Part& part : parts) {
    out += part.text;
    if (!part.callback) continue;
    Family family;
    for (GaugeSample& sample : part.callback()) family.series[sample.labels].value = sample.value;
    family.RenderSeries(part.name, &out);
  }
  return out;
}

std::vector<double> Metrics::DefaultLatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Response MetricsResponse(const Metrics& metrics) {
  Response response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = metrics.Render();
  return response;
}

}  // namespace moat::http
