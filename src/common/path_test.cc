#include "common/path.h"

#include "gtest/gtest.h"

namespace moat {
namespace {

TEST(PathTest, NormalizeArchivePathMakesCanonicalAbsolutePaths) {
  EXPECT_EQ(*NormalizeArchivePath("usr/bin/ls"), "/usr/bin/ls");
  EXPECT_EQ(*NormalizeArchivePath("./usr//bin/./ls"), "/usr/bin/ls");
  EXPECT_EQ(*NormalizeArchivePath("usr/share/"), "/usr/share");
  EXPECT_EQ(*NormalizeArchivePath("./"), "/");
  EXPECT_EQ(*NormalizeArchivePath("."), "/");
}

TEST(PathTest, NormalizeArchivePathRejectsEscapes) {
  EXPECT_EQ(NormalizeArchivePath("../etc/passwd").status().message(),
            "path \"../etc/passwd\" climbs out of the layer root with '..'");
  EXPECT_FALSE(NormalizeArchivePath("a/../../b").ok());
  EXPECT_FALSE(NormalizeArchivePath("a/../b").ok());
  EXPECT_EQ(NormalizeArchivePath("/etc/shadow").status().message(),
            "absolute path \"/etc/shadow\" in layer");
  EXPECT_FALSE(NormalizeArchivePath("").ok());
}

TEST(PathTest, ResolveLinkTargetStaysInsideTheRoot) {
  EXPECT_EQ(ResolveLinkTarget("/etc/os-release", "../usr/lib/os-release"), "/usr/lib/os-release");
  EXPECT_EQ(ResolveLinkTarget("/bin/sh", "dash"), "/bin/dash");
  EXPECT_EQ(ResolveLinkTarget("/a/b", "/x/y"), "/x/y");
  EXPECT_EQ(ResolveLinkTarget("/a/b", "../../../../etc"), "/etc");
}

TEST(PathTest, DirnameBasenameJoinWithin) {
  EXPECT_EQ(PathDirname("/a/b/c"), "/a/b");
  EXPECT_EQ(PathDirname("/a"), "/");
  EXPECT_EQ(PathBasename("/a/b/c"), "c");
  EXPECT_EQ(PathJoin("/", "a"), "/a");
  EXPECT_EQ(PathJoin("/a", "b"), "/a/b");
  EXPECT_TRUE(PathIsWithin("/a/b", "/a"));
  EXPECT_TRUE(PathIsWithin("/a", "/a"));
  EXPECT_FALSE(PathIsWithin("/ab", "/a"));
  EXPECT_TRUE(PathIsWithin("/x", "/"));
}

}  // namespace
}  // namespace moat
