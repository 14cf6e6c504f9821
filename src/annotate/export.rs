//! Annotations for other tools: as W3C Web Annotation JSON-LD here, as Markdown
//! grouped by tag in [`markdown`], as CSV in [`csv`].
//!
//! In JSON-LD, each annotation becomes an `Annotation` with a `TextualBody` per tag (purpose
//! `tagging`) and one for the note (purpose `commenting`), and a target whose source
//! is the article's path relative to the corpus, with a `TextQuoteSelector` and a
//! `TextPositionSelector` (positions in Unicode scalar values of the reading text, as
//! `gloss show` prints it). gloss's own fields use the `gloss:` prefix: the anchor
//! state and where the passage is now (null for an orphan).

pub mod csv;
pub mod markdown;

use serde_json::{Value, json};

use super::resolved::Resolved;

/// Prefix for gloss's own terms in exported JSON-LD.
pub const NAMESPACE: &str = "urn:gloss:";

/// The JSON-LD context of every exported annotation.
pub fn context() -> Value {
    json!(["http://www.w3.org/ns/anno.jsonld", { "gloss": NAMESPACE }])
}

/// One annotation of the article at `source` (whose reading text is `text`).
pub fn annotation(source: &str, text: &str, item: &Resolved) -> Value {
    let a = &item.annotation;
    let mut body: Vec<Value> =
        a.tags.iter().map(|t| json!({ "type": "TextualBody", "purpose": "tagging", "value": t })).collect();
    if !a.note.is_empty() {
        body.push(json!({ "type": "TextualBody", "purpose": "commenting", "value": a.note, "format": "text/plain" }));
    }
    let (start, end) = match &item.range {
        Some(r) => {
            let start = text[..r.start].chars().count();
            (json!(start), json!(start + text[r.clone()].chars().count()))
        }
        None => (Value::Null, Value::Null),
    };
    json!({
        "@context": context(),
        "id": format!("urn:uuid:{}", a.id),
        "type": "Annotation",
        "created": a.created,
        "modified": a.modified,
        "body": body,
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": a.anchor.quote,
                    "prefix": a.anchor.prefix,
                    "suffix": a.anchor.suffix,
                },
                { "type": "TextPositionSelector", "start": a.anchor.start, "end": a.anchor.end },
            ],
        },
        "gloss:state": item.state.name(),
        "gloss:start": start,
        "gloss:end": end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::AnchorState;
    use crate::annotate::anchor::record;
    use crate::annotate::model::Annotation;

    #[test]
    fn web_annotation_shape() {
        let text = "One two three four.";
        let a = Annotation::new(record(text, 4..13, "h"), vec!["ttp".into(), "a/b".into()], "why it matters".into());
        let item =
            Resolved { annotation: a.clone(), state: AnchorState::Exact, range: Some(4..13), places: Vec::new() };
        let v = annotation("dir/a.txt", text, &item);
        assert_eq!(v["type"], "Annotation");
        assert_eq!(v["id"], format!("urn:uuid:{}", a.id));
        assert_eq!(v["body"][0], json!({"type": "TextualBody", "purpose": "tagging", "value": "ttp"}));
        assert_eq!(v["body"][2]["purpose"], "commenting");
        assert_eq!(v["target"]["source"], "dir/a.txt");
        assert_eq!(v["target"]["selector"][0]["exact"], "two three");
        assert_eq!(v["target"]["selector"][1], json!({"type": "TextPositionSelector", "start": 4, "end": 13}));
        assert_eq!(
            (v["gloss:state"].clone(), v["gloss:start"].clone(), v["gloss:end"].clone()),
            (json!("exact"), json!(4), json!(13))
        );
        let orphan = Resolved { state: AnchorState::Orphan, range: None, ..item };
        assert_eq!(annotation("a", text, &orphan)["gloss:start"], Value::Null);
    }
}
