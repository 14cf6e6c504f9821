//! Sentences as news text writes them: the one sentence splitter of gloss.
//!
//! Sentences start as the Unicode sentence boundaries (UAX #29, from
//! unicode-segmentation), which already keep decimals and version numbers
//! (`3.5`, `v2.1.3`), dotted abbreviations before a lowercase word (`U.S. officials`),
//! ellipses before a lowercase word (`wait... then`) and a closing quote or bracket
//! with the sentence it closes (`He said "no." Then…` breaks after `no."`). A break
//! UAX #29 makes after a full stop is then taken back when the word before the stop
//! is an abbreviation that does not end a sentence there:
//!
//! - a title or a word that always leads into what follows (`Mr.`, `Dr.`, `Gen.`,
//!   `Lt. Col.`, `St.`, `vs.`, `approx.`, `e.g.`, `i.e.`…, see [`LEADS`]): never a
//!   break;
//! - a word that leads into a number (`No.`, `Vol.`, `Jan.`… `Dec.`, see
//!   [`NUMBERED`]): no break before a digit (`No. 10`, `Jan. 5`), a break before
//!   anything else (`No. Then…`, `in Jan. The…`);
//! - an abbreviation that can end a sentence (`etc.`, `Inc.`, `Corp.`, `Ltd.`, `Co.`,
//!   `Jr.`, and every dotted initialism: `U.S.`, `U.K.`, `U.N.`, `E.U.`, `D.C.`,
//!   `a.m.`…): no break before a lowercase word or a digit; before a capitalised word,
//!   a break, unless that word is one that continues a name after such an
//!   abbreviation (`U.S. Secretary`, `U.N. Security Council`, `Co. Ltd.`, `a.m.
//!   Tuesday`, see [`CONTINUES`]; never after `etc.`). So "…based in the U.S. The
//!   talks…" breaks, and "…met U.S. Secretary Blinken" does not;
//! - an initial, one capital letter (`J. K. Rowling`, `A. Q. Khan`): no break, unless
//!   the next word is one that starts sentences and never continues a name (`The`,
//!   `He`, `But`…, see [`STARTERS`]): "…known as Plan B. The plan…" breaks.
//!
//! A break is never taken back across a line break, and the abbreviations are matched
//! without regard to ASCII case (`MR.`, `u.s.`).
//!
//! Segmenting is linear in the text: each break is decided from a few dozen bytes
//! around it, and the one rule of UAX #29 that looks ahead without bound (a full stop
//! followed by a long run of spaces or closing marks, quadratic in
//! unicode-segmentation) is never given such a run: after a full stop, a run of more
//! than [`RUN`] characters that are neither letters nor digits nor line breaks ends
//! the sentence, which goes on to the end of the run.

use std::ops::Range;

use unicode_segmentation::{USentenceBoundIndices, UnicodeSegmentation};

/// Titles and words that always lead into the word after them.
pub const LEADS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Pvt",
    "Brig", "Adm", "Cmdr", "Cdr", "Sen", "Rep", "Gov", "Pres", "Supt", "Insp", "Rev", "Hon", "St", "Mt", "Ft", "vs",
    "approx", "e.g", "i.e", "cf", "viz",
];

/// Words that lead into a number: no break before a digit.
pub const NUMBERED: &[&str] = &[
    "No", "Nos", "Vol", "Vols", "Fig", "Figs", "pp", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec",
];

