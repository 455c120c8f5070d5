#pragma once
// The one error family of the library. Every problem a user can cause or fix
// is thrown as one of these, with a one-line message that says what was wrong
// and what is allowed. The CLI catches mha::Error in one place and maps it to
// an exit code; nothing else is caught.
#include <stdexcept>
#include <string>

namespace mha {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad user input: an empty sentence, invalid UTF-8, a size out of range.
class InputError : public Error {
 public:
  using Error::Error;
};

// A file whose bytes are not what its format promises.
class FormatError : public Error {
 public:
  using Error::Error;
};

// Sizes that do not fit together (heads not dividing d_model, ...).
class ShapeError : public Error {
 public:
  using Error::Error;
};

// The file system said no: a folder that cannot be created, a failed write.
class IoError : public Error {
 public:
  using Error::Error;
};

}  // namespace mha
