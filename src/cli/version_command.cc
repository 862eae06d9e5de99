#include "cli/app.h"
#include "cli/commands.h"
#include "common/version.h"

namespace moat::cli {

void AddVersionCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  sub.callback([&ctx, run] {
    *run = [&ctx] {
      std::fprintf(ctx.out, "moat %s\n", kMoatVersion);
      return kExitOk;
    };
  });
}

}  // namespace moat::cli
