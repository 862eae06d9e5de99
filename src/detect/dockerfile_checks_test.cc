// Moat's own Dockerfile fixtures: every MOAT-DS rule fires on a positive case and stays quiet on
// a near miss; a whole fixture file yields exactly the listed findings; the in-image detector
// picks Dockerfiles by name, inside an image too.
#include "detect/dockerfile_checks.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "detect/detection.h"
#include "detect/dockerfile_detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/image_reader.h"
#include "image/open_image.h"
#include "testing/image_builder.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;

// Rule ids (with line) found in `content`.
std::vector<std::string> Found(const std::string& content) {
  std::vector<std::string> ids;
  auto findings = ScanDockerfile("Dockerfile", content);
  if (!findings.ok()) return {absl::StrCat("error: ", findings.status().message())};
  for (const Finding& f : *findings) ids.push_back(f.rule_id);
  return ids;
}

bool Has(const std::string& content, const std::string& rule) {
  for (const std::string& id : Found(content)) {
    if (id == rule) return true;
  }
  return false;
}

struct RuleCase {
  const char* rule;
  const char* bad;
  const char* near_miss;
};

const RuleCase kCases[] = {
    {"MOAT-DS-001", "FROM debian\n", "FROM debian:12\nFROM debian@sha256:abc\nFROM scratch\n"},
    {"MOAT-DS-001", "ARG B=node:latest\nFROM $B\n", "ARG B=node:20\nFROM ${B}\n"},
    {"MOAT-DS-002", "FROM a:1\nUSER app\nUSER root\n", "FROM a:1\nUSER root\nUSER app\n"},
    {"MOAT-DS-002", "FROM a:1 AS b\nUSER app\nFROM c:1\n",
     "FROM a:1 AS b\nUSER app\nFROM b\nRUN x\n"},
    {"MOAT-DS-004", "FROM a:1\nEXPOSE 8080 22/tcp\n", "FROM a:1\nEXPOSE 2222 220\n"},
    {"MOAT-DS-005", "FROM a:1\nADD app.jar /app/\n",
     "FROM a:1\nADD app.tar.gz /app/\nADD https://x.io/a.jar /a.jar\n"},
    {"MOAT-DS-006", "FROM a:1 AS build\nCOPY --from=Build /x /y\n",
     "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /y\n"},
    {"MOAT-DS-007", "FROM a:1\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n",
     "FROM a:1\nENTRYPOINT [\"a\"]\nFROM b:1\nENTRYPOINT [\"b\"]\n"},
    {"MOAT-DS-008", "FROM a:1\nEXPOSE 70000/udp\n", "FROM a:1\nEXPOSE 65535 8000-8010 $PORT\n"},
    {"MOAT-DS-009", "FROM a:1\nWORKDIR app\n",
     "FROM a:1\nWORKDIR /app\nWORKDIR $HOME\nWORKDIR \"/x y\"\nWORKDIR C:\\\\app\n"},
    {"MOAT-DS-010", "FROM a:1\nRUN sudo apt-get update\n", "FROM a:1\nRUN echo sudo\n"},
    {"MOAT-DS-010", "FROM a:1\nRUN [\"/bin/sh\", \"-c\", \"sudo make\"]\n",
     "FROM a:1\nRUN [\"make\", \"sudo\"]\n"},
    {"MOAT-DS-010", "FROM a:1\nRUN <<EOF\nset -e\nsudo make\nEOF\n",
     "FROM a:1\nCOPY <<EOF /x\nsudo make\nEOF\n"},
    {"MOAT-DS-011", "FROM a:1\nCOPY a b dest\n", "FROM a:1\nCOPY a b dest/\nCOPY a dest\n"},
    {"MOAT-DS-012", "FROM a:1 AS x\nFROM b:1 AS X\n", "FROM a:1 AS x\nFROM b:1 AS y\n"},
    {"MOAT-DS-013", "FROM a:1\nRUN cd /app && make\n", "FROM a:1\nWORKDIR /app\nRUN make\n"},
    {"MOAT-DS-014", "FROM a:1\nRUN curl -o a https://x\nRUN wget https://y\n",
     "FROM a:1\nRUN curl -o a https://x\nRUN curl -o b https://y\n"},
    {"MOAT-DS-015", "FROM a:1\nRUN yum install -y vim\n",
     "FROM a:1\nRUN yum install -y vim && yum clean all\n"},
    {"MOAT-DS-016", "FROM a:1\nCMD a\nCMD b\n", "FROM a:1\nCMD a\nFROM b:1\nCMD b\n"},
    {"MOAT-DS-017", "FROM a:1\nRUN apt-get update\n",
     "FROM a:1\nRUN apt-get update && apt-get install -y x\n"},
    {"MOAT-DS-019", "FROM a:1\nRUN dnf install -y vim\n",
     "FROM a:1\nRUN dnf install -y vim && dnf clean all\n"},
    {"MOAT-DS-020", "FROM a:1\nRUN zypper install -y vim\n",
     "FROM a:1\nRUN zypper install -y vim && zypper clean\n"},
    {"MOAT-DS-021", "FROM a:1\nRUN apt-get install curl\n",
     "FROM a:1\nRUN apt-get -qq install curl\nRUN apt-get install --yes curl\n"},
    {"MOAT-DS-022", "FROM a:1\nMAINTAINER me\n", "FROM a:1\nLABEL maintainer=me\n"},
    {"MOAT-DS-023", "FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n",
     "FROM a:1\nHEALTHCHECK CMD a\nFROM b:1\nHEALTHCHECK CMD b\n"},
    {"MOAT-DS-024", "FROM a:1\nRUN apt-get dist-upgrade -y\n",
     "FROM a:1\nRUN apt-get upgrade -y\n"},
    {"MOAT-DS-025", "FROM a:1\nRUN apk add curl\n",
     "FROM a:1\nRUN apk add --no-cache curl\nRUN --mount=type=cache,target=/var/cache/apk "
     "apk add curl\n"},
    {"MOAT-DS-026", "FROM a:1 AS b\nHEALTHCHECK CMD x\nFROM c:1\n",
     "FROM a:1 AS b\nHEALTHCHECK CMD x\nFROM b\n"},
    {"MOAT-DS-026", "FROM a:1\nHEALTHCHECK NONE\n", "FROM a:1\nHEALTHCHECK --interval=5s CMD x\n"},
    {"MOAT-DS-027", "FROM a:1\nRUN microdnf install vim\n",
     "FROM a:1\nRUN microdnf install vim && microdnf clean all\n"},
    {"MOAT-DS-029", "FROM a:1\nRUN apt-get install -y curl\n",
     "FROM a:1\nRUN apt-get install -y --no-install-recommends curl\n"},
    {"MOAT-DS-030", "FROM a:1\nWORKDIR /proc/self\n", "FROM a:1\nWORKDIR /process\n"},
    {"MOAT-DS-031", "FROM a:1\nARG GITHUB_TOKEN\n", "FROM a:1\nARG GITHUB_TOKEN_URL\n"},
    {"MOAT-DS-031", "FROM a:1\nENV DB_PASSWORD=hunter2\n", "FROM a:1\nENV DB_PASSWORD=\n"},
    {"MOAT-DS-031", "FROM a:1\nCOPY .aws/credentials /root/.aws/\n",
     "FROM a:1\nCOPY credentials.md /docs/\n"},
    {"MOAT-DS-031", "FROM a:1\nRUN mytool --token=s3cr3tvalue\n",
     "FROM a:1\nRUN mytool --token=$TOKEN\n"},
    {"MOAT-HIST-001", "FROM a:1\nRUN curl -fsSL https://x | sh\n",
     "FROM a:1\nRUN curl -fsSLo i.sh https://x && sh i.sh\n"},
    {"MOAT-HIST-004", "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
     "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n"},
    {"MOAT-CFG-007", "FROM a:1\nADD https://x.io/tool.tgz /opt/\n",
     "FROM a:1\nADD --checksum=sha256:24454f83 https://x.io/tool.tgz /opt/\n"},
};

