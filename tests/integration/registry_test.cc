// Registry source against real registries (docker-registry started by
// tests/integration/registry_env.sh; these tests skip when its MOAT_TEST_REGISTRY_* variables are
// unset) and against fake registries on TestHttpServer for failures a real one will not produce.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/registry_client.h"
#include "image/registry_source.h"
#include "platform/clock.h"
#include "testing/registry_images.h"
#include "testing/registry_push.h"
#include "testing/test_http_server.h"

namespace moat::image {
namespace {

using ::moat::testing::File;
using ::moat::testing::MakeRegistryImage;
using ::moat::testing::MakeRegistryIndex;
using ::moat::testing::ManifestFlavor;
using ::moat::testing::RegistryBlob;
using ::moat::testing::RegistryImage;
using ::moat::testing::TestBodyWriter;
using ::moat::testing::TestHttpRequest;
using ::moat::testing::TestHttpResponse;
using ::moat::testing::TestHttpServer;
using ::testing::HasSubstr;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

#define REGISTRY_OR_SKIP(var, name)                                                       \
  std::string var = Env(name);                                                            \
  if (var.empty()) {                                                                      \
    GTEST_SKIP() << name << " is unset; run: tests/integration/registry_env.sh start && " \
                 << "eval \"$(tests/integration/registry_env.sh env)\"";                  \
  }

// Deterministic content, so repeated pushes are no-ops.
const RegistryImage& AppImage() {
  static const RegistryImage image =
      MakeRegistryImage({{File("etc/os-release", "ID=moat-test\nVERSION_ID=1\n")},
                         {File("app/run.sh", "echo hi\n", 0755)}});
  return image;
}
const RegistryImage& AppImageDocker() {
  static const RegistryImage image =
      MakeRegistryImage({{File("etc/os-release", "ID=moat-test\nVERSION_ID=1\n")},
                         {File("app/run.sh", "echo hi\n", 0755)}},
                        "amd64", ManifestFlavor::kDocker);
  return image;
}
const RegistryImage& ArchImage(const std::string& arch) {
  static const std::map<std::string, RegistryImage> images = {
      {"amd64", MakeRegistryImage({{File("arch", "amd64")}}, "amd64")},
      {"arm64", MakeRegistryImage({{File("arch", "arm64")}}, "arm64")}};
  return images.at(arch);
}

RegistryCredentials TestCredentials(
    const std::string& password = Env("MOAT_TEST_REGISTRY_PASSWORD")) {
  RegistryCredentials creds;
  creds.username = Env("MOAT_TEST_REGISTRY_USER");
  creds.password = password;
  creds.source = "the test";
  return creds;
}

std::map<std::string, std::string> ReadLayer(ImageSource& source, int index, absl::Status* error) {
  std::map<std::string, std::string> files;
  auto reader = source.OpenLayer(index);
  if (!reader.ok()) {
    *error = reader.status();
    return files;
  }
  EntryHeader header;
  while (true) {
    auto more = (*reader)->Next(&header);
    if (!more.ok()) {
      *error = more.status();
      return files;
    }
    if (!*more) break;
    std::string data(static_cast<size_t>(header.size), '\0');
    auto n = (*reader)->ReadData(data.data(), data.size());
    if (!n.ok()) {
      *error = n.status();
      return files;
    }
    files[header.path] = data.substr(0, *n);
  }
  *error = (*reader)->Finish();
  return files;
}

std::map<std::string, std::string> ReadLayerOk(ImageSource& source, int index) {
  absl::Status error;
  auto files = ReadLayer(source, index, &error);
  EXPECT_TRUE(error.ok()) << error;
  return files;
}

class RealRegistryTest : public ::testing::Test {
 protected:
  static RegistryOptions Options(const std::string& reference) {
    RegistryOptions options;
    options.reference = reference;
    options.connect_timeout = absl::Seconds(5);
    options.idle_timeout = absl::Seconds(10);
    options.retry.initial_backoff = absl::Milliseconds(20);
    return options;
  }
  // Pushes the test content into `host` with `options`' transport settings.
  static void Push(const std::string& host, RegistryOptions options) {
    auto http = platform::NewCurlHttpClient(HttpClientOptionsFor(options));
    platform::RealClock clock;
    RegistryClientOptions client_options;
    client_options.credentials = options.credentials;
    client_options.retry = options.retry;
    auto client = [&](const std::string& repo) {
      return std::make_unique<RegistryClient>(host, repo, client_options, http.get(), &clock);
    };
    auto app = client("demo/app");
    ASSERT_TRUE(testing::PushImage(*app, "1.0", AppImage()).ok());
    ASSERT_TRUE(testing::PushImage(*app, "1.0-v2s2", AppImageDocker()).ok());
    auto multi = client("demo/multi");
    for (const char* arch : {"amd64", "arm64"}) {
      const RegistryImage& image = ArchImage(arch);
      ASSERT_TRUE(testing::PushImage(*multi, image.manifest.digest, image).ok());
    }
    RegistryBlob index = MakeRegistryIndex({ArchImage("amd64"), ArchImage("arm64")});
    absl::Status pushed = testing::PushManifest(*multi, "1.0", index);
    ASSERT_TRUE(pushed.ok()) << pushed;
  }
  static absl::StatusOr<std::unique_ptr<ImageSource>> Open(const RegistryOptions& options) {
    return OpenRegistryImage(options);
  }
};

TEST_F(RealRegistryTest, PullsAnOciImageByTagAndByDigest) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_PLAIN");
  ASSERT_NO_FATAL_FAILURE(Push(host, Options("")));
  // No flag needed: 127.0.0.1 falls back to plain HTTP after HTTPS fails.
  auto source = Open(Options(host + "/demo/app:1.0"));
  ASSERT_TRUE(source.ok()) << source.status();
  const ImageInfo& info = (*source)->info();
  EXPECT_EQ(info.digest, AppImage().manifest.digest);
  EXPECT_EQ(info.image_id, AppImage().config.digest);
  EXPECT_EQ(info.manifest_media_type, "application/vnd.oci.image.manifest.v1+json");
  EXPECT_THAT(info.repo_tags, ::testing::ElementsAre(host + "/demo/app:1.0"));
  EXPECT_EQ(ReadLayerOk(**source, 0)["etc/os-release"], "ID=moat-test\nVERSION_ID=1\n");
  EXPECT_EQ(ReadLayerOk(**source, 1)["app/run.sh"], "echo hi\n");

