//! Tags as a tree: `/` separates the levels of a tag (`groups/ttp` is under
//! `groups`), and each node counts the passages and the articles that carry it or
//! any tag below it.

use std::collections::{BTreeMap, BTreeSet};

/// The levels of a tag, empty ones left out (`a//b/` is `a/b`).
fn levels(tag: &str) -> impl Iterator<Item = &str> {
    tag.split('/').filter(|level| !level.is_empty())
}

/// Whether `tag` is `filter` or lies below it: `groups/ttp` matches `groups`,
/// `groupsx` does not. An empty filter matches nothing.
pub fn tag_matches(tag: &str, filter: &str) -> bool {
    let mut tag = levels(tag);
    let mut any = false;
    for level in levels(filter) {
        if tag.next() != Some(level) {
            return false;
        }
        any = true;
    }
    any
}

/// The order tags are listed in: level by level, by name, so a tag comes right
/// before the tags below it (`groups`, `groups/ttp`, `groups-x`).
pub fn tag_order(a: &str, b: &str) -> std::cmp::Ordering {
    levels(a).cmp(levels(b))
}

/// One tag of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagNode {
    /// The whole tag: `groups/ttp`.
    pub name: String,
    /// Its last level: `ttp`.
    pub segment: String,
    /// Passages (annotations) carrying this tag or one below it, each counted once.
    pub passages: usize,
    /// Articles holding such a passage.
    pub articles: usize,
    /// Passages carrying exactly this tag; 0 for a level only used by the tags below it.
    pub own: usize,
    /// The tags one level down, by name.
    pub children: Vec<TagNode>,
}

/// Every tag in use, as a tree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagTree {
    /// The top-level tags, by name.
    pub roots: Vec<TagNode>,
}

/// Counts gathered for one node while the tree is built.
struct Counts<K> {
    passages: usize,
    own: usize,
    articles: BTreeSet<K>,
    children: BTreeMap<String, Counts<K>>,
}

impl<K: Ord> Counts<K> {
    fn new() -> Counts<K> {
        Counts { passages: 0, own: 0, articles: BTreeSet::new(), children: BTreeMap::new() }
    }

    fn into_nodes(children: BTreeMap<String, Counts<K>>, parent: &str) -> Vec<TagNode> {
        children
            .into_iter()
            .map(|(segment, counts)| {
                let name = if parent.is_empty() { segment.clone() } else { format!("{parent}/{segment}") };
                TagNode {
                    passages: counts.passages,
                    articles: counts.articles.len(),
                    own: counts.own,
                    children: Counts::into_nodes(counts.children, &name),
                    name,
                    segment,
                }
            })
            .collect()
    }
}

