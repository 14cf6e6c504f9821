//! Passages as CSV: a header row, then a row for each passage under each of its
//! tags, for spreadsheets and scripts.

use std::io::{self, Write};

use crate::annotate::collect::Tagged;
use crate::text::{sanitize, sanitize_line};

/// The columns, in order. `start` and `end` are where the passage is now, in
/// characters of the reading text (empty for an orphan); `context` is the sentence
/// around it.
pub const COLUMNS: [&str; 13] =
    ["path", "title", "date", "tag", "quote", "note", "state", "start", "end", "id", "created", "modified", "context"];

/// Characters of context given in the `context` column, at most.
pub const CONTEXT_CHARS: usize = 400;

/// Write `rows` (as [`Collection::by_tag`](crate::annotate::Collection::by_tag) gives
/// them) as CSV: fields quoted where they need it, text sanitised (line breaks kept).
pub fn write(rows: &[Tagged<'_>], out: &mut dyn Write) -> io::Result<()> {
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(COLUMNS)?;
    for row in rows {
        let (article, item) = (row.passage.article, row.passage.item);
        let a = &item.annotation;
        let chars = row.passage.chars();
        let context = row.passage.context(CONTEXT_CHARS).map(|c| c.to_string()).unwrap_or_default();
        csv.write_record([
            sanitize_line(&article.rel.to_string_lossy()),
            sanitize_line(&article.title),
            article.date.map(|d| d.to_string()).unwrap_or_default(),
            row.tag.map(sanitize_line).unwrap_or_default(),
            sanitize(&a.anchor.quote),
            sanitize(&a.note),
            item.state.name().to_owned(),
            chars.as_ref().map(|r| r.start.to_string()).unwrap_or_default(),
            chars.as_ref().map(|r| r.end.to_string()).unwrap_or_default(),
            sanitize_line(&a.id),
            sanitize_line(&a.created),
            sanitize_line(&a.modified),
            context,
        ])?;
    }
    csv.flush()
}