  auto by_digest = Open(Options(host + "/demo/app@" + AppImage().manifest.digest));
  ASSERT_TRUE(by_digest.ok()) << by_digest.status();
  EXPECT_EQ((*by_digest)->info().digest, AppImage().manifest.digest);
  EXPECT_EQ(ReadLayerOk(**by_digest, 1)["app/run.sh"], "echo hi\n");
}

TEST_F(RealRegistryTest, PullsADockerV2Manifest) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_PLAIN");
  ASSERT_NO_FATAL_FAILURE(Push(host, Options("")));
  RegistryOptions options = Options(host + "/demo/app:1.0-v2s2");
  options.plain_http = true;
  auto source = Open(options);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)->info().manifest_media_type,
            "application/vnd.docker.distribution.manifest.v2+json");
  EXPECT_EQ((*source)->info().digest, AppImageDocker().manifest.digest);
  EXPECT_EQ(ReadLayerOk(**source, 0)["etc/os-release"], "ID=moat-test\nVERSION_ID=1\n");
}

TEST_F(RealRegistryTest, IndexSelectsThePlatformOption) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_PLAIN");
  ASSERT_NO_FATAL_FAILURE(Push(host, Options("")));
  RegistryOptions options = Options(host + "/demo/multi:1.0");
  auto amd = Open(options);
  ASSERT_TRUE(amd.ok()) << amd.status();
  EXPECT_EQ((*amd)->info().platform.ToString(), "linux/amd64");
  EXPECT_EQ(ReadLayerOk(**amd, 0)["arch"], "amd64");
  options.platform = {"linux", "arm64", ""};
  auto arm = Open(options);
  ASSERT_TRUE(arm.ok()) << arm.status();
  EXPECT_EQ((*arm)->info().digest, ArchImage("arm64").manifest.digest);
  EXPECT_EQ(ReadLayerOk(**arm, 0)["arch"], "arm64");
  options.platform = {"linux", "riscv64", ""};
  EXPECT_THAT(
      Open(options).status().message(),
      HasSubstr("no image for platform linux/riscv64; the index has: linux/amd64, linux/arm64"));
}