/// Abbreviations that can end a sentence, besides dotted initialisms (`U.S.`).
pub const FINAL: &[&str] = &["etc", "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "Bros", "Plc"];

/// Capitalised words that go on with a name after an abbreviation that can end a
/// sentence (`U.S. Secretary`, `Co. Ltd.`, `9 a.m. Tuesday`).
pub const CONTINUES: &[&str] = &[
    "President",
    "Vice",
    "Secretary",
    "Ambassador",
    "Embassy",
    "Consulate",
    "Consul",
    "Envoy",
    "Army",
    "Navy",
    "Air",
    "Marine",
    "Marines",
    "Military",
    "Forces",
    "Force",
    "Coast",
    "Guard",
    "Senate",
    "Senator",
    "Congress",
    "Congressman",
    "Congresswoman",
    "House",
    "Department",
    "State",
    "Treasury",
    "Defense",
    "Defence",
    "Government",
    "Administration",
    "Security",
    "Council",
    "General",
    "Assembly",
    "Special",
    "Central",
    "Federal",
    "Supreme",
    "Court",
    "Attorney",
    "Justice",
    "Commerce",
    "Trade",
    "Foreign",
    "Prime",
    "Minister",
    "Ministry",
    "Home",
    "Parliament",
    "Commission",
    "Commissioner",
    "High",
    "Human",
    "Representative",
    "Mission",
    "Peacekeeping",
    "Agency",
    "Office",
    "Command",
    "Intelligence",
    "Census",
    "Bureau",
    "Chief",
    "Chairman",
    "Chairwoman",
    "Director",
    "Board",
    "Ltd",
    "Limited",
    "Inc",
    "Corp",
    "LLC",
    "Plc",
    "PLC",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words that start sentences and never go on with a name: after an initial they
/// mean the sentence ended there.
pub const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "There",
    "Here",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "At",
    "In",
    "On",
    "For",
    "With",
    "By",
    "From",
    "To",
    "Of",
    "Since",
    "Although",
    "Though",
    "However",
    "Meanwhile",
    "Also",
    "Now",
    "Then",
    "Still",
    "Some",
    "Many",
    "Most",
    "Both",
    "All",
    "Each",
    "Every",
    "No",
    "Not",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Which",
    "Such",
    "Another",
    "Among",
    "During",
    "Under",
    "Despite",
    "Until",
    "Once",
    "Even",
    "Only",
    "Instead",
    "Thus",
    "Moreover",
    "Furthermore",
    "Yes",
    "Is",
    "Are",
    "Was",
    "Were",
    "Do",
    "Does",
    "Did",
    "Can",
    "Could",
    "Will",
    "Would",
    "Should",
    "Has",
    "Have",
    "Had",
];

/// After a full stop, a run of more characters than this that are neither letters
/// nor digits nor line breaks ends the sentence (see the module's documentation).
pub const RUN: usize = 32;

/// How far either side of a break a word is looked for: no abbreviation is longer.
const WORD_BYTES: usize = 32;

/// The sentences of `text` as [`sentence_bounds`] finds them, without the
/// whitespace around them, skipping those that are only whitespace: byte ranges of
/// `text`, in order.
pub fn sentence_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    sentence_bounds(text).filter_map(|(i, s)| {
        let trimmed = s.trim_end();
        let lead = trimmed.len() - trimmed.trim_start().len();
        (lead < trimmed.len()).then(|| i + lead..i + trimmed.len())
    })
}

/// The sentences of `text`: pieces that cover it, in order, each with its byte
/// offset and the whitespace that follows it, as
/// [`UnicodeSegmentation::split_sentence_bound_indices`] gives them but with the
/// breaks after abbreviations, titles and initials taken back (see the module's
/// documentation). Lazy and linear in the text.
pub fn sentence_bounds(text: &str) -> SentenceBounds<'_> {
    SentenceBounds { text, pieces: Pieces::new(text), pending: None }
}

/// The iterator [`sentence_bounds`] returns.
#[derive(Clone)]
pub struct SentenceBounds<'a> {
    text: &'a str,
    pieces: Pieces<'a>,
    /// A piece read to decide the break before it, not yet given.
    pending: Option<Range<usize>>,
}

impl<'a> Iterator for SentenceBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let mut sentence = self.pending.take().or_else(|| self.pieces.next())?;
        for next in self.pieces.by_ref() {
            if joins(self.text, sentence.start, next.start) {
                sentence.end = next.end;
            } else {
                self.pending = Some(next);
                break;
            }
        }
        Some((sentence.start, &self.text[sentence]))
    }
}

impl std::iter::FusedIterator for SentenceBounds<'_> {}

/// Whether the break UAX #29 makes at `at` (after a piece starting at `from`) is
/// wrong, because the word before it is an abbreviation that does not end the
/// sentence there.
fn joins(text: &str, from: usize, at: usize) -> bool {
    let lo = super::floor_boundary(text, at.saturating_sub(WORD_BYTES + 8)).max(from);
    let before = &text[lo..at];
    let word_end = before.trim_end();
    let gap = &before[word_end.len()..];
    // Only across spaces: never across a line break, and "Mr.Khan" was not broken.
    if gap.is_empty() || gap.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return false;
    }
    let Some(word) = word_end.strip_suffix('.') else {
        return false;
    };
    // The word before the stop, without opening quotes or brackets: from the last
    // space, which must be near (or the start of the piece).
    let word = match word.rfind(char::is_whitespace) {
        Some(space) => &word[space + 1..],
        None if lo == from => word,
        None => return false,
    };
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() || word.len() > WORD_BYTES {
        return false;
    }
    let next = Next::at(text, at);
    let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    if is(LEADS) || word == "v" {
        true
    } else if is(NUMBERED) {
        next.digit
    } else if word.eq_ignore_ascii_case("etc") {
        next.digit || next.lower
    } else if is(FINAL) || is_initialism(word) {
        next.digit || next.lower || CONTINUES.contains(&next.word)
    } else if is_initial(word) {
        // Another initial follows, or anything but a word that starts sentences.
        next.initial || !STARTERS.contains(&next.word)
    } else {
        false
    }
}

