#include "detect/history_package_checks.h"

#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace moat::detect {
namespace {

using Args = std::vector<absl::string_view>;

bool In(absl::string_view word, std::initializer_list<absl::string_view> set) {
  for (absl::string_view s : set) {
    if (word == s) return true;
  }
  return false;
}

bool Has(const Args& args, std::initializer_list<absl::string_view> set) {
  for (absl::string_view a : args) {
    if (In(a, set)) return true;
  }
  return false;
}

// Non-option words after the subcommand.
Args Operands(const Args& args, std::initializer_list<absl::string_view> with_value) {
  Args out;
  bool sub_seen = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (absl::StartsWith(args[i], "-")) {
      if (In(args[i], with_value)) ++i;
      continue;
    }
    if (sub_seen) out.push_back(args[i]);
    sub_seen = true;
  }
  return out;
}

constexpr std::initializer_list<absl::string_view> kAptValue = {"-o", "-c", "-t", "--option",
                                                                "--target-release"};
constexpr std::initializer_list<absl::string_view> kApkValue = {
    "-X", "--repository", "-t", "--virtual", "--arch", "-p", "--root", "--keys-dir", "--cache-dir"};
constexpr std::initializer_list<absl::string_view> kPipValue = {"-r",
                                                                "--requirement",
                                                                "-c",
                                                                "--constraint",
                                                                "-e",
                                                                "--editable",
                                                                "-i",
                                                                "--index-url",
                                                                "--extra-index-url",
                                                                "--trusted-host",
                                                                "-t",
                                                                "--target",
                                                                "--prefix",
                                                                "--root",
                                                                "-f",
                                                                "--find-links",
                                                                "--platform",
                                                                "--python-version",
                                                                "--implementation",
                                                                "--abi",
                                                                "--cache-dir",
                                                                "--src",
                                                                "--upgrade-strategy",
                                                                "--progress-bar",
                                                                "--no-binary",
                                                                "--only-binary",
                                                                "--report"};
constexpr std::initializer_list<absl::string_view> kRpmValue = {
    "-x", "--exclude", "--setopt", "--releasever", "--installroot",
    "-c", "--config",  "--repo",   "--enablerepo", "--disablerepo"};

// Calls of `prog` whose subcommand is one of `subs`, as (command, args) pairs.
template <typename Fn>
void ForEachCall(const RunScript& s, std::initializer_list<absl::string_view> progs,
                 std::initializer_list<absl::string_view> subs,
                 std::initializer_list<absl::string_view> with_value, Fn&& fn) {
  for (const ShellCommand& c : s.commands) {
    absl::string_view prog = ProgramName(c);
    if (!In(prog, progs)) continue;
    Args args = ProgramArgs(c);
    if (In(Subcommand(args, with_value), subs)) fn(c, args);
  }
}

// pip, pip3, pip3.11, "python -m pip": the arguments after pip.
bool PipArgs(const ShellCommand& c, Args* args) {
  absl::string_view prog = ProgramName(c);
  *args = ProgramArgs(c);
  if (absl::StartsWith(prog, "pip")) return true;
  if (absl::StartsWith(prog, "python") && args->size() >= 2 && (*args)[0] == "-m" &&
      absl::StartsWith((*args)[1], "pip")) {
    args->erase(args->begin(), args->begin() + 2);
    return true;
  }
  return false;
}

template <typename Fn>
void ForEachPipInstall(const RunScript& s, Fn&& fn) {
  for (const ShellCommand& c : s.commands) {
    Args args;
    if (PipArgs(c, &args) && Subcommand(args, kPipValue) == "install") fn(c, args);
  }
}

bool IsLocalOrUrl(absl::string_view p) {
  return p.empty() || p[0] == '$' || p[0] == '.' || p[0] == '/' || p[0] == '~' ||
         absl::StrContains(p, "://") || absl::StartsWith(p, "git+") || absl::EndsWith(p, ".whl") ||
         absl::EndsWith(p, ".tar.gz") || absl::EndsWith(p, ".zip") || absl::EndsWith(p, ".deb") ||
         absl::EndsWith(p, ".rpm") || absl::EndsWith(p, ".apk") || absl::EndsWith(p, ".gem") ||
         absl::EndsWith(p, ".tgz");
}

// "name-1.2.3" (rpm NEVRA style), "name=1.2" or "name>=1.2" (zypper).
bool RpmPinned(absl::string_view p) {
  if (p.find_first_of("=<>") != absl::string_view::npos || p[0] == '@') return true;
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == '-' && absl::ascii_isdigit(static_cast<unsigned char>(p[i + 1]))) return true;
  }
  return false;
}

bool AnyUnpinned(const Args& operands, bool (*pinned)(absl::string_view)) {
  for (absl::string_view p : operands) {
    if (!IsLocalOrUrl(p) && !pinned(p)) return true;
  }
  return false;
}

