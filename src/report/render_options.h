// Options shared by the report writers (render.h dispatches on the format name).
#pragma once

namespace moat::report {

struct RenderOptions {
  // JSON only: list the files each OS package owns (they make up most of a report's size).
  bool include_files = true;
  // Table only: end with the one-screen summary (report/summary.h), coloured when `color`.
  bool summary = false;
  bool color = false;
};

}  // namespace moat::report