/// One capital letter: an initial.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Single letters joined by full stops (the last one is outside `word`): `U.S`,
/// `U.A.E`, `a.m`.
fn is_initialism(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let mut chars = part.chars();
        if !(chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// The start of the text after a break.
struct Next<'a> {
    /// Its first word's letters (after any opening quote or bracket).
    word: &'a str,
    digit: bool,
    lower: bool,
    /// The word is one letter followed by a full stop.
    initial: bool,
}

impl<'a> Next<'a> {
    fn at(text: &'a str, at: usize) -> Next<'a> {
        let near = &text[at..super::floor_boundary(text, at + WORD_BYTES + 8)];
        let near = near.trim_start_matches(['"', '\'', '(', '[', '“', '‘', '«']);
        let letters = near.find(|c: char| !c.is_alphabetic()).unwrap_or(near.len());
        let word = &near[..letters];
        let first = near.chars().next();
        Next {
            word,
            digit: first.is_some_and(|c| c.is_ascii_digit()),
            lower: first.is_some_and(char::is_lowercase),
            initial: word.chars().count() == 1 && near[letters..].starts_with('.'),
        }
    }
}

/// UAX #29 sentence pieces of the whole text, as byte ranges, kept linear: the text
/// is segmented in chunks that end inside a long run after a full stop, and such a
/// run is one piece with what precedes it.
#[derive(Clone)]
struct Pieces<'a> {
    text: &'a str,
    /// Where the chunk being segmented starts.
    base: usize,
    segments: USentenceBoundIndices<'a>,
    /// Where the chunk ends, and where the run it ends in ends (the same when the
    /// chunk ends the text).
    cut: usize,
    run_end: usize,
}

impl<'a> Pieces<'a> {
    fn new(text: &'a str) -> Pieces<'a> {
        let mut pieces = Pieces { text, base: 0, segments: "".split_sentence_bound_indices(), cut: 0, run_end: 0 };
        pieces.chunk(0);
        pieces
    }

    /// Start segmenting at `from`, up to the next long run.
    fn chunk(&mut self, from: usize) {
        let (cut, run_end) = long_run(self.text, from).unwrap_or((self.text.len(), self.text.len()));
        self.base = from;
        self.cut = cut;
        self.run_end = run_end;
        self.segments = self.text[from..cut].split_sentence_bound_indices();
    }
}

impl Iterator for Pieces<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let (i, s) = self.segments.next()?;
        let piece = self.base + i..self.base + i + s.len();
        if piece.end == self.cut && self.run_end > self.cut {
            // The chunk ends inside a run: the piece goes on to its end, and the
            // next chunk starts there.
            let end = self.run_end;
            self.chunk(end);
            return Some(piece.start..end);
        }
        Some(piece)
    }
}