bool NpmPinned(absl::string_view p) { return p.find('@', 1) != absl::string_view::npos; }

std::string Excerpt(const ShellCommand& c) { return CommandExcerpt(c.words); }

// Whether the script runs `prog sub [arg]`, or removes a path under `dir`.
bool Runs(const RunScript& s, std::initializer_list<absl::string_view> progs,
          std::initializer_list<absl::string_view> subs, absl::string_view arg = "") {
  for (const ShellCommand& c : s.commands) {
    if (!In(ProgramName(c), progs)) continue;
    Args args = ProgramArgs(c);
    if (!In(Subcommand(args, kRpmValue), subs)) continue;
    if (arg.empty() || Has(args, {arg})) return true;
  }
  return false;
}

bool Removes(const RunScript& s, absl::string_view dir) {
  for (const ShellCommand& c : s.commands) {
    if (ProgramName(c) != "rm") continue;
    for (absl::string_view a : ProgramArgs(c)) {
      if (absl::StartsWith(a, dir)) return true;
    }
  }
  return false;
}

// apt, apk and the rpm family: name=version, name~version, name-1.2.
void UnpinnedSystemPackages(const RunScript& s, std::vector<std::string>* out) {
  auto apt_pinned = [](absl::string_view p) { return p.find('=') != absl::string_view::npos; };
  auto apk_pinned = [](absl::string_view p) {
    return p.find_first_of("=~<>") != absl::string_view::npos;
  };
  ForEachCall(s, {"apt-get", "apt"}, {"install"}, kAptValue, [&](auto& c, const Args& a) {
    if (AnyUnpinned(Operands(a, kAptValue), apt_pinned)) out->push_back(Excerpt(c));
  });
  ForEachCall(s, {"apk"}, {"add"}, kApkValue, [&](auto& c, const Args& a) {
    if (AnyUnpinned(Operands(a, kApkValue), apk_pinned)) out->push_back(Excerpt(c));
  });
  ForEachCall(s, {"yum", "dnf", "microdnf", "zypper"}, {"install", "in"}, kRpmValue,
              [&](auto& c, const Args& a) {
                if (AnyUnpinned(Operands(a, kRpmValue), RpmPinned)) out->push_back(Excerpt(c));
              });
}

bool GemPinned(absl::string_view p) { return absl::StrContains(p, ":"); }

// pip (==), global npm/pnpm/yarn installs (@version), gem (-v or name:version).
void UnpinnedLanguagePackages(const RunScript& s, std::vector<std::string>* out) {
  auto pip_pinned = [](absl::string_view p) {
    return absl::StrContains(p, "==") || absl::StrContains(p, "@");
  };
  ForEachPipInstall(s, [&](auto& c, const Args& a) {
    if (AnyUnpinned(Operands(a, kPipValue), pip_pinned)) out->push_back(Excerpt(c));
  });
  ForEachCall(s, {"npm", "pnpm"}, {"install", "i", "add"}, {}, [&](auto& c, const Args& a) {
    if (Has(a, {"-g", "--global"}) && AnyUnpinned(Operands(a, {}), NpmPinned)) {
      out->push_back(Excerpt(c));
    }
  });
  ForEachCall(s, {"yarn"}, {"global"}, {}, [&](auto& c, const Args& a) {
    Args ops = Operands(a, {});
    if (!ops.empty() && ops[0] == "add") ops.erase(ops.begin());
    if (AnyUnpinned(ops, NpmPinned)) out->push_back(Excerpt(c));
  });
  static constexpr std::initializer_list<absl::string_view> kGemValue = {
      "-i", "--install-dir", "-n", "--bindir", "--source"};
  ForEachCall(s, {"gem"}, {"install"}, kGemValue, [&](auto& c, const Args& a) {
    if (Has(a, {"-v", "--version"})) return;
    for (absl::string_view w : a) {
      if (absl::StartsWith(w, "--version=")) return;
    }
    if (AnyUnpinned(Operands(a, kGemValue), GemPinned)) out->push_back(Excerpt(c));
  });
}

void CacheCheck(const RunScript& s, std::initializer_list<absl::string_view> progs,
                std::initializer_list<absl::string_view> installs, absl::string_view cache_dir,
                std::initializer_list<absl::string_view> clean, absl::string_view clean_arg,
                std::vector<std::string>* out) {
  if (s.cache_mount || Runs(s, progs, clean, clean_arg) || Removes(s, cache_dir)) return;
  ForEachCall(s, progs, installs, kRpmValue,
              [&](const ShellCommand& c, const Args&) { out->push_back(Excerpt(c)); });
}

}  // namespace

absl::string_view Subcommand(const Args& args,
                             std::initializer_list<absl::string_view> with_value) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (absl::StartsWith(args[i], "-")) {
      if (In(args[i], with_value)) ++i;
      continue;
    }
    return args[i];
  }
  return "";
}