impl TagTree {
    /// The tree of the tags of some annotations, given as (the article an annotation
    /// is in, its tags): any type that tells articles apart will do for the first.
    /// A passage is counted once for each tag it carries or is below, however many
    /// of its tags are below it.
    pub fn build<K, I, T, S>(annotations: I) -> TagTree
    where
        K: Ord + Clone,
        I: IntoIterator<Item = (K, T)>,
        T: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut top: BTreeMap<String, Counts<K>> = BTreeMap::new();
        for (article, tags) in annotations {
            let tags: Vec<S> = tags.into_iter().collect();
            // Every tag the passage carries and every level above one, once each;
            // and the ones it carries itself.
            let mut reached: BTreeSet<Vec<&str>> = BTreeSet::new();
            let mut own: BTreeSet<Vec<&str>> = BTreeSet::new();
            for tag in &tags {
                let path: Vec<&str> = levels(tag.as_ref()).collect();
                for depth in 1..=path.len() {
                    reached.insert(path[..depth].to_vec());
                }
                if !path.is_empty() {
                    own.insert(path);
                }
            }
            for path in &reached {
                // `reached` holds every level above a tag too, so each node is
                // counted by its own path: only the last level of this one here.
                let Some((last, above)) = path.split_last() else { continue };
                let mut level = &mut top;
                for segment in above {
                    level = &mut level.entry((*segment).to_owned()).or_insert_with(Counts::new).children;
                }
                let counts = level.entry((*last).to_owned()).or_insert_with(Counts::new);
                counts.passages += 1;
                counts.articles.insert(article.clone());
                if own.contains(path) {
                    counts.own += 1;
                }
            }
        }
        TagTree { roots: Counts::into_nodes(top, "") }
    }

    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Every node with its depth (0 for a top-level tag), in display order: each
    /// tag followed by the tags below it.
    pub fn flatten(&self) -> Vec<(usize, &TagNode)> {
        fn walk<'a>(nodes: &'a [TagNode], depth: usize, out: &mut Vec<(usize, &'a TagNode)>) {
            for node in nodes {
                out.push((depth, node));
                walk(&node.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.roots, 0, &mut out);
        out
    }

    /// The node of `tag`, if it is in the tree.
    pub fn find(&self, tag: &str) -> Option<&TagNode> {
        let mut nodes = &self.roots;
        let mut found = None;
        for segment in levels(tag) {
            let node = nodes.iter().find(|n| n.segment == segment)?;
            nodes = &node.children;
            found = Some(node);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(items: &[(u32, &[&str])]) -> TagTree {
        TagTree::build(items.iter().map(|(article, tags)| (*article, tags.iter().copied())))
    }

    /// The tree as `depth name passages/articles` lines.
    fn rows(tree: &TagTree) -> Vec<String> {
        tree.flatten()
            .into_iter()
            .map(|(depth, n)| format!("{depth} {} {}/{} own {}", n.name, n.passages, n.articles, n.own))
            .collect()
    }

    #[test]
    fn matching_takes_the_tag_and_those_below_it() {
        assert!(tag_matches("groups", "groups"));
        assert!(tag_matches("groups/ttp", "groups"));
        assert!(tag_matches("groups/ttp/finance", "groups"));
        assert!(tag_matches("groups/ttp/finance", "groups/ttp"));
        assert!(!tag_matches("groupsx", "groups"));
        assert!(!tag_matches("groups-x/ttp", "groups"));
        assert!(!tag_matches("groups", "groups/ttp"), "a parent is not below its child");
        assert!(!tag_matches("security/groups", "groups"), "only from the top");
        assert!(!tag_matches("groups", ""));
        assert!(!tag_matches("", ""));
        assert!(!tag_matches("groups", "/"));
        assert!(tag_matches("groups//ttp/", "groups/ttp"), "empty levels do not count");
        assert!(tag_matches("groups/ttp", "/groups/"));
    }

    #[test]
    fn tags_are_ordered_level_by_level() {
        let mut tags = vec!["groups-x", "security", "groups/ttp", "groups", "groups/a", "border"];
        tags.sort_by(|a, b| tag_order(a, b));
        assert_eq!(tags, ["border", "groups", "groups/a", "groups/ttp", "groups-x", "security"]);
    }

    #[test]
    fn parents_count_their_children_once_per_passage() {
        let t = tree(&[
            (1, &["groups", "groups/ttp"]),
            (1, &["groups/ttp"]),
            (2, &["groups/lej", "security/border"]),
            (3, &["security/border"]),
        ]);
        assert_eq!(
            rows(&t),
            [
                "0 groups 3/2 own 1",
                "1 groups/lej 1/1 own 1",
                "1 groups/ttp 2/1 own 2",
                "0 security 2/2 own 0",
                "1 security/border 2/2 own 2",
            ]
        );
    }

    #[test]
    fn a_parent_never_used_itself_is_a_node() {
        let t = tree(&[(1, &["a/b/c"])]);
        assert_eq!(rows(&t), ["0 a 1/1 own 0", "1 a/b 1/1 own 0", "2 a/b/c 1/1 own 1"]);
        let b = t.find("a/b").unwrap();
        assert_eq!((b.segment.as_str(), b.children.len()), ("b", 1));
    }

    #[test]
    fn two_children_of_one_passage_count_once_for_the_parent() {
        let t = tree(&[(1, &["groups/ttp", "groups/lej"])]);
        let groups = t.find("groups").unwrap();
        assert_eq!((groups.passages, groups.articles, groups.own), (1, 1, 0));
        assert_eq!(groups.children.iter().map(|c| c.passages).collect::<Vec<_>>(), [1, 1]);
    }

    #[test]
    fn repeated_tags_count_once() {
        let t = tree(&[(1, &["ttp", "ttp", "ttp/"])]);
        assert_eq!(rows(&t), ["0 ttp 1/1 own 1"]);
    }

    #[test]
    fn children_are_sorted_by_name() {
        let t = tree(&[(1, &["z/b"]), (2, &["z/a"]), (3, &["a"]), (4, &["z/a-b"]), (5, &["z"])]);
        let names: Vec<&str> = t.flatten().iter().map(|(_, n)| n.name.as_str()).collect();
        assert_eq!(names, ["a", "z", "z/a", "z/a-b", "z/b"]);
        assert_eq!(t.find("z").unwrap().passages, 4);
        assert_eq!(t.find("z").unwrap().articles, 4);
    }

    #[test]
    fn empty_tags_and_levels_are_left_out() {
        let t = tree(&[(1, &["", "/", "a//b/"]), (2, &[])]);
        assert_eq!(rows(&t), ["0 a 1/1 own 0", "1 a/b 1/1 own 1"]);
        assert!(tree(&[]).is_empty());
        assert!(tree(&[(1, &[""])]).is_empty());
    }

    #[test]
    fn articles_are_told_apart_by_the_key_given() {
        let t = TagTree::build([("b.txt", vec!["x"]), ("a.txt", vec!["x"]), ("a.txt", vec!["x/y"])]);
        let x = t.find("x").unwrap();
        assert_eq!((x.passages, x.articles), (3, 2));
        assert_eq!(t.find("x/y").unwrap().articles, 1);
        assert!(t.find("y").is_none());
        assert!(t.find("").is_none());
    }

    #[test]
    fn names_are_whole_tags_without_empty_levels() {
        let t = tree(&[(1, &["a//b"])]);
        assert_eq!(t.roots[0].children[0].name, "a/b");
        assert_eq!(t.roots[0].children[0].segment, "b");
    }
}