TEST_F(RealRegistryTest, LayersFromTwoThreads) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_PLAIN");
  ASSERT_NO_FATAL_FAILURE(Push(host, Options("")));
  auto source = Open(Options(host + "/demo/app:1.0"));
  ASSERT_TRUE(source.ok()) << source.status();
  std::map<std::string, std::string> first, second;
  std::thread a([&] { first = ReadLayerOk(**source, 0); });
  std::thread b([&] { second = ReadLayerOk(**source, 1); });
  a.join();
  b.join();
  EXPECT_EQ(first.count("etc/os-release"), 1u);
  EXPECT_EQ(second.count("app/run.sh"), 1u);
}

TEST_F(RealRegistryTest, MissingTagIsAClearError) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_PLAIN");
  ASSERT_NO_FATAL_FAILURE(Push(host, Options("")));
  auto source = Open(Options(host + "/demo/app:nope"));
  EXPECT_EQ(source.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(source.status().message(),
            absl::StrCat("fetching manifest ", host,
                         "/demo/app:nope: HTTP 404 MANIFEST_UNKNOWN: manifest unknown"));
}

TEST_F(RealRegistryTest, CorruptedBlobInStorageFailsNamingTheLayer) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_PLAIN");
  REGISTRY_OR_SKIP(storage, "MOAT_TEST_REGISTRY_PLAIN_STORAGE");
  // Unique content, so that corrupting its blob cannot hurt other tests.
  std::string unique = absl::StrCat(std::chrono::steady_clock::now().time_since_epoch().count());
  RegistryImage image = MakeRegistryImage({{File("unique", unique)}});
  platform::RealClock clock;
  auto http = platform::NewCurlHttpClient({});
  RegistryClientOptions client_options;
  client_options.plain_http = true;
  RegistryClient client(host, "demo/corrupt", client_options, http.get(), &clock);
  ASSERT_TRUE(testing::PushImage(client, "victim", image).ok());
  const std::string& digest = image.layers[0].digest;
  std::string path = absl::StrCat(storage, "/docker/registry/v2/blobs/sha256/", digest.substr(7, 2),
                                  "/", digest.substr(7), "/data");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    ASSERT_TRUE(out.good()) << path;
    out << std::string(image.layers[0].bytes.size(), 'X');
  }
  auto source = Open(Options(host + "/demo/corrupt:victim"));
  ASSERT_TRUE(source.ok()) << source.status();
  absl::Status error;
  ReadLayer(**source, 0, &error);
  ASSERT_FALSE(error.ok());
  EXPECT_THAT(error.message(), HasSubstr("layer 0"));
  EXPECT_THAT(error.message(), HasSubstr(digest.substr(0, 19)));
}

TEST_F(RealRegistryTest, BasicAuthWithRightAndWrongPasswords) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_BASIC");
  RegistryOptions options = Options(host + "/demo/app:1.0");
  options.credentials = TestCredentials();
  ASSERT_NO_FATAL_FAILURE(Push(host, options));
  auto source = Open(options);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(ReadLayerOk(**source, 1)["app/run.sh"], "echo hi\n");

  options.credentials = TestCredentials("wrong");
  auto refused = Open(options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.status().message(),
            absl::StrCat("fetching manifest ", host,
                         "/demo/app:1.0: HTTP 401 UNAUTHORIZED: authentication required "
                         "(credentials of user \"scanner\" from the test)"));
  options.credentials = {};
  EXPECT_THAT(Open(options).status().message(),
              HasSubstr("HTTP 401 UNAUTHORIZED: authentication required (no credentials)"));
}