TEST(DockerfileChecksTest, EveryRuleFiresOnItsCaseAndNotOnTheNearMiss) {
  std::set<std::string> covered;
  for (const RuleCase& c : kCases) {
    EXPECT_TRUE(Has(c.bad, c.rule)) << c.rule << " misses:\n" << c.bad;
    EXPECT_FALSE(Has(c.near_miss, c.rule)) << c.rule << " flags near miss:\n" << c.near_miss;
    covered.insert(c.rule);
  }
  for (const DockerfileRuleInfo& r : DockerfileRules()) {
    EXPECT_TRUE(covered.count(std::string(r.id))) << r.id << " has no own fixture";
  }
}

TEST(DockerfileChecksTest, RuleListMapsToTrivyIds) {
  std::vector<std::string> ids;
  for (const DockerfileRuleInfo& r : DockerfileRules()) {
    ids.push_back(absl::StrCat(r.id, "=", r.trivy_id));
  }
  EXPECT_THAT(ids, ElementsAre("MOAT-DS-001=DS-0001", "MOAT-DS-002=DS-0002", "MOAT-DS-004=DS-0004",
                               "MOAT-DS-005=DS-0005", "MOAT-DS-006=DS-0006", "MOAT-DS-007=DS-0007",
                               "MOAT-DS-008=DS-0008", "MOAT-DS-009=DS-0009", "MOAT-DS-010=DS-0010",
                               "MOAT-DS-011=DS-0011", "MOAT-DS-012=DS-0012", "MOAT-DS-013=DS-0013",
                               "MOAT-DS-014=DS-0014", "MOAT-DS-015=DS-0015", "MOAT-DS-016=DS-0016",
                               "MOAT-DS-017=DS-0017", "MOAT-DS-019=DS-0019", "MOAT-DS-020=DS-0020",
                               "MOAT-DS-021=DS-0021", "MOAT-DS-022=DS-0022", "MOAT-DS-023=DS-0023",
                               "MOAT-DS-024=DS-0024", "MOAT-DS-025=DS-0025", "MOAT-DS-026=DS-0026",
                               "MOAT-DS-027=DS-0027", "MOAT-DS-029=DS-0029", "MOAT-DS-030=DS-0030",
                               "MOAT-DS-031=DS-0031"));
}

