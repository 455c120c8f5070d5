#pragma once
// parallel_for: run job(0) … job(count − 1) on up to `max_threads` threads
// (the calling thread included). Jobs are taken in order from a shared
// counter; each job must write only its own results, so the output is the
// same whatever the timing. The first exception a job throws is rethrown.
//
// thread_limit() caps every parallel_for of the process: set_thread_limit(n)
// (the CLI's --threads N), else the environment variable MHA_THREADS, else
// the machine's cores. The thread count decides how work is cut, so the same
// count gives the same bytes; other counts agree within float tolerance.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <future>
#include <thread>
#include <vector>

namespace mha {

std::size_t thread_limit();
// n = 0: back to MHA_THREADS or the machine's cores.
void set_thread_limit(std::size_t n);

template <class Job>
void parallel_for(std::size_t count, std::size_t max_threads, Job job) {
  std::atomic<std::size_t> taken{0};
  auto work = [&] {
    for (std::size_t k; (k = taken.fetch_add(1)) < count;) job(k);
  };
  const std::size_t threads =
      std::min<std::size_t>({count, thread_limit(), max_threads});
  std::vector<std::future<void>> workers;
  for (std::size_t t = 1; t < threads; ++t) workers.push_back(std::async(std::launch::async, work));
  work();
  for (auto& w : workers) w.get();  // rethrows a worker's exception
}

}  // namespace mha
