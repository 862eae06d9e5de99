// moat: wires the real platform implementations into the command table and runs it.
#include <clocale>

#include "cli/app.h"
#include "vulndb/database.h"

int main(int argc, char** argv) {
  // Layer paths are UTF-8: with a UTF-8 locale libarchive copies names instead of converting
  // them character by character (and non-ASCII names come out right).
  if (std::setlocale(LC_CTYPE, "C.UTF-8") == nullptr) std::setlocale(LC_CTYPE, "");
  moat::vulndb::ConfigureSqliteForThreads();
  return moat::cli::Main(argc, argv);
}
