//! Re-anchoring never attaches an annotation to the wrong text. Over the sample
//! corpus's own sentences, three kinds of hard edits, each checked as "the right
//! place, or an orphan, or ambiguous: never elsewhere":
//!
//! - a short quote gets a typo while a phrase one edit away from it appears elsewhere;
//! - a sentence is rewritten or deleted while a variant of it (a word or two changed)
//!   appears elsewhere;
//! - the paragraph holding the passage is copied elsewhere word for word.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use gloss::annotate::{Anchor, AnchorState, Resolution, reanchor, record, resolve};
use gloss::corpus::{self, Format};
use proptest::prelude::*;

/// The paragraphs of the sample corpus's reading texts, each with its sentences
/// (byte ranges within the paragraph).
fn paragraphs() -> &'static [(String, Vec<Range<usize>>)] {
    static PARAGRAPHS: OnceLock<Vec<(String, Vec<Range<usize>>)>> = OnceLock::new();
    PARAGRAPHS.get_or_init(|| {
        let mut out = Vec::new();
        for (name, bytes) in corpus::sample::FILES {
            let format = Format::from_path(Path::new(name)).unwrap_or(Format::Text);
            let article = corpus::parse(bytes, format, name);
            for block in &article.blocks {
                let text = article.block_text(block).to_owned();
                let sentences: Vec<Range<usize>> = gloss::text::sentence_ranges(&text)
                    .filter(|r| r.len() >= 40 && text[r.clone()].is_ascii())
                    .collect();
                if sentences.len() >= 2 {
                    out.push((text, sentences));
                }
            }
        }
        assert!(out.len() > 20, "the sample corpus has paragraphs to work with");
        out
    })
}

/// A document of `n` paragraphs of the sample, starting at paragraph `first`.
fn document(first: usize, n: usize) -> Vec<String> {
    let all = paragraphs();
    (0..n).map(|i| all[(first + i) % all.len()].0.clone()).collect()
}

fn join(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n")
}

/// Byte offset of paragraph `i` in the joined document.
fn offset_of(paragraphs: &[String], i: usize) -> usize {
    paragraphs[..i].iter().map(|p| p.len() + 2).sum()
}

/// Change the letter at character `at` of `s` to another letter.
fn typo(s: &str, at: usize) -> String {
    s.char_indices()
        .map(
            |(i, c)| {
                if s[..i].chars().count() == at && c.is_ascii_alphabetic() {
                    if c == 'q' { 'x' } else { 'q' }
                } else {
                    c
                }
            },
        )
        .collect()
}

/// The letters of `s` (character offsets) that a typo may change: inside words,
/// not their first letter.
fn inner_letters(s: &str) -> Vec<usize> {
    let chars: Vec<char> = s.chars().collect();
    (1..chars.len()).filter(|&i| chars[i].is_ascii_alphabetic() && chars[i - 1].is_ascii_alphabetic()).collect()
}

/// What re-anchoring may do: find the passage at `right` (overlapping it), or give
/// up. Anything else is a wrong attachment.
fn never_elsewhere(
    found: &Resolution,
    right: Option<&Range<usize>>,
    text: &str,
    anchor: &Anchor,
) -> Result<(), String> {
    match (&found.state, &found.range, right) {
        (AnchorState::Orphan, None, _) => Ok(()),
        (AnchorState::Ambiguous, None, _) => Ok(()),
        (_, Some(got), Some(want)) if got.start < want.end && want.start < got.end => Ok(()),
        (state, got, _) => Err(format!(
            "{state:?} at {got:?} ({:?}) for {:?}, expected {right:?}",
            got.clone().map(|g| &text[g]),
            anchor.quote
        )),
    }
}

