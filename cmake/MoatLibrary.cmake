# moat_library(<name> DEPS <targets...>): one capability directory = one static library.
# Every *.cc in the directory except *_test.cc and *_fuzz.cc is part of the library; every
# *_test.cc is part of <name>_test, run by ctest. New files need no CMake edits.
function(moat_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "(_test|_fuzz)\\.cc$|/main\\.cc$")
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  if(MOAT_BUILD_TESTS)
    file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
    if(tests)
      add_executable(${name}_test ${tests})
      target_link_libraries(${name}_test PRIVATE ${name} moat_testing ${ARG_TEST_DEPS}
                                                 GTest::gmock GTest::gtest_main)
      set_property(GLOBAL APPEND PROPERTY MOAT_UNIT_TEST_TARGETS ${name}_test)
      gtest_discover_tests(${name}_test DISCOVERY_MODE PRE_TEST
                           PROPERTIES LABELS unit ENVIRONMENT "MOAT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    endif()
  endif()
endfunction()
