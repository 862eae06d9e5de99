// PEP 440 specifier matching, written from PEP 440's "Version specifiers" section and
// packaging's documented behaviour: exclusive < and > leave out pre-releases (<) and
// post-releases (>) of the named version, == and != without a local part ignore the candidate's
// local part, wildcards match a release prefix, === compares strings without case.
#include "vulndb/version_pep440_specifier.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

struct OpName {
  absl::string_view text;
  Pep440Op op;
};
// Longest first, as the operators share prefixes.
constexpr OpName kOps[] = {{"===", Pep440Op::kArbitrary}, {"==", Pep440Op::kEqual},
                           {"!=", Pep440Op::kNotEqual},   {"~=", Pep440Op::kCompatible},
                           {"<=", Pep440Op::kLessEqual},  {">=", Pep440Op::kGreaterEqual},
                           {"<", Pep440Op::kLess},        {">", Pep440Op::kGreater}};

absl::Status InvalidSpecifier(absl::string_view spec, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid PEP 440 specifier \"", absl::CHexEscape(spec.substr(0, 200)), "\": ", why));
}

bool HasSpace(absl::string_view s) {
  for (char c : s) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

absl::Status CheckVersionPart(absl::string_view spec, const Pep440Specifier& out) {
  absl::StatusOr<Pep440Version> v = ParsePep440(out.version);
  if (out.version.empty() || HasSpace(out.version) || !v.ok()) {
    return InvalidSpecifier(spec, "invalid version");
  }
  const bool equality = out.op == Pep440Op::kEqual || out.op == Pep440Op::kNotEqual;
  if (out.wildcard && (v->pre_kind != 0 || v->has_post || v->has_dev || !v->local.empty())) {
    return InvalidSpecifier(spec, "a wildcard follows a plain release only");
  }
  if (!v->local.empty() && !equality) {
    return InvalidSpecifier(spec, "a local version needs == or !=");
  }
  if (out.op == Pep440Op::kCompatible && v->release.size() < 2) {
    return InvalidSpecifier(spec, "~= needs at least two release numbers");
  }
  return absl::OkStatus();
}

absl::StatusOr<Pep440Specifier> ParseOne(absl::string_view spec) {
  Pep440Specifier out;
  absl::string_view rest;
  bool found = false;
  for (const OpName& op : kOps) {
    if (absl::StartsWith(spec, op.text)) {
      out.op = op.op;
      rest = StripPythonSpace(spec.substr(op.text.size()));
      found = true;
      break;
    }
  }
  if (!found) return InvalidSpecifier(spec, "no operator");
  if (out.op == Pep440Op::kArbitrary) {
    if (HasSpace(rest) || rest.find_first_of(";)") != absl::string_view::npos) {
      return InvalidSpecifier(spec, "invalid arbitrary version");
    }
    out.version = std::string(rest);
    return out;
  }
  if (absl::EndsWith(rest, ".*")) {
    if (out.op != Pep440Op::kEqual && out.op != Pep440Op::kNotEqual) {
      return InvalidSpecifier(spec, "a wildcard needs == or !=");
    }
    out.wildcard = true;
    rest.remove_suffix(2);
  }
  out.version = std::string(rest);
  MOAT_RETURN_IF_ERROR(CheckVersionPart(spec, out));
  return out;
}

// Epoch, release (zero-padded) and pre-release equal.
bool SameReleaseAndPre(const Pep440Version& a, const Pep440Version& b) {
  if (CompareDigitRuns(a.epoch, b.epoch) != 0) return false;
  const size_t n = a.release.size() > b.release.size() ? a.release.size() : b.release.size();
  for (size_t i = 0; i < n; ++i) {
    if (CompareDigitRuns(i < a.release.size() ? a.release[i] : "",
                         i < b.release.size() ? b.release[i] : "") != 0) {
      return false;
    }
  }
  return a.pre_kind == b.pre_kind && (a.pre_kind == 0 || CompareDigitRuns(a.pre, b.pre) == 0);
}

int ComparePublic(Pep440Version a, const Pep440Version& b) {
  a.local = {};
  Pep440Version public_b = b;
  public_b.local = {};
  return ComparePep440(a, public_b);
}

// epoch!release.dev0, with the last release number replaced by `last` when given.
Pep440Version Dev0(const Pep440Version& from, size_t release_size, const std::string* last) {
  Pep440Version v;
  v.epoch = from.epoch;
  v.release.assign(from.release.begin(), from.release.begin() + release_size);
  if (last != nullptr) v.release.back() = *last;
  v.has_dev = true;
  v.dev = "0";
  return v;
}

bool Greater(const Pep440Version& v, const Pep440Version& spec) {
  Pep440Version bound = spec;
  bound.local = {};
  std::string next;
  if (spec.has_dev) {  // >V.devN: the next version is V.dev(N+1)
    next = IncrementDigitRun(spec.dev);
    bound.dev = next;
    return ComparePep440(v, bound) >= 0;
  }
  if (spec.has_post) {  // >V.postN: the next version is V.post(N+1).dev0
    next = IncrementDigitRun(spec.post);
    bound.post = next;
    bound.has_dev = true;
    bound.dev = "0";
    return ComparePep440(v, bound) >= 0;
  }
  // Above V, but not V+local nor a post-release of V.
  return ComparePep440(v, spec) > 0 && !(SameReleaseAndPre(v, spec) && (!v.has_dev || v.has_post));
}

bool Less(const Pep440Version& v, const Pep440Version& spec) {
  Pep440Version bound = spec;  // <V leaves out V's pre-releases unless V is one
  bound.local = {};
  if (!spec.is_prerelease()) {
    bound.has_dev = true;
    bound.dev = "0";
  }
  Pep440Version min;  // 0.dev0, the smallest version there is
  min.release.push_back("0");
  min.has_dev = true;
  min.dev = "0";
  return ComparePep440(bound, min) > 0 && ComparePep440(v, bound) < 0;
}

bool InPrefix(const Pep440Version& v, const Pep440Version& prefix) {
  const std::string next = IncrementDigitRun(prefix.release.back());
  return ComparePep440(v, Dev0(prefix, prefix.release.size(), nullptr)) >= 0 &&
         ComparePep440(v, Dev0(prefix, prefix.release.size(), &next)) < 0;
}

bool Equal(const Pep440Version& v, const Pep440Version& spec) {
  return spec.local.empty() ? ComparePublic(v, spec) == 0 : ComparePep440(v, spec) == 0;
}

bool ContainsParsed(const Pep440Specifier& s, const Pep440Version& v, const Pep440Version& spec) {
  switch (s.op) {
    case Pep440Op::kEqual:
      return s.wildcard ? InPrefix(v, spec) : Equal(v, spec);
    case Pep440Op::kNotEqual:
      return s.wildcard ? !InPrefix(v, spec) : !Equal(v, spec);
    case Pep440Op::kGreaterEqual:
      return ComparePep440(v, spec) >= 0;
    case Pep440Op::kLessEqual:
      return ComparePep440(v, spec) <= 0 || ComparePublic(v, spec) == 0;
    case Pep440Op::kGreater:
      return Greater(v, spec);
    case Pep440Op::kLess:
      return Less(v, spec);
    case Pep440Op::kCompatible: {
      // ~=1.4.5 is >=1.4.5, ==1.4.*: below the next release of the prefix.
      const std::string next = IncrementDigitRun(spec.release[spec.release.size() - 2]);
      return ComparePep440(v, spec) >= 0 &&
             ComparePep440(v, Dev0(spec, spec.release.size() - 1, &next)) < 0;
    }
    case Pep440Op::kArbitrary:
      return false;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<Pep440Specifier>> ParsePep440Specifiers(absl::string_view set) {
  std::vector<Pep440Specifier> specs;
  for (absl::string_view item : absl::StrSplit(set, ',')) {
    item = StripPythonSpace(item);
    if (item.empty()) continue;
    MOAT_ASSIGN_OR_RETURN(Pep440Specifier spec, ParseOne(item));
    specs.push_back(std::move(spec));
  }
  return specs;
}

bool Pep440SpecifierContains(const Pep440Specifier& spec, const Pep440Version* version,
                             absl::string_view raw) {
  if (spec.op == Pep440Op::kArbitrary) {
    return absl::AsciiStrToLower(raw) == absl::AsciiStrToLower(spec.version);
  }
  if (version == nullptr) return false;
  absl::StatusOr<Pep440Version> parsed = ParsePep440(spec.version);
  return parsed.ok() && ContainsParsed(spec, *version, *parsed);
}

absl::StatusOr<bool> Pep440Satisfies(absl::string_view version, absl::string_view specifier_set) {
  MOAT_ASSIGN_OR_RETURN(std::vector<Pep440Specifier> specs, ParsePep440Specifiers(specifier_set));
  absl::StatusOr<Pep440Version> parsed = ParsePep440(version);
  bool arbitrary = false;
  for (const Pep440Specifier& spec : specs)
    arbitrary = arbitrary || spec.op == Pep440Op::kArbitrary;
  if (!parsed.ok() && !arbitrary) return parsed.status();
  for (const Pep440Specifier& spec : specs) {
    if (!Pep440SpecifierContains(spec, parsed.ok() ? &*parsed : nullptr, version)) return false;
  }
  return true;
}

}  // namespace moat::vulndb