proptest! {

    /// A 3–5-word quote gets a two-letter typo while the same phrase with one letter
    /// changed appears in another paragraph.
    #[test]
    fn a_short_quote_with_a_near_decoy_is_never_the_decoy(
        first in 0..1000usize,
        n in 3..7usize,
        which in 0..100usize,
        words in 3..6usize,
        skip in 0..6usize,
        typos in (0..100usize, 0..100usize),
        decoy_letter in 0..100usize,
        decoy_at in 0..100usize,
    ) {
        let mut doc = document(first, n);
        let p = which % n;
        let (para, sentences) = paragraphs().iter().find(|(t, _)| *t == doc[p]).unwrap();
        let sentence = &para[sentences[0].clone()];
        // The quote: `words` words from word `skip` of the first sentence.
        let spans: Vec<(usize, &str)> = sentence.split_word_bound_indices_words();
        prop_assume!(spans.len() >= words);
        let from = skip % (spans.len() - words + 1);
        let (qs, _) = spans[from];
        let (ls, lw) = spans[from + words - 1];
        let quote_range = sentences[0].start + qs..sentences[0].start + ls + lw.len();
        let quote = para[quote_range.clone()].to_owned();
        prop_assume!(quote.chars().count() >= 12);
        let before = join(&doc);
        let start = offset_of(&doc, p) + quote_range.start;
        let anchor = record(&before, start..start + quote.len(), "blake3:before");
        // Two letters of the quote change where it is...
        let letters = inner_letters(&quote);
        prop_assume!(letters.len() >= 2);
        // Two different letters.
        let first_typo = typos.0 % letters.len();
        let (a, b) = (letters[first_typo], letters[(first_typo + 1 + typos.1 % (letters.len() - 1)) % letters.len()]);
        let typoed = typo(&typo(&quote, a), b);
        doc[p] = format!("{}{typoed}{}", &para[..quote_range.start], &para[quote_range.end..]);
        // ...and a phrase one letter away from it goes into another paragraph.
        let decoy = typo(&quote, letters[decoy_letter % letters.len()]);
        prop_assume!(decoy != typoed);
        let other = (p + 1 + decoy_at % (n - 1)) % n;
        doc[other] = format!("{} Witnesses said {decoy} again.", doc[other]);
        let after = join(&doc);
        let right = offset_of(&doc, p) + quote_range.start;
        let right = right..right + typoed.len();
        let found = resolve(&after, &anchor);
        never_elsewhere(&found, Some(&right), &after, &anchor).map_err(TestCaseError::fail)?;
        // Two letters in twenty or more is at most a tenth changed: it must be found.
        if quote.chars().count() >= 20 {
            prop_assert!(found.range.is_some(), "{:?} lost: {:?}", quote, found);
        }
    }

    /// A sentence is rewritten by about a third, or deleted, while a variant of the
    /// old sentence (a word or two changed) appears in another paragraph.
    #[test]
    fn a_variant_elsewhere_is_never_taken_for_a_rewritten_or_deleted_passage(
        first in 0..1000usize,
        n in 3..7usize,
        which in 0..100usize,
        sentence_at in 0..100usize,
        variant_words in prop::collection::vec(0..100usize, 1..3),
        rewritten in prop::collection::vec(0..100usize, 3..8),
        delete in any::<bool>(),
        variant_at in 0..100usize,
    ) {
        let mut doc = document(first, n);
        let p = which % n;
        let (para, sentences) = paragraphs().iter().find(|(t, _)| *t == doc[p]).unwrap();
        let range = sentences[sentence_at % sentences.len()].clone();
        let sentence = para[range.clone()].to_owned();
        let before = join(&doc);
        let start = offset_of(&doc, p) + range.start;
        let anchor = record(&before, start..start + sentence.len(), "blake3:before");
        let words: Vec<&str> = sentence.split(' ').collect();
        prop_assume!(words.len() >= 6);
        let replace = |picks: &[usize], with: &str| -> String {
            let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            for &i in picks {
                let i = 1 + i % (words.len() - 1);
                out[i] = with.to_owned();
            }
            out.join(" ")
        };
        let variant = replace(&variant_words, "reportedly");
        prop_assume!(variant != sentence);
        let new_sentence = if delete {
            String::new()
        } else {
            // A third of the words or more, replaced.
            let count = (words.len() as f64 * 0.35).ceil() as usize;
            let picks: Vec<usize> = (0..count).map(|j| rewritten[j % rewritten.len()] + j).collect();
            replace(&picks, "meanwhile")
        };
        doc[p] = format!("{}{new_sentence}{}", &para[..range.start], &para[range.end..]);
        // Into the middle of another paragraph, after its first sentence, so that
        // none of the passage's own surroundings come with it.
        let other = (p + 1 + variant_at % (n - 1)) % n;
        let (other_text, other_sentences) = paragraphs().iter().find(|(t, _)| *t == doc[other]).unwrap();
        let cut = other_sentences[0].end;
        doc[other] = format!("{} {variant}{}", &other_text[..cut], &other_text[cut..]);
        let after = join(&doc);
        let right = offset_of(&doc, p) + range.start;
        let right = (!delete).then(|| right..right + new_sentence.len());
        let found = resolve(&after, &anchor);
        never_elsewhere(&found, right.as_ref(), &after, &anchor).map_err(TestCaseError::fail)?;
    }

    /// The paragraph holding the passage is copied, word for word, before or after
    /// it: the passage stays where it was, or is ambiguous with both places.
    #[test]
    fn a_copied_paragraph_is_never_mistaken_for_the_passage(
        first in 0..1000usize,
        n in 2..6usize,
        which in 0..100usize,
        sentence_at in 0..100usize,
        copy_to in 0..100usize,
    ) {
        let mut doc = document(first, n);
        let p = which % n;
        let (para, sentences) = paragraphs().iter().find(|(t, _)| *t == doc[p]).unwrap();
        let range = sentences[sentence_at % sentences.len()].clone();
        let before = join(&doc);
        let start = offset_of(&doc, p) + range.start;
        let anchor = record(&before, start..start + range.len(), "blake3:before");
        let to = copy_to % (n + 1);
        doc.insert(to, para.clone());
        let original = if to <= p { p + 1 } else { p };
        let after = join(&doc);
        let right = offset_of(&doc, original) + range.start;
        let right = right..right + range.len();
        let found = resolve(&after, &anchor);
        never_elsewhere(&found, Some(&right), &after, &anchor).map_err(TestCaseError::fail)?;
        if found.state == AnchorState::Ambiguous {
            prop_assert!(found.places.contains(&right), "{:?} does not offer the original", found.places);
        }
        prop_assert!(found.state != AnchorState::Orphan, "a passage still there word for word is not lost");
    }
}

