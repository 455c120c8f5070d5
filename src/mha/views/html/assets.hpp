#pragma once
// The HTML page's own stylesheet and script (src/mha/views/html/view.css, view.js),
// compiled into the library by cmake/embed.cmake: no file is read at
// run time.
#include <string_view>

namespace mha::html {

extern const std::string_view view_css;
extern const std::string_view view_js;

}  // namespace mha::html
