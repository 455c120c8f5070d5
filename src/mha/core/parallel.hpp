#pragma once
// parallel_for: run job(0) … job(count − 1) on up to `max_threads` threads
// (the calling thread included). Jobs are taken in order from a shared
// counter; each job must write only its own results, so the output is the
// same whatever the timing. The first exception a job throws is rethrown.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <future>
#include <thread>
#include <vector>

namespace mha {

template <class Job>
void parallel_for(std::size_t count, std::size_t max_threads, Job job) {
  std::atomic<std::size_t> taken{0};
  auto work = [&] {
    for (std::size_t k; (k = taken.fetch_add(1)) < count;) job(k);
  };
  const std::size_t threads =
      std::min<std::size_t>({count, std::max(1u, std::thread::hardware_concurrency()), max_threads});
  std::vector<std::future<void>> workers;
  for (std::size_t t = 1; t < threads; ++t) workers.push_back(std::async(std::launch::async, work));
  work();
  for (auto& w : workers) w.get();  // rethrows a worker's exception
}

}  // namespace mha
