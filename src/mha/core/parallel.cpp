#include "mha/core/parallel.hpp"

#include <atomic>
#include <cstdlib>
#include <string>

namespace mha {

namespace {

std::atomic<std::size_t> chosen{0};  // 0: not set by set_thread_limit

// MHA_THREADS when it is a whole number from 1, else the machine's cores.
std::size_t default_limit() {
  static const std::size_t limit = [] {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const char* env = std::getenv("MHA_THREADS");
    if (!env || !*env) return cores;
    char* end = nullptr;
    const unsigned long n = std::strtoul(env, &end, 10);
    return *end == '\0' && n >= 1 && n <= 4096 ? static_cast<std::size_t>(n) : cores;
  }();
  return limit;
}

}  // namespace

std::size_t thread_limit() {
  const std::size_t n = chosen.load(std::memory_order_relaxed);
  return n ? n : default_limit();
}

void set_thread_limit(std::size_t n) { chosen.store(n, std::memory_order_relaxed); }

}  // namespace mha
