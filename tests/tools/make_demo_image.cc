// Builds Moat's own demo image from tests/fixtures/demo/layer<N>/ directories, without Docker,
// in every local input format: OCI layout, oci-archive, docker-archive and flattened rootfs.
//   moat_make_demo_image <fixture dir> <output dir>
#include <cstdio>
#include <filesystem>

#include "testing/image_builder.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <fixture dir> <output dir>\n", argv[0]);
    return 2;
  }
  auto image = moat::testing::ImageFromLayerDirs(argv[1]);
  if (!image.ok()) {
    std::fprintf(stderr, "moat_make_demo_image: %s\n", std::string(image.status().message()).c_str());
    return 3;
  }
  image->tag = "demo/app:1.0";
  image->cmd = {"/app/start.sh"};
  image->labels = {{"org.opencontainers.image.title", "moat-demo"}};
  fs::path out = argv[2];
  fs::remove_all(out);
  fs::create_directories(out);
  for (const auto& status :
       {moat::testing::WriteOciLayout((out / "oci").string(), {*image}),
        moat::testing::WriteOciArchive((out / "demo.oci.tar").string(), {*image}),
        moat::testing::WriteDockerArchive((out / "demo.docker.tar").string(), {*image}),
        moat::testing::WriteRootfs((out / "rootfs").string(), *image)}) {
    if (!status.ok()) {
      std::fprintf(stderr, "moat_make_demo_image: %s\n", std::string(status.message()).c_str());
      return 3;
    }
  }
  std::printf("%s\n", out.c_str());
  return 0;
}