// "rule line excerpt" per finding.
std::vector<std::string> Describe(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    out.push_back(absl::StrCat(f.rule_id, " ", f.evidence.line, " ", f.evidence.excerpt));
  }
  return out;
}

TEST(DockerfileChecksTest, FixtureFileYieldsExactlyTheseFindings) {
  const std::string path = moat::testing::FixturePath("dockerfile/risky.Dockerfile");
  auto findings = ScanDockerfile(path, moat::testing::ReadTextFile(path));
  ASSERT_TRUE(findings.ok()) << findings.status();
  for (const Finding& f : *findings) {
    EXPECT_EQ(f.category, Category::kConfig);
    EXPECT_EQ(f.evidence.path, path);
    EXPECT_EQ(f.evidence.layer, -1);
    EXPECT_FALSE(f.fix.empty());
    EXPECT_EQ(f.source, "moat");
  }
  EXPECT_THAT(
      Describe(*findings),
      ElementsAre(
          "MOAT-DS-031 3 ARG NPM_TOKEN", "MOAT-DS-001 4 FROM node AS build",
          "MOAT-DS-022 5 MAINTAINER dev@example.com", "MOAT-DS-031 6 ENV API_KEY=****",
          "MOAT-DS-010 7 sudo apt-get install -y curl",
          "MOAT-DS-029 7 sudo apt-get install -y curl",
          "MOAT-HIST-005 7 sudo apt-get install -y curl",
          "MOAT-HIST-008 7 sudo apt-get install -y curl", "MOAT-DS-013 11 cd /src",
          "MOAT-HIST-001 11 curl -fsSL https://get.example.com/install.sh | bash",
          "MOAT-DS-014 12 RUN wget -q https://example.com/tool.tgz && chmod 777 /usr/local/bin",
          "MOAT-HIST-003 12 chmod 777 /usr/local/bin",
          "MOAT-DS-006 13 COPY --from=build /src/dist /dist",
          "MOAT-DS-002 15 FROM alpine:3.19 (no USER)",
          "MOAT-DS-026 15 FROM alpine:3.19 (no HEALTHCHECK)",
          "MOAT-DS-025 16 apk add curl=8.5.0-r0", "MOAT-DS-004 17 EXPOSE 22 8080",
          "MOAT-HIST-004 18 ENV GIT_SSL_NO_VERIFY=1", "MOAT-DS-009 19 WORKDIR app",
          "MOAT-DS-016 21 CMD [\"node\", \"b.js\"]"));
}

TEST(DockerfileChecksTest, CleanFixtureHasNoFindings) {
  const std::string path = moat::testing::FixturePath("dockerfile/clean.Dockerfile");
  auto findings = ScanDockerfile(path, moat::testing::ReadTextFile(path));
  ASSERT_TRUE(findings.ok()) << findings.status();
  EXPECT_THAT(Describe(*findings), ::testing::IsEmpty());
}

