// PosixFileSystem::WriteFileAtomic: regular files are replaced whole through a rename; devices
// and FIFOs ("-o /dev/null") are written in place and stay what they are.
#include "platform/file_system.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::platform {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(WriteFileAtomicTest, ReplacesARegularFileWithoutLeavingTemporaries) {
  std::string dir = moat::testing::MakeTempDir("write-atomic");
  PosixFileSystem fs;
  ASSERT_TRUE(fs.WriteFileAtomic(dir + "/out.json", "old").ok());
  ASSERT_TRUE(fs.WriteFileAtomic(dir + "/out.json", "new contents").ok());
  EXPECT_EQ(Read(dir + "/out.json"), "new contents");
  auto entries = fs.ListDir(dir);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 1u);
}

TEST(WriteFileAtomicTest, DevNullStaysACharacterDevice) {
  PosixFileSystem fs;
  ASSERT_TRUE(fs.WriteFileAtomic("/dev/null", "discarded").ok());
  struct stat st;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(WriteFileAtomicTest, AFifoIsWrittenInPlace) {
  std::string fifo = moat::testing::MakeTempDir("write-fifo") + "/pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  pid_t reader = ::fork();
  if (reader == 0) {
    std::string text = Read(fifo);
    _exit(text == "through the pipe" ? 0 : 1);
  }
  PosixFileSystem fs;
  ASSERT_TRUE(fs.WriteFileAtomic(fifo, "through the pipe").ok());
  int status = 0;
  ASSERT_EQ(::waitpid(reader, &status, 0), reader);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  struct stat st;
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

}  // namespace
}  // namespace moat::platform
