//! Properties of re-anchoring, over random documents and random edits: edits away
//! from a passage keep it found word for word at the right place; small edits inside
//! it find it approximately; deleting it leaves an orphan, never a wrong passage.

use gloss::annotate::{AnchorState, record, resolve};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "the",
    "border",
    "talks",
    "officials",
    "said",
    "on",
    "Tuesday",
    "fence",
    "security",
    "group",
    "militant",
    "province",
    "training",
    "police",
    "drones",
    "strikes",
    "a",
    "of",
    "and",
    "in",
    "new",
    "agreement",
    "minister",
    "region",
    "forces",
    "attack",
    "funding",
    "programme",
    "report",
    "court",
    "judges",
    "evidence",
    "cameras",
    "patrols",
    "crossing",
    "trade",
    "smuggling",
    "leaders",
    "analysts",
    "cooperation",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(0..WORDS.len(), 4..14).prop_map(|ws| {
        let mut s: Vec<String> = ws.iter().map(|&i| WORDS[i].to_owned()).collect();
        let mut first = s[0].chars();
        s[0] = first.next().map(|c| c.to_uppercase().collect::<String>() + first.as_str()).unwrap_or_default();
        format!("{}.", s.join(" "))
    })
}

fn prose(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 0..max).prop_map(|ss| ss.join(" "))
}

/// A passage that occurs nowhere else: ordinary words around a made-up name.
fn passage() -> impl Strategy<Value = String> {
    (sentence(), "[A-Z][bcdfghjklmnpqrstvwxz]{5,8}", sentence())
        .prop_map(|(a, name, b)| format!("{} {name} {}", a.trim_end_matches('.'), b.to_lowercase()))
}

/// A document: prose, the passage, prose. Returns it and the passage's byte range.
fn document() -> impl Strategy<Value = (String, std::ops::Range<usize>)> {
    (prose(12), passage(), prose(12)).prop_map(|(before, p, after)| {
        let mut text = before;
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&p);
        let end = text.len();
        if !after.is_empty() {
            text.push(' ');
            text.push_str(&after);
        }
        (text, start..end)
    })
}

/// An edit: at a fraction of the way through a region, delete up to `del` bytes and
/// insert `ins`.
#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    del: usize,
    ins: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    (0.0..1.0f64, 0..40usize, prose(2)).prop_map(|(at, del, ins)| Edit { at, del, ins })
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Apply `edit` within `region` of `text` (never touching `keep`); return the new
/// text and where `keep` went.
fn apply_outside(text: &str, keep: &std::ops::Range<usize>, edit: &Edit) -> (String, std::ops::Range<usize>) {
    let before_len = keep.start;
    let after_len = text.len() - keep.end;
    let total = before_len + after_len;
    if total == 0 {
        return (text.to_owned(), keep.clone());
    }
    let point = (edit.at * total as f64) as usize;
    if point < before_len {
        let at = floor_boundary(text, point);
        let del_end = floor_boundary(text, (at + edit.del).min(keep.start));
        let new = format!("{}{}{}", &text[..at], edit.ins, &text[del_end..]);
        let shift = edit.ins.len() as isize - (del_end - at) as isize;
        let moved = (keep.start as isize + shift) as usize..(keep.end as isize + shift) as usize;
        (new, moved)
    } else {
        let at = floor_boundary(text, keep.end + (point - before_len));
        let del_end = floor_boundary(text, (at + edit.del).min(text.len()));
        (format!("{}{}{}", &text[..at], edit.ins, &text[del_end..]), keep.clone())
    }
}

/// Whether a word runs into either end of `range` of `text` (letters or digits on
/// both sides of the edge).
fn glued(text: &str, range: &std::ops::Range<usize>) -> bool {
    let wordy = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let inner = &text[range.clone()];
    (wordy(text[..range.start].chars().next_back()) && wordy(inner.chars().next()))
        || (wordy(inner.chars().next_back()) && wordy(text[range.end..].chars().next()))
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=20000 for a longer search.
    #[test]
    fn edits_away_from_the_passage_keep_it(doc in document(), edits in prop::collection::vec(edit(), 1..6)) {
        let (text, range) = doc;
        let anchor = record(&text, range.clone(), "blake3:before");
        let (mut now, mut at) = (text.clone(), range.clone());
        for e in &edits {
            (now, at) = apply_outside(&now, &at, e);
        }
        let found = resolve(&now, &anchor);
        prop_assert_eq!(&now[at.clone()], anchor.quote.as_str());
        if glued(&now, &at) {
            // A word now runs into the passage: it is no longer there as whole words,
            // and is found approximately, on word boundaries, around where it was.
            prop_assert!(matches!(found.state, AnchorState::Fuzzy | AnchorState::Orphan), "{:?}", found.state);
            if let Some(got) = found.range {
                prop_assert!(got.start < at.end && at.start < got.end, "found {:?} for {:?}", got, at);
            }
        } else {
            prop_assert!(matches!(found.state, AnchorState::Exact | AnchorState::Moved), "{:?}", found.state);
            prop_assert_eq!(found.range, Some(at.clone()));
        }
    }

    #[test]
    fn small_edits_inside_are_found_approximately(
        doc in document(),
        edits in prop::collection::vec((0.0..1.0f64, 0..3u8, "[a-z]"), 1..4),
    ) {
        let (text, range) = doc;
        let anchor = record(&text, range.clone(), "blake3:before");
        prop_assume!(anchor.quote.chars().count() >= 40);
        let mut passage: Vec<char> = text[range.clone()].chars().collect();
        for (at, kind, c) in &edits {
            let i = ((*at * passage.len() as f64) as usize).min(passage.len() - 1);
            let c = c.chars().next().unwrap();
            match kind {
                0 => passage[i] = if passage[i] == c { '#' } else { c },
                1 => passage.insert(i, c),
                _ => { passage.remove(i); }
            }
        }
        let edited: String = passage.into_iter().collect();
        let now = format!("{}{}{}", &text[..range.start], edited, &text[range.end..]);
        let new_range = range.start..range.start + edited.len();
        let found = resolve(&now, &anchor);
        let whole = edited.match_indices(&anchor.quote).any(|(i, q)| {
            let at = range.start + i;
            !glued(&now, &(at..at + q.len()))
        });
        if whole {
            // An edit at the very edge left the quote whole: found word for word.
            prop_assert!(matches!(found.state, AnchorState::Exact | AnchorState::Moved), "{:?}", found.state);
            prop_assert_eq!(&now[found.range.unwrap()], anchor.quote.as_str());
        } else {
            prop_assert_eq!(found.state, AnchorState::Fuzzy);
            let got = found.range.unwrap();
            // The match is the edited passage, give or take a few characters.
            let overlap = got.end.min(new_range.end).saturating_sub(got.start.max(new_range.start));
            prop_assert!(overlap * 10 >= new_range.len() * 8, "found {:?} for {:?}", got, new_range);
        }
    }

    #[test]
    fn a_deleted_passage_is_an_orphan(doc in document(), extra_before in 0..30usize, extra_after in 0..30usize) {
        let (text, range) = doc;
        let anchor = record(&text, range.clone(), "blake3:before");
        let start = floor_boundary(&text, range.start.saturating_sub(extra_before));
        let end = floor_boundary(&text, (range.end + extra_after).min(text.len()));
        let now = format!("{}{}", &text[..start], &text[end..]);
        let found = resolve(&now, &anchor);
        prop_assert_eq!(found.state, AnchorState::Orphan, "matched {:?}", found.range.map(|r| now[r].to_owned()));
        prop_assert_eq!(found.range, None);
    }
}
