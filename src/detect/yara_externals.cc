#include "detect/yara_externals.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace moat::detect {
namespace {

struct Magic {
  absl::string_view prefix;
  absl::string_view type;
};

// The magic numbers of LOKI's file-type-signatures list that the signature-base conditions
// test, first match wins.
constexpr Magic kMagics[] = {
    {"MZ", "EXE"},
    {"\x7f"
     "ELF",
     "ELF"},
    {"\xfe\xed\xfa\xce", "MACH-O"},
    {"\xfe\xed\xfa\xcf", "MACH-O"},
    {"\xce\xfa\xed\xfe", "MACH-O"},
    {"\xcf\xfa\xed\xfe", "MACH-O"},
    {"%PDF", "PDF"},
    {"PK\x03\x04", "ZIP"},
    {"Rar!", "RAR"},
    {"\x1f\x8b", "GZIP"},
    {"7z\xbc\xaf\x27\x1c", "7Z"},
    {"GIF8", "GIF"},
    {"\xff\xd8\xff", "JPEG"},
    {"\x89PNG", "PNG"},
    {"{\\rtf", "RTF"},
    {"MDMP", "MDMP"},
    {"\xd0\xcf\x11\xe0", "OLE"},
    {"<?php", "PHP"},
    {"<?PHP", "PHP"},
    {"<%@", "JSP"},
    {"#!/usr/bin/python", "Python"},
    {"#!/usr/bin/env python", "Python"},
    {"#!/bin/sh", "SH"},
    {"#!/bin/bash", "SH"},
    {"@echo off", "BATCH"},
};

absl::string_view BaseName(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

absl::string_view MagicFileType(absl::string_view data) {
  for (const Magic& magic : kMagics) {
    if (absl::StartsWith(data, magic.prefix)) return magic.type;
  }
  return "UNKNOWN";
}

YaraExternals ExternalsFor(const image::FileRecord& file, absl::string_view data) {
  YaraExternals externals;
  absl::string_view path = file.path;
  absl::string_view name = BaseName(path);
  externals.filename = std::string(name);
  absl::string_view dir = path.substr(0, path.size() - name.size());
  if (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  externals.filepath = dir.empty() ? "/" : std::string(dir);
  size_t dot = name.rfind('.');
  // A leading dot names a hidden file, not an extension (".bashrc").
  if (dot != absl::string_view::npos && dot > 0) {
    externals.extension = absl::AsciiStrToLower(name.substr(dot));
  }
  externals.filetype = std::string(MagicFileType(data));
  externals.owner = file.uid == 0 ? "root" : absl::StrCat(file.uid);
  return externals;
}

}  // namespace moat::detect
