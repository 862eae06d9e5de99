#include "vulndb/match_keys.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;

std::string Key(std::string family, std::string version, std::string codename = "") {
  inventory::OsInfo os;
  os.family = std::move(family);
  os.version = std::move(version);
  os.codename = std::move(codename);
  return DistroKey(os);
}

TEST(MatchKeysTest, DistroKeys) {
  EXPECT_EQ(Key("debian", "12.15"), "debian:12");
  EXPECT_EQ(Key("debian", "", "bookworm"), "debian:12");
  EXPECT_EQ(Key("debian", ""), "");
  EXPECT_EQ(Key("ubuntu", "22.04"), "ubuntu:22.04");
  EXPECT_EQ(Key("alpine", "3.18.4"), "alpine:3.18");
  EXPECT_EQ(Key("alpine", "3.19_alpha20230901"), "alpine:edge");
  EXPECT_EQ(Key("wolfi", "20230201"), "wolfi");
  EXPECT_EQ(Key("chainguard", ""), "chainguard");
  EXPECT_EQ(Key("rhel", "9.3"), "rhel:9");
  EXPECT_EQ(Key("centos", "7.9.2009"), "rhel:7");
  EXPECT_EQ(Key("rocky", "9.2"), "rhel:9");
  EXPECT_EQ(Key("alma", "8.8"), "rhel:8");
  EXPECT_EQ(Key("amazon", "2023"), "amazon:2023");
  EXPECT_EQ(Key("amazon", "2"), "amazon:2");
  EXPECT_EQ(Key("amazon", "2018.03"), "amazon:1");
  EXPECT_EQ(Key("oracle", "9.2"), "oracle:9");
  EXPECT_EQ(Key("sles", "15.5"), "sles:15.5");
  EXPECT_EQ(Key("", "1"), "");
}

TEST(MatchKeysTest, PackageNames) {
  EXPECT_EQ(MatchPackageName("pypi", "Jinja2"), "jinja2");
  EXPECT_EQ(MatchPackageName("pypi", "zope.interface"), "zope-interface");
  EXPECT_EQ(MatchPackageName("pypi", "a__b.-c"), "a-b-c");
  EXPECT_EQ(MatchPackageName("nuget", "Newtonsoft.Json"), "newtonsoft.json");
  EXPECT_EQ(MatchPackageName("composer", "Symfony/HTTP-Kernel"), "symfony/http-kernel");
  EXPECT_EQ(MatchPackageName("npm", "@Babel/Core"), "@Babel/Core");
  EXPECT_EQ(MatchPackageName("maven", "org.apache.logging.log4j:log4j-core"),
            "org.apache.logging.log4j:log4j-core");
}

TEST(MatchKeysTest, LookupNamesAndVersions) {
  inventory::Package deb;
  deb.ecosystem = inventory::Ecosystem::kDeb;
  deb.name = "zlib1g";
  deb.version = "1:1.2.13.dfsg-1";
  deb.source_name = "zlib";
  EXPECT_THAT(LookupNames(deb), ElementsAre("zlib"));
  EXPECT_EQ(MatchVersion(deb), "1:1.2.13.dfsg-1");
  deb.name = "bash";
  deb.version = "5.2.15-2+b9";
  deb.source_name = "";
  deb.source_version = "5.2.15-2";
  EXPECT_THAT(LookupNames(deb), ElementsAre("bash"));
  EXPECT_EQ(MatchVersion(deb), "5.2.15-2");

  inventory::Package py;
  py.ecosystem = inventory::Ecosystem::kPypi;
  py.name = "Jinja2";
  py.version = "3.1.2";
  EXPECT_THAT(LookupNames(py), ElementsAre("jinja2", "Jinja2"));
  py.name = "urllib3";
  EXPECT_THAT(LookupNames(py), ElementsAre("urllib3"));
}

}  // namespace
}  // namespace moat::vulndb
