#include "http/metrics.h"

#include <thread>

#include "gtest/gtest.h"

namespace moat::http {
namespace {

TEST(MetricsTest, RendersTextFormatExactly) {
  Metrics metrics;
  ASSERT_TRUE(metrics.DefineCounter("moat_scans_total", "Scans by result.").ok());
  ASSERT_TRUE(metrics.DefineGauge("moat_up", "Whether\\it is up\nreally.").ok());
  ASSERT_TRUE(metrics.DefineHistogram("moat_latency_seconds", "Latency.", {0.1, 1}).ok());
  ASSERT_TRUE(
      metrics.DefineGaugeCallback("moat_queue_depth", "Jobs waiting.", [] { return 3.0; }).ok());
  metrics.IncrementCounter("moat_scans_total", {{"result", "ok"}});
  metrics.IncrementCounter("moat_scans_total", {{"result", "ok"}}, 2);
  metrics.IncrementCounter("moat_scans_total", {{"result", "fail \"x\"\\\n"}});
  metrics.SetGauge("moat_up", {}, 1);
  metrics.Observe("moat_latency_seconds", {{"route", "/a"}}, 0.05);
  metrics.Observe("moat_latency_seconds", {{"route", "/a"}}, 0.5);
  metrics.Observe("moat_latency_seconds", {{"route", "/a"}}, 7);
  EXPECT_EQ(metrics.Render(),
            "# HELP moat_latency_seconds Latency.\n"
            "# TYPE moat_latency_seconds histogram\n"
            "moat_latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"
            "moat_latency_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"
            "moat_latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"
            "moat_latency_seconds_sum{route=\"/a\"} 7.55\n"
            "moat_latency_seconds_count{route=\"/a\"} 3\n"
            "# HELP moat_queue_depth Jobs waiting.\n"
            "# TYPE moat_queue_depth gauge\n"
            "moat_queue_depth 3\n"
            "# HELP moat_scans_total Scans by result.\n"
            "# TYPE moat_scans_total counter\n"
            "moat_scans_total{result=\"fail \\\"x\\\"\\\\\\n\"} 1\n"
            "moat_scans_total{result=\"ok\"} 3\n"
            "# HELP moat_up Whether\\\\it is up\\nreally.\n"
            "# TYPE moat_up gauge\n"
            "moat_up 1\n");
}

TEST(MetricsTest, LabelledCallbackGaugeAndNoSamplesYet) {
  Metrics metrics;
  ASSERT_TRUE(metrics
                  .DefineGaugeCallback("moat_jobs", "Jobs by state.", Metrics::GaugeCallback([] {
                                         return std::vector<GaugeSample>{
                                             {{{"state", "queued"}}, 2},
                                             {{{"state", "running"}}, 1}};
                                       }))
                  .ok());
  ASSERT_TRUE(metrics.DefineCounter("moat_empty_total", "Nothing yet.").ok());
  EXPECT_EQ(metrics.Render(),
            "# HELP moat_empty_total Nothing yet.\n"
            "# TYPE moat_empty_total counter\n"
            "# HELP moat_jobs Jobs by state.\n"
            "# TYPE moat_jobs gauge\n"
            "moat_jobs{state=\"queued\"} 2\n"
            "moat_jobs{state=\"running\"} 1\n");
}

TEST(MetricsTest, RedefinitionWithOtherTypeOrBadNameFails) {
  Metrics metrics;
  EXPECT_TRUE(metrics.DefineCounter("a_total", "A.").ok());
  EXPECT_TRUE(metrics.DefineCounter("a_total", "A.").ok());
  EXPECT_EQ(metrics.DefineGauge("a_total", "A.").message(),
            "metric a_total already defined as a counter");
  EXPECT_FALSE(metrics.DefineGauge("9bad", "").ok());
  EXPECT_FALSE(metrics.DefineGauge("bad-name", "").ok());
  EXPECT_FALSE(metrics.DefineHistogram("h", "", {1, 0.5}).ok());
}

TEST(MetricsTest, UpdatesToUndefinedOrMistypedFamiliesAreIgnored) {
  Metrics metrics;
  ASSERT_TRUE(metrics.DefineGauge("g", "G.").ok());
  metrics.IncrementCounter("g", {});
  metrics.Observe("nope", {}, 1);
  metrics.AddGauge("g", {}, 2);
  metrics.AddGauge("g", {}, -0.5);
  EXPECT_EQ(metrics.Render(), "# HELP g G.\n# TYPE g gauge\ng 1.5\n");
}

TEST(MetricsTest, ConcurrentUpdatesAreAllCounted) {
  Metrics metrics;
  ASSERT_TRUE(metrics.DefineCounter("c_total", "C.").ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) metrics.IncrementCounter("c_total", {{"k", "v"}});
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(metrics.Render(), "# HELP c_total C.\n# TYPE c_total counter\nc_total{k=\"v\"} 4000\n");
}

TEST(MetricsTest, MetricsResponseHasPrometheusContentType) {
  Metrics metrics;
  Response response = MetricsResponse(metrics);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/plain; version=0.0.4");
}

}  // namespace
}  // namespace moat::http