TEST_F(RealRegistryTest, TlsNeedsTheCaOrInsecure) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_TLS");
  REGISTRY_OR_SKIP(ca, "MOAT_TEST_REGISTRY_TLS_CA");
  RegistryOptions options = Options(host + "/demo/app:1.0");
  options.credentials = TestCredentials();
  options.ca_file = ca;
  ASSERT_NO_FATAL_FAILURE(Push(host, options));
  auto trusted = Open(options);
  ASSERT_TRUE(trusted.ok()) << trusted.status();
  EXPECT_EQ(ReadLayerOk(**trusted, 1)["app/run.sh"], "echo hi\n");

  RegistryOptions by_name = options;  // the certificate names localhost too
  by_name.reference = "localhost:" + host.substr(host.find(':') + 1) + "/demo/app:1.0";
  EXPECT_TRUE(Open(by_name).ok());

  options.ca_file.clear();
  auto untrusted = Open(options);
  EXPECT_EQ(untrusted.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(untrusted.status().message(),
              HasSubstr("pinging registry " + host + ": GET https://"));
  EXPECT_THAT(untrusted.status().message(), HasSubstr("certificate"));

  options.insecure = true;
  auto insecure = Open(options);
  ASSERT_TRUE(insecure.ok()) << insecure.status();
  EXPECT_EQ(ReadLayerOk(**insecure, 0)["etc/os-release"], "ID=moat-test\nVERSION_ID=1\n");
}