void CheckUnpinnedInstalls(const RunScript& s, std::vector<std::string>* out) {
  UnpinnedSystemPackages(s, out);
  UnpinnedLanguagePackages(s, out);
}

void CheckAptCache(const RunScript& s, std::vector<std::string>* out) {
  if (s.cache_mount || Removes(s, "/var/lib/apt/lists")) return;
  ForEachCall(s, {"apt-get", "apt"}, {"install"}, kAptValue,
              [&](const ShellCommand& c, const Args&) { out->push_back(Excerpt(c)); });
}

void CheckApkCache(const RunScript& s, std::vector<std::string>* out) {
  if (s.cache_mount || Removes(s, "/var/cache/apk")) return;
  ForEachCall(s, {"apk"}, {"add"}, kApkValue, [&](const ShellCommand& c, const Args& a) {
    if (!Has(a, {"--no-cache"})) out->push_back(Excerpt(c));
  });
}

void CheckPipCache(const RunScript& s, std::vector<std::string>* out) {
  if (s.cache_mount || Removes(s, "/root/.cache") || Removes(s, "~/.cache")) return;
  for (const ShellCommand& c : s.commands) {
    for (const std::string& a : c.assignments) {
      if (absl::StartsWith(a, "PIP_NO_CACHE_DIR=")) return;
    }
  }
  ForEachPipInstall(s, [&](const ShellCommand& c, const Args& a) {
    if (!Has(a, {"--no-cache-dir"})) out->push_back(Excerpt(c));
  });
}

void CheckYumCache(const RunScript& s, std::vector<std::string>* out) {
  CacheCheck(s, {"yum"}, {"install", "groupinstall", "localinstall", "reinstall"}, "/var/cache/yum",
             {"clean"}, "all", out);
}

void CheckDnfCache(const RunScript& s, std::vector<std::string>* out) {
  CacheCheck(s, {"dnf"}, {"install", "groupinstall", "localinstall", "reinstall"}, "/var/cache/dnf",
             {"clean"}, "all", out);
}

void CheckMicrodnfCache(const RunScript& s, std::vector<std::string>* out) {
  CacheCheck(s, {"microdnf"}, {"install", "reinstall"}, "/var/cache/yum", {"clean"}, "all", out);
}

void CheckZypperCache(const RunScript& s, std::vector<std::string>* out) {
  CacheCheck(s, {"zypper"}, {"install", "in", "reinstall", "patch", "update", "up"},
             "/var/cache/zypp", {"clean", "cc"}, "", out);
}

void CheckUpdateAlone(const RunScript& s, std::vector<std::string>* out) {
  auto alone = [&](std::initializer_list<absl::string_view> progs, absl::string_view update,
                   std::initializer_list<absl::string_view> installs) {
    if (!Runs(s, progs, {update}) || Runs(s, progs, installs)) return;
    for (const ShellCommand& c : s.commands) {
      Args a = ProgramArgs(c);
      if (In(ProgramName(c), progs) && Subcommand(a, kAptValue) == update) {
        out->push_back(Excerpt(c));
        return;
      }
    }
  };
  alone({"apt-get", "apt"}, "update", {"install", "upgrade", "dist-upgrade", "full-upgrade"});
  alone({"apk"}, "update", {"add", "upgrade"});
  alone({"zypper"}, "refresh", {"install", "in", "update", "up", "patch"});
}

void CheckAptMissingYes(const RunScript& s, std::vector<std::string>* out) {
  ForEachCall(s, {"apt-get", "apt"}, {"install"}, kAptValue, [&](auto& c, const Args& a) {
    for (absl::string_view w : a) {
      if (In(w, {"--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"})) return;
      // Short options together ("-fmy"), but not "-o" with its value.
      if (w.size() > 1 && w[0] == '-' && w[1] != '-' && w[1] != 'o' &&
          w.find('y') != absl::string_view::npos) {
        return;
      }
    }
    out->push_back(Excerpt(c));
  });
}

void CheckAptDistUpgrade(const RunScript& s, std::vector<std::string>* out) {
  ForEachCall(s, {"apt-get", "apt"}, {"dist-upgrade", "full-upgrade"}, kAptValue,
              [&](const ShellCommand& c, const Args&) { out->push_back(Excerpt(c)); });
}

void CheckAptMissingNoRecommends(const RunScript& s, std::vector<std::string>* out) {
  ForEachCall(s, {"apt-get", "apt"}, {"install"}, kAptValue, [&](auto& c, const Args& a) {
    for (absl::string_view w : a) {
      if (w == "--no-install-recommends" ||
          absl::StrContains(absl::AsciiStrToLower(w), "install-recommends=false") ||
          absl::StrContains(absl::AsciiStrToLower(w), "install-recommends=0")) {
        return;
      }
    }
    out->push_back(Excerpt(c));
  });
}

}  // namespace moat::detect
