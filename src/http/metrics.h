// A small thread-safe Prometheus registry: counters, gauges (set directly or computed by a
// callback at render time) and histograms with fixed buckets, rendered in the text exposition
// format 0.0.4.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "http/http_message.h"

namespace moat::http {

// Label names and values of one series, in the order given at definition.
using Labels = std::vector<std::pair<std::string, std::string>>;

// One value of a callback gauge.
struct GaugeSample {
  Labels labels;
  double value = 0;
};

// Families must be defined before they are updated; updating an undefined family or one of
// another type is ignored (metrics never fail a request). Every method is thread-safe.
class Metrics {
 public:
  using GaugeCallback = std::function<std::vector<GaugeSample>()>;

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Defining an existing name again with the same type is a no-op that returns OK; with
  // another type (or bad name) it is InvalidArgument.
  absl::Status DefineCounter(absl::string_view name, absl::string_view help);
  absl::Status DefineGauge(absl::string_view name, absl::string_view help);
  // `buckets` are upper bounds, sorted ascending; "+Inf" is implicit.
  absl::Status DefineHistogram(absl::string_view name, absl::string_view help,
                               std::vector<double> buckets);
  // A gauge whose samples are computed by `callback` at each Render (called without the
  // registry's lock held, so it may use this registry).
  absl::Status DefineGaugeCallback(absl::string_view name, absl::string_view help,
                                   GaugeCallback callback);
  // Convenience: one unlabelled sample.
  absl::Status DefineGaugeCallback(absl::string_view name, absl::string_view help,
                                   std::function<double()> callback);

  void IncrementCounter(absl::string_view name, const Labels& labels, double delta = 1);
  void SetGauge(absl::string_view name, const Labels& labels, double value);
  void AddGauge(absl::string_view name, const Labels& labels, double delta);
  void Observe(absl::string_view name, const Labels& labels, double value);

  // The text exposition: families sorted by name, series by label values.
  std::string Render() const;

  // Latency buckets in seconds, 5 ms to 10 s.
  static std::vector<double> DefaultLatencyBuckets();

 private:
  struct Family;
  absl::Status Define(absl::string_view name, absl::string_view help, int type,
                      std::vector<double> buckets, GaugeCallback callback);
  Family* Find(absl::string_view name, int type);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

// A 200 response with the rendered registry and content type "text/plain; version=0.0.4".
Response MetricsResponse(const Metrics& metrics);

}  // namespace moat::http
