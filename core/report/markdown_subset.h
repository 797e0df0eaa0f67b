#pragma once
// The Markdown that guided steps are written in ("text" of a step, docs/scenario-format.md), as
// report HTML. A small subset of CommonMark, the part a step's few lines use:
//   blocks:  paragraphs (blank lines part them), "- " / "* " / "+ " bullet lists, "1. " numbered
//            lists, "#" headings, ``` fenced code blocks
//   inline:  **bold** __bold__, *italic* _italic_ (an underscore inside a word is a letter:
//            write_policy stays as it is), `code`, backslash escapes (\*), and links
//            [text](url) / <https://...>, written as text with the address beside it: the report
//            refers to nothing outside itself (docs/bundles.md), so it links nowhere.
// Everything else is text. All text is escaped (core/report/markup.h), and every element opened
// is closed in the same block, so the output is well-formed XML as the report must be.
#include <string>
#include <string_view>

namespace archlab {

/// Step text (Markdown subset above) as HTML block elements (<p>, <ul>, <ol>, <h4>, <pre>).
std::string markdown_to_html(std::string_view markdown);

/// One line of the subset's inline markup as HTML (no block elements).
std::string markdown_inline_html(std::string_view text);

}  // namespace archlab
