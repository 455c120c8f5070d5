# libFuzzer targets for the tokenizers' parsers (src/mha/text/). Included from
# the top-level CMakeLists.txt inside if(MHA_FUZZ); needs clang:
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DMHA_FUZZ=ON
#   cmake --build build-fuzz -j2 --target fuzz_dict fuzz_wordpiece fuzz_bpe fuzz_hf_tokenizer
#   fuzz/run_text_fuzz.sh build-fuzz 60      # each target 60 s on the test files
# The tokenizer sources are compiled again here, instrumented, so that these
# targets do not depend on how the rest of the library is built.

set(MHA_TEXT_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_library(mha_text_fuzz STATIC
  ${PROJECT_SOURCE_DIR}/src/mha/text/bpe.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/bpe_common.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_added.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_bpe_model.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_json.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_normalize.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_post.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_pretokenize.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_regex.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/hf_tokenizer.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/dict_tokenizer.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/source.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/unicode.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/wordpiece.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/tokenize.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/core/token.cpp
  ${PROJECT_SOURCE_DIR}/src/mha/text/utf8.cpp)
target_include_directories(mha_text_fuzz PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_compile_options(mha_text_fuzz PRIVATE -fsanitize=fuzzer-no-link ${MHA_TEXT_FUZZ_SANITIZERS})
target_link_libraries(mha_text_fuzz PUBLIC PkgConfig::UTF8PROC PkgConfig::PCRE2 PRIVATE nlohmann_json::nlohmann_json mha_warnings)

foreach(target fuzz_dict fuzz_wordpiece fuzz_bpe fuzz_hf_tokenizer)
  add_executable(${target} ${PROJECT_SOURCE_DIR}/fuzz/${target}.cpp)
  target_compile_options(${target} PRIVATE -fsanitize=fuzzer ${MHA_TEXT_FUZZ_SANITIZERS})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer ${MHA_TEXT_FUZZ_SANITIZERS})
  target_link_libraries(${target} PRIVATE mha_text_fuzz mha_warnings)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
endforeach()
# fuzz_hf_tokenizer reads the tiny tokenizer.json fixtures of tests/data/hf-tokenizers/.
target_compile_definitions(fuzz_hf_tokenizer PRIVATE MHA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