/// Word-like segments of a string, with their byte offsets.
trait Words {
    fn split_word_bound_indices_words(&self) -> Vec<(usize, &str)>;
}

impl Words for str {
    fn split_word_bound_indices_words(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut at = 0;
        for w in self.split(' ') {
            if w.chars().all(|c| c.is_ascii_alphanumeric()) && !w.is_empty() {
                out.push((at, w));
            }
            at += w.len() + 1;
        }
        out
    }
}

#[test]
fn a_paragraph_copied_with_its_context_is_ambiguous_with_both_places() {
    let para = "Patrols along the frontier doubled in the spring. Officials credited the new cameras.";
    let other = "Trade at the crossing slowed for a week.";
    let before = format!("{other}\n\n{para}");
    let quote = "Officials credited the new cameras.";
    let at = before.find(quote).unwrap();
    let anchor = record(&before, at..at + quote.len(), "blake3:before");
    // The same paragraph, with the same words around the passage, goes in twice.
    let after = format!("{other}\n\n{para}\n\n{para}");
    let found = resolve(&after, &anchor);
    assert_eq!(found.state, AnchorState::Ambiguous, "{found:?}");
    let places: Vec<usize> = after.match_indices(quote).map(|(i, _)| i).collect();
    assert_eq!(found.places, places.iter().map(|&i| i..i + quote.len()).collect::<Vec<_>>());
}

#[test]
fn a_deleted_sentence_is_not_found_mid_word_in_a_similar_one() {
    let kept = "The night has been quiet along the border since the new posts opened.";
    let gone = "The fight has been quiet along the border since the new posts opened.";
    let before = format!("Opening words.\n\n{gone}\n\nLater words about something else entirely.\n\n{kept}");
    let at = before.find(gone).unwrap();
    let anchor = record(&before, at..at + gone.len(), "blake3:before");
    let after = before.replace(&format!("{gone}\n\n"), "");
    let found = resolve(&after, &anchor);
    if let Some(range) = &found.range {
        let (s, e) = (range.start, range.end);
        assert!(s == 0 || !after[..s].ends_with(char::is_alphanumeric), "starts mid-word: {:?}", &after[s..e]);
        assert!(!after[e..].starts_with(char::is_alphanumeric), "ends mid-word: {:?}", &after[s..e]);
    }
    // Its context is gone with it: the similar sentence elsewhere is not it.
    assert_eq!(found.state, AnchorState::Orphan, "{found:?}");
}

#[test]
fn in_the_file_it_was_recorded_in_a_passage_is_where_it_was_whatever_else_repeats_it() {
    let para = "Patrols along the frontier doubled in the spring. Officials credited the new cameras.";
    let text = format!("Trade at the crossing slowed.\n\n{para}\n\n{para}");
    let quote = "Officials credited the new cameras.";
    let at = text.rfind(quote).unwrap();
    let anchor = record(&text, at..at + quote.len(), "blake3:this-file");
    // The same file: the recorded place is the passage.
    let (found, _) = reanchor(&text, "blake3:this-file", &anchor);
    assert_eq!(found.state, AnchorState::Exact, "{found:?}");
    assert_eq!(found.range, Some(at..at + quote.len()));
    // Another file with the same words: the two places cannot be told apart.
    let (found, _) = reanchor(&text, "blake3:another-file", &anchor);
    assert_eq!(found.state, AnchorState::Ambiguous, "{found:?}");
}
