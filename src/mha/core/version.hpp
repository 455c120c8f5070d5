#pragma once
namespace mha {
inline constexpr const char* kVersion = "0.1.0";
inline constexpr int kTraceSchemaVersion = 2;
}  // namespace mha
