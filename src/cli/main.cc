// moat: wires the real platform implementations into the command table and runs it.
#include "cli/app.h"

int main(int argc, char** argv) { return moat::cli::Main(argc, argv); }
