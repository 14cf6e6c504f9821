//! Tags: how typed tags are tidied, how they are coloured, and how the prompt
//! completes them from the tags already used in the corpus.

use std::collections::BTreeMap;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 64;

/// A tag as typed, tidied: trimmed, lower case, inner spaces as `-`, hierarchy
/// levels separated by a single `/`. `None` when nothing is left.
pub fn normalize(raw: &str) -> Option<String> {
    let clean = crate::text::sanitize_line(raw).to_lowercase();
    let levels: Vec<String> = clean
        .split('/')
        .map(|level| level.split_whitespace().collect::<Vec<_>>().join("-"))
        .map(|level| level.trim_matches('-').to_owned())
        .filter(|level| !level.is_empty())
        .collect();
    let tag: String = levels.join("/").chars().filter(|c| *c != ',' && *c != '"').take(MAX_TAG_CHARS).collect();
    (!tag.is_empty()).then_some(tag)
}

/// The tags in a comma-separated prompt entry, tidied, without repeats.
pub fn parse_list(input: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in input.split(',').filter_map(normalize) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// A colour slot for `tag`, stable across runs and machines: FNV-1a of its bytes.
pub fn colour_slot(tag: &str, slots: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in tag.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % slots.max(1) as u64) as usize
}

/// Completions for `query` among the tags used so far (`counts`: tag → how many
/// annotations carry it): fuzzy matches, best first, most used first among equals.
/// An empty query lists the most used tags. Tags in `exclude` are left out.
pub fn complete(
    counts: &BTreeMap<String, usize>,
    query: &str,
    exclude: &[String],
    limit: usize,
) -> Vec<(String, usize)> {
    let candidates = counts.iter().filter(|(t, _)| !exclude.contains(t));
    let mut scored: Vec<(u32, usize, &String)> = if query.trim().is_empty() {
        candidates.map(|(t, n)| (0, *n, t)).collect()
    } else {
        let pattern = Pattern::parse(query.trim(), CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let names: Vec<&String> = candidates.clone().map(|(t, _)| t).collect();
        pattern.match_list(names, &mut matcher).into_iter().map(|(t, score)| (score, counts[t], t)).collect()
    };
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    scored.into_iter().take(limit).map(|(_, n, t)| (t.clone(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_tidied() {
        assert_eq!(normalize("  Border Security "), Some("border-security".into()));
        assert_eq!(normalize("Security / Border"), Some("security/border".into()));
        assert_eq!(normalize("//a//b/"), Some("a/b".into()));
        assert_eq!(normalize("TTP"), Some("ttp".into()));
        assert_eq!(normalize("x\u{1b}[31my"), Some("xy".into()));
        assert_eq!(normalize("   "), None);
        assert_eq!(normalize(&"a".repeat(100)).unwrap().chars().count(), MAX_TAG_CHARS);
    }

    #[test]
    fn lists_split_on_commas_without_repeats() {
        assert_eq!(
            parse_list("ttp, Border Security,, ttp ,security/border"),
            ["ttp", "border-security", "security/border"]
        );
        assert!(parse_list(" , ").is_empty());
    }

    #[test]
    fn colours_are_stable() {
        assert_eq!(colour_slot("ttp", 12), colour_slot("ttp", 12));
        let slots: std::collections::HashSet<usize> =
            ["ttp", "border-security", "drone-strikes", "security/border", "finance"]
                .iter()
                .map(|t| colour_slot(t, 12))
                .collect();
        assert!(slots.len() >= 3, "tags spread over the palette");
        assert_eq!(colour_slot("ttp", 12), 3, "the same slot on every machine");
    }

    #[test]
    fn completion_ranks_fuzzy_matches_then_use() {
        let counts: BTreeMap<String, usize> =
            [("border-security", 5), ("security/border", 2), ("ttp", 9), ("drone-strikes", 1)]
                .into_iter()
                .map(|(t, n)| (t.into(), n))
                .collect();
        let top: Vec<String> = complete(&counts, "", &[], 2).into_iter().map(|(t, _)| t).collect();
        assert_eq!(top, ["ttp", "border-security"]);
        let border: Vec<String> = complete(&counts, "bord", &[], 5).into_iter().map(|(t, _)| t).collect();
        assert_eq!(border.len(), 2);
        assert!(border.contains(&"security/border".to_owned()));
        let skip = complete(&counts, "", &["ttp".into()], 1);
        assert_eq!(skip[0].0, "border-security");
        assert!(complete(&counts, "zzz", &[], 5).is_empty());
    }
}
