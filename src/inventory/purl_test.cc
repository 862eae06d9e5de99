#include "inventory/purl.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace moat::inventory {
namespace {

OsInfo Os(std::string family, std::string version) {
  OsInfo os;
  os.family = std::move(family);
  os.version = std::move(version);
  return os;
}

Package Pkg(Ecosystem ecosystem, std::string name, std::string version, std::string arch = "",
            int epoch = 0) {
  Package p;
  p.ecosystem = ecosystem;
  p.name = std::move(name);
  p.version = std::move(version);
  p.arch = std::move(arch);
  p.epoch = epoch;
  return p;
}

struct PurlCase {
  const char* label;
  Package package;
  std::optional<OsInfo> os;
  const char* want;
};

class MakePurlTest : public ::testing::TestWithParam<PurlCase> {};

TEST_P(MakePurlTest, RendersCanonicalPurl) {
  const PurlCase& c = GetParam();
  EXPECT_EQ(MakePurl(c.package, c.os), c.want) << c.label;
}

// Expected strings follow the purl spec's canonical form: '+' is %2B, qualifiers sorted. Trivy
// (packageurl-go) writes the same components; see docs/formats/purl.md for the differences.
const PurlCase kCases[] = {
    {"deb with debian revision", Pkg(Ecosystem::kDeb, "libc6", "2.36-9+deb12u10", "amd64"),
     Os("debian", "12.15"),
     "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12.15"},
    {"deb epoch moves to a qualifier",
     Pkg(Ecosystem::kDeb, "bsdutils", "1:2.38.1-5+deb12u3", "amd64", 1), Os("debian", "12.15"),
     "pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12.15&epoch=1"},
    {"deb epoch only in the version string",
     Pkg(Ecosystem::kDeb, "libgmp10", "2:6.2.1+dfsg1-1.1", "amd64"), Os("debian", "12.15"),
     "pkg:deb/debian/libgmp10@6.2.1%2Bdfsg1-1.1?arch=amd64&distro=debian-12.15&epoch=2"},
    {"deb name with plus signs", Pkg(Ecosystem::kDeb, "libstdc++6", "12.2.0-14+deb12u1", "amd64"),
     Os("debian", "12.15"),
     "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12.15"},
    {"ubuntu", Pkg(Ecosystem::kDeb, "bash", "5.1-6ubuntu1.1", "amd64"), Os("ubuntu", "22.04"),
     "pkg:deb/ubuntu/bash@5.1-6ubuntu1.1?arch=amd64&distro=ubuntu-22.04"},
    {"deb without OS has no namespace", Pkg(Ecosystem::kDeb, "dash", "0.5.12-2", "amd64"),
     std::nullopt, "pkg:deb/dash@0.5.12-2?arch=amd64"},
    {"alpine distro qualifier is the bare version like Trivy",
     Pkg(Ecosystem::kApk, "musl", "1.2.4_git20230717-r4", "x86_64"), Os("alpine", "3.19.1"),
     "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1"},
    {"wolfi", Pkg(Ecosystem::kApk, "glibc", "2.39-r5", "x86_64"), Os("wolfi", "20230201"),
     "pkg:apk/wolfi/glibc@2.39-r5?arch=x86_64&distro=20230201"},
    {"rhel is redhat", Pkg(Ecosystem::kRpm, "openssl-libs", "1:3.0.7-27.el9", "x86_64", 1),
     Os("rhel", "9.3"),
     "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=redhat-9.3&epoch=1"},
    {"almalinux", Pkg(Ecosystem::kRpm, "bash", "5.1.8-9.el9", "x86_64"), Os("alma", "9.4"),
     "pkg:rpm/alma/bash@5.1.8-9.el9?arch=x86_64&distro=alma-9.4"},
    {"amazon from os-release id", Pkg(Ecosystem::kRpm, "glibc", "2.34-52.amzn2023.0.3", "aarch64"),
     Os("amzn", "2023"),
     "pkg:rpm/amazon/glibc@2.34-52.amzn2023.0.3?arch=aarch64&distro=amazon-2023"},
    {"sles namespace is suse", Pkg(Ecosystem::kRpm, "grep", "3.1-150000.4.6.1", "x86_64"),
     Os("sles", "15.6"), "pkg:rpm/suse/grep@3.1-150000.4.6.1?arch=x86_64&distro=sles-15.6"},
    {"opensuse leap namespace is opensuse",
     Pkg(Ecosystem::kRpm, "zlib", "1.2.13-150500.4.3.1", "x86_64"), Os("opensuse-leap", "15.5"),
     "pkg:rpm/opensuse/zlib@1.2.13-150500.4.3.1?arch=x86_64&distro=opensuse-leap-15.5"},
    {"npm scoped", Pkg(Ecosystem::kNpm, "@babel/core", "7.0.0"), std::nullopt,
     "pkg:npm/%40babel/core@7.0.0"},
    {"npm lowercased", Pkg(Ecosystem::kNpm, "JSONStream", "1.3.5"), Os("debian", "12"),
     "pkg:npm/jsonstream@1.3.5"},
    {"npm prerelease with build metadata", Pkg(Ecosystem::kNpm, "foo", "1.2.3-alpha.1+b.456"),
     std::nullopt, "pkg:npm/foo@1.2.3-alpha.1%2Bb.456"},
    {"golang module path", Pkg(Ecosystem::kGolang, "github.com/pkg/errors", "v0.9.1"), std::nullopt,
     "pkg:golang/github.com/pkg/errors@v0.9.1"},
    {"golang lowercased major suffix",
     Pkg(Ecosystem::kGolang, "github.com/Azure/go-autorest/autorest/v2", "v2.0.0+incompatible"),
     std::nullopt, "pkg:golang/github.com/azure/go-autorest/autorest/v2@v2.0.0%2Bincompatible"},
    {"golang stdlib", Pkg(Ecosystem::kGolang, "stdlib", "v1.21.5"), std::nullopt,
     "pkg:golang/stdlib@v1.21.5"},
    {"maven group and artifact",
     Pkg(Ecosystem::kMaven, "org.apache.logging.log4j:log4j-core", "2.19.0"), std::nullopt,
     "pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0"},
    {"maven without group", Pkg(Ecosystem::kMaven, "plugin", "1.0"), std::nullopt,
     "pkg:maven/plugin@1.0"},
    {"pypi normalised", Pkg(Ecosystem::kPypi, "Jinja2", "3.1.2"), std::nullopt,
     "pkg:pypi/jinja2@3.1.2"},
    {"pypi runs of separators", Pkg(Ecosystem::kPypi, "Zope.Interface__Extra", "6.0"), std::nullopt,
     "pkg:pypi/zope-interface-extra@6.0"},
    {"pypi local version", Pkg(Ecosystem::kPypi, "torch", "2.1.0+cu118"), std::nullopt,
     "pkg:pypi/torch@2.1.0%2Bcu118"},
    {"gem", Pkg(Ecosystem::kGem, "rack", "2.2.22"), std::nullopt, "pkg:gem/rack@2.2.22"},
    {"cargo", Pkg(Ecosystem::kCargo, "serde_json", "1.0.108"), std::nullopt,
     "pkg:cargo/serde_json@1.0.108"},
    {"composer vendor", Pkg(Ecosystem::kComposer, "Symfony/Console", "v6.4.1"), std::nullopt,
     "pkg:composer/symfony/console@v6.4.1"},
    {"nuget keeps case", Pkg(Ecosystem::kNuget, "Newtonsoft.Json", "13.0.3"), std::nullopt,
     "pkg:nuget/Newtonsoft.Json@13.0.3"},
    {"no version", Pkg(Ecosystem::kNpm, "left-pad", ""), std::nullopt, "pkg:npm/left-pad"},
    {"hostile bytes are encoded", Pkg(Ecosystem::kGem, "a b?c#d&e", "1@2/3"), std::nullopt,
     "pkg:gem/a%20b%3Fc%23d%26e@1%402%2F3"},
    {"utf-8 is encoded per byte", Pkg(Ecosystem::kNpm, "caf\xc3\xa9", "1.0.0"), std::nullopt,
     "pkg:npm/caf%C3%A9@1.0.0"},
    {"no name yields nothing", Pkg(Ecosystem::kNpm, "", "1.0.0"), std::nullopt, ""},
    {"npm scope only yields nothing", Pkg(Ecosystem::kNpm, "@scope/", "1.0.0"), std::nullopt, ""},
};

INSTANTIATE_TEST_SUITE_P(Table, MakePurlTest, ::testing::ValuesIn(kCases));

TEST(PackageUrlTest, SortsQualifiersAndEncodesValues) {
  PackageUrl purl;
  purl.type = "oci";
  purl.name = "debian";
  purl.version = "sha256:244fd47e07d10";
  purl.qualifiers = {{"tag", "latest"},
                     {"repository_url", "docker.io/library/debian"},
                     {"arch", "amd64"},
                     {"empty", ""}};
  // The purl-spec test suite's canonical output for this oci purl.
  EXPECT_EQ(purl.ToString(),
            "pkg:oci/debian@sha256:244fd47e07d10?arch=amd64&repository_url=docker.io%2Flibrary%"
            "2Fdebian&tag=latest");
}

TEST(PackageUrlTest, SubpathDropsEmptyAndDotSegments) {
  PackageUrl purl;
  purl.type = "golang";
  purl.namespace_ = "google.golang.org";
  purl.name = "genproto";
  purl.subpath = "/googleapis/./api//annotations/../";
  EXPECT_EQ(purl.ToString(), "pkg:golang/google.golang.org/genproto#googleapis/api/annotations");
}

TEST(PurlEncodeTest, KeepsAllowedSetAndColon) {
  EXPECT_EQ(PurlEncode("AZaz09.-_~:"), "AZaz09.-_~:");
  EXPECT_EQ(PurlEncode("+@/?#&=% "), "%2B%40%2F%3F%23%26%3D%25%20");
  EXPECT_EQ(PurlEncode(std::string("\x00\xff", 2)), "%00%FF");
}

TEST(PurlOsNamespaceTest, MapsFamiliesLikeTrivy) {
  EXPECT_EQ(PurlOsNamespace("debian"), "debian");
  EXPECT_EQ(PurlOsNamespace("rhel"), "redhat");
  EXPECT_EQ(PurlOsNamespace("almalinux"), "alma");
  EXPECT_EQ(PurlOsNamespace("sles"), "suse");
  EXPECT_EQ(PurlOsNamespace("opensuse-tumbleweed"), "opensuse");
  EXPECT_EQ(PurlOsNamespace("Chainguard"), "chainguard");
  EXPECT_EQ(PurlOsNamespace("NewDistro"), "newdistro");
}

}  // namespace
}  // namespace moat::inventory