TEST(DockerfileChecksTest, ParseErrorsComeBackAsStatus) {
  auto findings = ScanDockerfile("x/Dockerfile", "FROM a:1\nBOGUS x\n");
  ASSERT_FALSE(findings.ok());
  EXPECT_EQ(findings.status().message(), "x/Dockerfile:2: unknown instruction \"BOGUS\"");
}

TEST(DockerfileDetectorTest, PicksDockerfilesByName) {
  for (const char* yes : {"/src/Dockerfile", "/Containerfile", "/a/api.Dockerfile",
                          "/a/Dockerfile.prod", "/a/dockerfile", "/a/x.containerfile"}) {
    EXPECT_TRUE(IsDockerfilePath(yes)) << yes;
  }
  for (const char* no : {"/a/Dockerfile.md", "/a/Dockerfiles", "/a/Dockerfile/x", "/a/notes.txt",
                         "/a/MyDockerfile"}) {
    EXPECT_FALSE(IsDockerfilePath(no)) << no;
  }
}

TEST(DockerfileDetectorTest, ScansContentWithTheFilesLayerAndPath) {
  auto detector = NewDockerfileDetector();
  image::FileRecord file;
  file.path = "/src/Dockerfile";
  file.size = 20;
  ASSERT_TRUE(detector->Wants(file));
  std::vector<Finding> out;
  detector->Scan(FileScanInput{2, file, "FROM a:1\nMAINTAINER x\nUSER app\nHEALTHCHECK CMD x\n"},
                 &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule_id, "MOAT-DS-022");
  EXPECT_EQ(out[0].evidence.layer, 2);
  EXPECT_EQ(out[0].evidence.path, "/src/Dockerfile");
  EXPECT_EQ(out[0].evidence.line, 2);
  out.clear();
  detector->Scan(FileScanInput{0, file,
                               std::string("\x7f"
                                           "ELF\0\0",
                                           6)},
                 &out);
  EXPECT_TRUE(out.empty());
  file.size = kMaxDockerfileInImage + 1;
  EXPECT_FALSE(detector->Wants(file));
}

TEST(DockerfileDetectorTest, FindsDockerfilesInsideAnImageOnTheSingleRead) {
  moat::testing::ImageSpec spec;
  moat::testing::LayerSpec l1;
  l1.entries = {
      moat::testing::File("src/app/Dockerfile", "FROM node\nUSER app\nHEALTHCHECK NONE\n"),
      moat::testing::File("src/app/README.md", "FROM node\n")};
  moat::testing::LayerSpec l2;
  l2.entries = {moat::testing::File("src/app/.wh.Dockerfile", "")};
  spec.layers = {l1, l2};
  const std::string dir = moat::testing::MakeTempDir("dockerfile-detector");
  ASSERT_TRUE(moat::testing::WriteDockerArchive(dir + "/img.tar", {spec}).ok());
  platform::PosixFileSystem fs;
  auto resolved = image::ResolveTarget(&fs, dir + "/img.tar", image::InputType::kAuto);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  auto source = image::OpenLocalImage(&fs, *resolved, image::Platform{"linux", "amd64", ""}, {});
  ASSERT_TRUE(source.ok()) << source.status();
  Detectors detectors;
  detectors.file.push_back(NewDockerfileDetector());
  DetectionFactory factory(detectors.file, (*source)->info().layers.size());
  auto files = image::ReadImageFiles(**source, &factory, image::ReadOptions{});
  ASSERT_TRUE(files.ok()) << files.status();
  std::vector<Finding> findings = FinishFindings(factory.TakeAll(), detectors.image,
                                                 ImageScanInput{(*source)->info(), files->get()});
  std::vector<std::string> got;
  for (const Finding& f : findings) {
    got.push_back(absl::StrCat(f.rule_id, " ", f.evidence.path, ":", f.evidence.line, " layer ",
                               f.evidence.layer, " deleted in ", f.evidence.deleted_in_layer));
  }
  EXPECT_THAT(got, ElementsAre("MOAT-DS-001 /src/app/Dockerfile:1 layer 0 deleted in 1",
                               "MOAT-DS-026 /src/app/Dockerfile:3 layer 0 deleted in 1"));
}

}  // namespace
}  // namespace moat::detect
