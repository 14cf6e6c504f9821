//! `gloss tags`: the tags of a corpus as a tree, with how much carries each.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::annotate::{self, Layout, TagNode};
use crate::text::{sanitize_line, width};

/// A tag as `gloss tags --json` gives it.
#[derive(Serialize)]
struct Node<'a> {
    name: &'a str,
    passages: usize,
    articles: usize,
    children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    fn of(node: &'a TagNode) -> Node<'a> {
        Node {
            name: &node.name,
            passages: node.passages,
            articles: node.articles,
            children: node.children.iter().map(Node::of).collect(),
        }
    }
}

/// `gloss tags`: each tag, indented under the one above it, with the passages and
/// articles that carry it or a tag below it.
pub(super) fn tags(root: &Path, layout: &Layout, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let collection = annotate::collect(root, layout);
    for problem in &collection.problems {
        eprintln!("gloss: {problem}");
    }
    let tree = collection.tag_tree();
    if json {
        let nodes: Vec<Node> = tree.roots.iter().map(Node::of).collect();
        serde_json::to_writer_pretty(&mut *out, &nodes)?;
        return writeln!(out);
    }
    let rows: Vec<(String, &TagNode)> = tree
        .flatten()
        .into_iter()
        .map(|(depth, node)| (format!("{}{}", "  ".repeat(depth), sanitize_line(&node.segment)), node))
        .collect();
    let label = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    let passages = rows.iter().map(|(_, n)| n.passages.to_string().len()).max().unwrap_or(0);
    let articles = rows.iter().map(|(_, n)| n.articles.to_string().len()).max().unwrap_or(0);
    for (text, node) in &rows {
        let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        writeln!(
            out,
            "{}  {:>passages$} {:<8}  {:>articles$} {}",
            crate::text::width::pad(text, label),
            node.passages,
            plural(node.passages, "passage", "passages"),
            node.articles,
            plural(node.articles, "article", "articles"),
        )?;
    }
    Ok(())
}
