# What `cmake --install <build> --prefix P` puts under P:
#   bin/mha-explain                    the command line
#   lib/libmha.a                       the library (libmha.so with -DBUILD_SHARED_LIBS=ON)
#   include/mha/...                    its public headers: every src/mha/**.hpp but
#                                      those of a detail/ folder, and the generated
#                                      mha/core/version.hpp
#   lib/cmake/mha/                     the package: find_package(mha) gives mha::mha
#   share/man/man1/mha-explain.1       the man page (docs/mha-explain.1)
# tests/install/ checks the result: no installed header includes one that is
# not installed, and a consumer project builds and runs against P alone.
include(CMakePackageConfigHelpers)
set(MHA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mha)

install(TARGETS mha EXPORT mha-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS mha-explain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Private headers live in detail/ folders (they may include nlohmann or each
# other) and are left out; everything else the library's headers name is here.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/mha/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mha
  FILES_MATCHING PATTERN "*.hpp"
  PATTERN "detail" EXCLUDE)
install(FILES ${MHA_GENERATED_INCLUDE}/mha/core/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mha/core)

install(EXPORT mha-targets NAMESPACE mha:: DESTINATION ${MHA_CMAKE_DIR} FILE mha-targets.cmake)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/mha-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/mha-config.cmake
  INSTALL_DESTINATION ${MHA_CMAKE_DIR})
# 0.x: a minor version may change the API, so only the same 0.y is compatible.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/mha-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mha-config.cmake ${CMAKE_CURRENT_BINARY_DIR}/mha-config-version.cmake
  DESTINATION ${MHA_CMAKE_DIR})

# The man page, with the version of project() filled in.
configure_file(${PROJECT_SOURCE_DIR}/docs/mha-explain.1 ${CMAKE_CURRENT_BINARY_DIR}/mha-explain.1 @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mha-explain.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