TEST_F(RealRegistryTest, BearerTokensFromTheRealm) {
  REGISTRY_OR_SKIP(host, "MOAT_TEST_REGISTRY_TOKEN");
  RegistryOptions options = Options(host + "/demo/app:1.0");
  options.credentials = TestCredentials();
  ASSERT_NO_FATAL_FAILURE(Push(host, options));
  auto source = Open(options);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(ReadLayerOk(**source, 1)["app/run.sh"], "echo hi\n");

  RegistryOptions refresh = options;
  refresh.credentials = {};
  refresh.credentials.identity_token = Env("MOAT_TEST_REGISTRY_REFRESH_TOKEN");
  refresh.credentials.source = "the test";
  auto by_refresh = Open(refresh);
  ASSERT_TRUE(by_refresh.ok()) << by_refresh.status();

  options.credentials = TestCredentials("wrong");
  auto refused = Open(options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.status().message(),
              HasSubstr(absl::StrCat("fetching manifest ", host,
                                     "/demo/app:1.0: fetching a token for repository:demo/app:pull "
                                     "from http://127.0.0.1:")));
  EXPECT_THAT(refused.status().message(),
              HasSubstr("/token: HTTP 401 UNAUTHORIZED: invalid username or password (credentials "
                        "of user \"scanner\" from the test)"));

  options.credentials = {};
  auto anonymous = Open(options);
  EXPECT_EQ(anonymous.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(
      anonymous.status().message(),
      HasSubstr(absl::StrCat("fetching manifest ", host, "/demo/app:1.0: HTTP 401 UNAUTHORIZED")));
}

// Fake registries: failures a healthy registry does not produce on demand.
class FakeRegistryTest : public ::testing::Test {
 protected:
  RegistryOptions Options(const std::string& reference) {
    RegistryOptions options;
    options.reference = absl::StrCat(server_.host(), "/", reference);
    options.plain_http = true;
    options.connect_timeout = absl::Seconds(1);
    options.idle_timeout = absl::Seconds(1);
    options.retry.initial_backoff = absl::Milliseconds(10);
    return options;
  }
  int Count(const std::string& path) {
    int n = 0;
    for (const TestHttpRequest& r : server_.requests()) n += r.path == path ? 1 : 0;
    return n;
  }
  TestHttpServer server_;
};

TEST_F(FakeRegistryTest, A500IsRetried) {
  const RegistryImage& image = AppImage();
  testing::AddToTestRegistry(server_, "demo/app", "", image.manifest, testing::BlobsOf(image));
  std::atomic<int> calls{0};
  server_.Route("GET", "/v2/demo/app/manifests/1.0", [&](const TestHttpRequest&) {
    if (calls++ == 0) return TestHttpServer::Text(500, "try again");
    TestHttpResponse ok;
    ok.headers = {{"Content-Type", image.manifest.media_type}};
    ok.body = image.manifest.bytes;
    return ok;
  });
  auto source = OpenRegistryImage(Options("demo/app:1.0"));
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(ReadLayerOk(**source, 1)["app/run.sh"], "echo hi\n");
}

TEST_F(FakeRegistryTest, ARegistryThatNeverAnswersTimesOut) {
  server_.Route("GET", "/v2/",
                [](const TestHttpRequest&) { return TestHttpServer::Text(200, "{}"); });
  server_.Route("GET", "/v2/demo/app/manifests/1.0", [](const TestHttpRequest&) {
    TestHttpResponse silent;
    silent.hang = true;
    return silent;
  });
  RegistryOptions options = Options("demo/app:1.0");
  options.retry.max_attempts = 2;
  auto start = std::chrono::steady_clock::now();
  auto source = OpenRegistryImage(options);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(source.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(source.status().message(),
            absl::StrCat("fetching manifest ", server_.host(), "/demo/app:1.0: GET ", server_.url(),
                         "/v2/demo/app/manifests/1.0: no data received for 1s"));
  EXPECT_EQ(Count("/v2/demo/app/manifests/1.0"), 2);
  EXPECT_LT(took, std::chrono::seconds(8));
}

TEST_F(FakeRegistryTest, AHugeManifestIsRefusedWithoutReadingIt) {
  std::atomic<int64_t> sent{0};
  server_.Route("GET", "/v2/",
                [](const TestHttpRequest&) { return TestHttpServer::Text(200, "{}"); });
  server_.Route("GET", "/v2/demo/app/manifests/10mb", [](const TestHttpRequest&) {
    return TestHttpServer::Text(200, std::string(10 << 20, ' '));
  });
  server_.Route("GET", "/v2/demo/app/manifests/endless", [&](const TestHttpRequest&) {
    TestHttpResponse response;  // no Content-Length: only reading tells the size
    response.stream = [&](const TestBodyWriter& write) {
      std::string chunk(64 * 1024, ' ');
      for (int i = 0; i < 1600 && write(chunk); ++i) sent += static_cast<int64_t>(chunk.size());
    };
    return response;
  });
  EXPECT_EQ(OpenRegistryImage(Options("demo/app:10mb")).status().message(),
            absl::StrCat("fetching manifest ", server_.host(),
                         "/demo/app:10mb: the manifest is larger than the limit of 4194304 bytes"));
  auto endless = OpenRegistryImage(Options("demo/app:endless"));
  EXPECT_EQ(endless.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(endless.status().message(),
              HasSubstr("the manifest is larger than the limit of 4194304 bytes"));
  EXPECT_LT(sent.load(), 40ll << 20);  // of 100 MiB offered
}

TEST_F(FakeRegistryTest, BlobBytesNotMatchingTheDigestFailNamingTheLayer) {
  RegistryImage image = MakeRegistryImage({{File("a", "1")}, {File("b", "2")}});
  std::string real_digest = image.layers[1].digest;
  image.layers[1].bytes = image.layers[0].bytes;
  testing::AddToTestRegistry(server_, "demo/bad", "1.0", image.manifest, testing::BlobsOf(image));
  auto source = OpenRegistryImage(Options("demo/bad:1.0"));
  ASSERT_TRUE(source.ok()) << source.status();
  absl::Status error;
  ReadLayer(**source, 1, &error);
  ASSERT_FALSE(error.ok());
  EXPECT_THAT(error.message(), HasSubstr("layer 1"));
  EXPECT_THAT(error.message(), HasSubstr(real_digest.substr(0, 19)));
  ReadLayer(**source, 0, &error);
  EXPECT_TRUE(error.ok()) << error;
}

}  // namespace
}  // namespace moat::image