/// The first full stop at or after `from` followed by more than [`RUN`] characters
/// that are neither letters, digits, terminators nor line breaks: where a chunk
/// ending inside that run should end (after [`RUN`] of them), and where the run ends.
fn long_run(text: &str, from: usize) -> Option<(usize, usize)> {
    let in_run = |c: char| {
        !c.is_alphanumeric()
            && !matches!(c, '.' | '\u{2024}' | '\u{fe52}' | '\u{ff0e}' | '!' | '?')
            && !matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
    };
    let mut chars = text[from..].char_indices().map(|(i, c)| (from + i, c)).peekable();
    while let Some((_, c)) = chars.next() {
        if !matches!(c, '.' | '\u{2024}' | '\u{fe52}' | '\u{ff0e}') {
            continue;
        }
        let mut count = 0;
        let mut cut = None;
        while let Some(&(i, c)) = chars.peek() {
            if !in_run(c) {
                break;
            }
            if count == RUN {
                cut = Some(i);
            }
            count += 1;
            chars.next();
        }
        if let Some(cut) = cut {
            let end = chars.peek().map_or(text.len(), |&(i, _)| i);
            return Some((cut, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentence_ranges(text).map(|r| &text[r]).collect()
    }

    /// The first sentence of `text`, the one `v` would select.
    fn first(text: &str) -> &str {
        split(text)[0]
    }

    #[test]
    fn the_example_from_the_news() {
        assert_eq!(
            split("Mr. Khan met U.S. officials on Jan. 5 in Islamabad. The talks went on."),
            ["Mr. Khan met U.S. officials on Jan. 5 in Islamabad.", "The talks went on."]
        );
    }

    #[test]
    fn titles_never_end_a_sentence() {
        for title in [
            "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Lt.", "Col.", "Lt. Col.", "Maj.", "Capt.", "Sgt.", "Sen.",
            "Rep.", "Gov.", "Pres.", "St.", "Mt.",
        ] {
            let text = format!("They met {title} Ahmed at noon. He left.");
            assert_eq!(split(&text), [format!("They met {title} Ahmed at noon.").as_str(), "He left."], "{title}");
        }
        assert_eq!(first("MR. KHAN SPOKE. THEN HE LEFT."), "MR. KHAN SPOKE.", "any case");
        assert_eq!(
            first("It was Pakistan vs. India in the final. Crowds came."),
            "It was Pakistan vs. India in the final."
        );
        assert_eq!(first("Roe v. Wade was cited. It mattered."), "Roe v. Wade was cited.");
        assert_eq!(first("It costs approx. 300 rupees. That is cheap."), "It costs approx. 300 rupees.");
    }

    #[test]
    fn numbers_after_no_vol_and_months() {
        assert_eq!(first("He lives at No. 10 Downing Street. It is old."), "He lives at No. 10 Downing Street.");
        assert_eq!(first("See Nos. 3 and 4 today. Done."), "See Nos. 3 and 4 today.");
        assert_eq!(first("It ran in Vol. 3 of the review. Read it."), "It ran in Vol. 3 of the review.");
        for month in ["Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."] {
            let text = format!("Talks began on {month} 5 in Islamabad. They ended.");
            assert_eq!(first(&text), format!("Talks began on {month} 5 in Islamabad."), "{month}");
        }
        // Not before a word: "No." answers, and a month can end a sentence.
        assert_eq!(split("Did it work? No. Then they tried again."), ["Did it work?", "No.", "Then they tried again."]);
        assert_eq!(first("It was in Jan. The next month it snowed."), "It was in Jan.");
    }

    #[test]
    fn latin_abbreviations() {
        assert_eq!(first("Some fruit, e.g. Apples, keeps. Pears do not."), "Some fruit, e.g. Apples, keeps.");
        assert_eq!(first("It is small, i.e. 5 grams. End."), "It is small, i.e. 5 grams.");
        assert_eq!(first("Bring pens, paper, etc. and a bag. Then go."), "Bring pens, paper, etc. and a bag.");
        assert_eq!(first("Count to ten, etc. 5 times over. Then rest."), "Count to ten, etc. 5 times over.");
        assert_eq!(split("Bring pens, paper, etc. The bus leaves."), ["Bring pens, paper, etc.", "The bus leaves."]);
    }

    #[test]
    fn companies() {
        for suffix in ["Inc.", "Corp.", "Ltd.", "Co."] {
            let text = format!("Acme {suffix} said so. Others did not.");
            assert_eq!(first(&text), format!("Acme {suffix} said so."), "{suffix}");
            let text = format!("He works for Acme {suffix} The firm is small.");
            assert_eq!(split(&text), [format!("He works for Acme {suffix}").as_str(), "The firm is small."]);
        }
        assert_eq!(
            first("Samsung Electronics Co. Ltd. filed suit. It lost."),
            "Samsung Electronics Co. Ltd. filed suit."
        );
        assert_eq!(
            first("Acme Inc. Chief Executive Jane Doe quit. Shares fell."),
            "Acme Inc. Chief Executive Jane Doe quit."
        );
    }

    #[test]
    fn initialisms_end_a_sentence_before_a_new_one() {
        for abbr in ["U.S.", "U.K.", "U.N.", "E.U."] {
            let text = format!("The firm is based in the {abbr} The talks ended.");
            assert_eq!(split(&text), [format!("The firm is based in the {abbr}").as_str(), "The talks ended."]);
            let text = format!("They met {abbr} officials today. Talks ended.");
            assert_eq!(first(&text), format!("They met {abbr} officials today."), "{abbr}");
        }
        assert_eq!(first("He met U.S. Secretary Blinken. They spoke."), "He met U.S. Secretary Blinken.");
        assert_eq!(first("The U.N. Security Council met. It voted."), "The U.N. Security Council met.");
        assert_eq!(first("It opens at 9 a.m. Tuesday in Lahore. Come."), "It opens at 9 a.m. Tuesday in Lahore.");
        assert_eq!(
            split("Talks are held in the U.S. Pakistan agreed."),
            ["Talks are held in the U.S.", "Pakistan agreed."]
        );
    }

    #[test]
    fn initials_are_not_sentence_ends() {
        assert_eq!(split("J. K. Rowling wrote it. Then she left."), ["J. K. Rowling wrote it.", "Then she left."]);
        assert_eq!(
            split("A. Q. Khan denied it. Nobody believed him."),
            ["A. Q. Khan denied it.", "Nobody believed him."]
        );
        assert_eq!(first("The scientist A. Q. Khan spoke. He left."), "The scientist A. Q. Khan spoke.");
        // A capital letter ending a sentence, before a word that starts one.
        assert_eq!(split("They chose Plan B. The plan worked."), ["They chose Plan B.", "The plan worked."]);
        assert_eq!(first("Gen. A. Q. Khan spoke. He left."), "Gen. A. Q. Khan spoke.");
    }

    #[test]
    fn numbers_ellipses_and_quotes_as_uax29_has_them() {
        assert_eq!(
            split("Growth was 3.5 per cent in v2.1.3 of the plan. Next came more."),
            ["Growth was 3.5 per cent in v2.1.3 of the plan.", "Next came more."]
        );
        assert_eq!(
            split("We waited... then it rained. Then it stopped."),
            ["We waited... then it rained.", "Then it stopped."]
        );
        assert_eq!(split("He said \"no.\" Then he left."), ["He said \"no.\"", "Then he left."]);
        assert_eq!(split("He said (no.) Then he left."), ["He said (no.)", "Then he left."]);
        assert_eq!(split("He said “no.” Then he left."), ["He said “no.”", "Then he left."]);
        assert_eq!(split("Ask Mr. (Khan) first."), ["Ask Mr. (Khan) first."]);
    }

    #[test]
    fn ordinary_sentences_still_break() {
        assert_eq!(split("One. Two! Three? Four."), ["One.", "Two!", "Three?", "Four."]);
        assert_eq!(split("It ended. The end."), ["It ended.", "The end."]);
        assert_eq!(split("前文。次の文。"), ["前文。", "次の文。"]);
        // Never joined across a line break.
        assert_eq!(split("Talks with Mr.\nKhan"), ["Talks with Mr.", "Khan"]);
    }

    #[test]
    fn pieces_cover_the_text() {
        for text in ["", " ", "Mr. Khan. U.S. The end.  ", "a.b. c", "\n\nMr. X\n", "é. Ç. Å. b"] {
            let pieces: Vec<(usize, &str)> = sentence_bounds(text).collect();
            let mut at = 0;
            for (i, s) in &pieces {
                assert_eq!(*i, at, "{text:?}: {pieces:?}");
                at += s.len();
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for text in ["Mr.", ".", ". . .", "Mr. ", "U.S.", "e.g. ", "\u{2024} X", "A.", "Ω. Ω. ω", "..\u{301}. ok"] {
            let _ = split(text);
            let _ = split(&text.repeat(3));
        }
        let long_word = format!("{}. The end.", "x".repeat(100));
        assert_eq!(split(&long_word).len(), 2);
    }

    #[test]
    fn a_long_run_after_a_full_stop_ends_the_sentence() {
        let text = format!("It ended.{} and then. More.", ")".repeat(1000));
        let s = split(&text);
        assert_eq!(s[0], format!("It ended.{}", ")".repeat(1000)));
        assert_eq!(&s[1..], ["and then.", "More."]);
        // Short runs are UAX #29's business.
        assert_eq!(split("It ended.)) and then. More."), ["It ended.)) and then.", "More."]);
    }

    #[test]
    fn linear_on_huge_texts() {
        // 20 MB with no break, and 20 MB of runs that make UAX #29 quadratic.
        let text = "lorem ipsum ".repeat(20 * 1024 * 1024 / 12);
        assert_eq!(sentence_bounds(&text).count(), 1);
        let hostile = format!("x.{}y", " ".repeat(20 * 1024 * 1024));
        assert_eq!(sentence_bounds(&hostile).count(), 2);
        let hostile = format!("x.{}y", ")".repeat(RUN)).repeat(100_000);
        assert!(sentence_bounds(&hostile).count() >= 1);
    }
}
