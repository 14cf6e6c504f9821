//! Character offsets of a text, looked up in constant time.
//!
//! Anchors count Unicode scalar values; the text is indexed by bytes. Finding many
//! passages in a long article converts between the two for each of them, so the
//! number of characters before every [`BLOCK`] bytes is counted once, and a lookup
//! counts at most one block.

/// Bytes counted together; a lookup reads at most this many.
const BLOCK: usize = 1024;

/// The characters of a text, indexed by blocks of bytes.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// `marks[b]`: characters starting before byte `b * BLOCK`.
    marks: Vec<usize>,
}

/// A byte starts a character unless it is a continuation byte (10xxxxxx).
fn starts(b: &u8) -> bool {
    (*b as i8) >= -0x40
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let mut marks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut seen = 0;
        for chunk in text.as_bytes().chunks(BLOCK) {
            marks.push(seen);
            // Counting a block at a time vectorises; one character at a time does not.
            seen += chunk.iter().filter(|b| starts(b)).count();
        }
        marks.push(seen);
        CharIndex { text, marks }
    }

    /// Characters in the whole text.
    pub fn total(&self) -> usize {
        *self.marks.last().unwrap_or(&0)
    }

    /// The character that byte `byte` starts (or the count of characters before it).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let block = byte / BLOCK;
        let from = block * BLOCK;
        self.marks[block] + self.text.as_bytes()[from..byte].iter().filter(|b| starts(b)).count()
    }

    /// Where character `n` starts (`text.len()` for `n` equal to the number of
    /// characters), or `None` past the end.
    pub fn byte_at(&self, n: usize) -> Option<usize> {
        if n > self.total() {
            return None;
        }
        // The last block that starts at or before character n.
        let block = self.marks.partition_point(|&m| m <= n).saturating_sub(1).min(self.marks.len().saturating_sub(2));
        let from = block * BLOCK;
        let mut seen = self.marks[block];
        for (i, b) in self.text.as_bytes()[from..].iter().enumerate() {
            if starts(b) {
                if seen == n {
                    return Some(from + i);
                }
                seen += 1;
            }
        }
        Some(self.text.len())
    }

    /// Byte range of characters `start..end`.
    pub fn bytes_of(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if end < start {
            return None;
        }
        Some(self.byte_at(start)?..self.byte_at(end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_agree_with_char_indices_both_ways() {
        for text in ["", "a", &"Zürich — talks 日本 ended. ".repeat(300), &"x".repeat(BLOCK * 3)] {
            let index = CharIndex::new(text);
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            assert_eq!(index.total(), starts.len() - 1);
            for (n, &byte) in starts.iter().enumerate() {
                assert_eq!(index.byte_at(n), Some(byte), "char {n}");
                assert_eq!(index.char_at(byte), n, "byte {byte}");
            }
            assert_eq!(index.byte_at(starts.len()), None);
        }
    }
}
