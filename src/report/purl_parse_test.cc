#include "report/purl_parse.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::report {
namespace {

using inventory::Ecosystem;
using ::testing::HasSubstr;

inventory::Package FromPurl(const std::string& text) {
  auto purl = ParsePurl(text);
  EXPECT_TRUE(purl.ok()) << text << ": " << purl.status();
  if (!purl.ok()) return {};
  auto p = PackageFromPurl(*purl);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(inventory::Package{});
}

TEST(PurlParseTest, ComponentsAreDecoded) {
  auto purl = ParsePurl(
      "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12.15#sub/path");
  ASSERT_TRUE(purl.ok()) << purl.status();
  EXPECT_EQ(purl->type, "deb");
  EXPECT_EQ(purl->namespace_, "debian");
  EXPECT_EQ(purl->name, "libstdc++6");
  EXPECT_EQ(purl->version, "12.2.0-14+deb12u1");
  EXPECT_EQ(PurlQualifier(*purl, "distro"), "debian-12.15");
  EXPECT_EQ(purl->subpath, "sub/path");
}

TEST(PurlParseTest, PackagesPerEcosystem) {
  EXPECT_EQ(FromPurl("pkg:npm/%40babel/core@7.0.0").name, "@babel/core");
  EXPECT_EQ(FromPurl("pkg:npm/@babel/core@7.0.0").name, "@babel/core");  // unencoded scope
  EXPECT_EQ(FromPurl("pkg:npm/@babel/core").version, "");
  EXPECT_EQ(FromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0").name,
            "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(FromPurl("pkg:golang/github.com/pkg/errors@v0.9.1").name, "github.com/pkg/errors");
  EXPECT_EQ(FromPurl("pkg:golang/stdlib@v1.19.8").name, "stdlib");
  EXPECT_EQ(FromPurl("pkg:composer/symfony/http-kernel@5.4.0").name, "symfony/http-kernel");
  EXPECT_EQ(FromPurl("pkg:pypi/jinja2@3.1.2").ecosystem, Ecosystem::kPypi);
  EXPECT_EQ(FromPurl("PKG://gem/rack@2.2.4").name, "rack");
  inventory::Package deb = FromPurl(
      "pkg:deb/debian/"
      "bsdutils@2.38.1-5%2Bdeb12u3?epoch=1&upstream=util-linux%402.38.1-5%2Bdeb12u3");
  EXPECT_EQ(deb.version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(deb.source_name, "util-linux");
  EXPECT_EQ(deb.source_version, "2.38.1-5+deb12u3");
  auto hex = ParsePurl("pkg:hex/plug@1.0");
  ASSERT_TRUE(hex.ok());
  EXPECT_FALSE(PackageFromPurl(*hex).has_value());
}

TEST(PurlParseTest, OsFromDistro) {
  auto os = [](const std::string& text) {
    auto purl = ParsePurl(text);
    EXPECT_TRUE(purl.ok());
    return OsFromPurl(*purl).value_or(inventory::OsInfo{});
  };
  EXPECT_EQ(os("pkg:deb/debian/a@1?distro=debian-12.15").version, "12.15");
  EXPECT_EQ(os("pkg:apk/alpine/a@1?distro=3.19.1").family, "alpine");
  EXPECT_EQ(os("pkg:apk/alpine/a@1?distro=3.19.1").version, "3.19.1");
  EXPECT_EQ(os("pkg:rpm/suse/a@1?distro=opensuse-leap-15.5").family, "opensuse-leap");
  EXPECT_EQ(os("pkg:rpm/amazon/a@1?distro=amzn-2023").family, "amazon");
  EXPECT_EQ(os("pkg:rpm/redhat/a@1?distro=redhat-9.3").family, "rhel");
}

TEST(PurlParseTest, Errors) {
  EXPECT_THAT(ParsePurl("npm/lodash").status().message(), HasSubstr("does not start with pkg:"));
  EXPECT_THAT(ParsePurl("pkg:npm").status().message(), HasSubstr("needs a type and a name"));
  EXPECT_THAT(ParsePurl("pkg:npm/%").value().name, "%");  // a lone '%' is kept
  EXPECT_THAT(ParsePurl(std::string(5000, 'a')).status().message(), HasSubstr("too long"));
}

}  // namespace
}  // namespace moat::report
