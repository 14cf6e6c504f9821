//! The words for every [`Notice`]: the one place messages are written, naming the
//! keys of the keymap in use.

use crate::annotate::AnchorState;
use crate::annotate::retag::{Retag, Step, Summary};
use crate::app::Command;
use crate::app::keymap::{Keymap, Mode};
use crate::notice::{ChangeKind, ChangeSummary, Notice, Passage, TriageChange};
use crate::text::quoted;

/// `notice` as one line for the status bar.
pub fn text(notice: &Notice, keymap: &Keymap) -> String {
    // "press X to …", or nothing when the command has no key.
    let key = |mode: Mode, command: Command| keymap.hint(mode, command);
    let press = |mode: Mode, command: Command, what: &str| match key(mode, command) {
        Some(k) => format!("{k} {what}"),
        None => String::new(),
    };
    let with = |base: String, hint: String| if hint.is_empty() { base } else { format!("{base} · {hint}") };
    match notice {
        Notice::Reanchored { moved, fuzzy, ambiguous, orphans } => {
            let mut parts = Vec::new();
            if *moved > 0 {
                parts.push(format!("{moved} moved"));
            }
            if *fuzzy > 0 {
                let confirm = key(Mode::Normal, Command::ConfirmMatch).map(|k| format!(" ({k} confirms)"));
                parts.push(format!("{fuzzy} approximate{}", confirm.unwrap_or_default()));
            }
            if *ambiguous > 0 {
                let review = key(Mode::Normal, Command::Review).map(|k| format!(" ({k} to choose)"));
                parts.push(format!("{ambiguous} in several places{}", review.unwrap_or_default()));
            }
            if *orphans > 0 {
                parts.push(format!("{orphans} orphaned"));
            }
            format!("the article changed: annotations {}", parts.join(", "))
        }
        Notice::ReanchorNotSaved(why) => format!("re-anchored annotations not saved: {why}"),
        Notice::Undid(change) => format!("undid the {}", change_label(change)),
        Notice::Redid(change) => format!("redid the {}", change_label(change)),
        Notice::NothingToUndo => "nothing to undo in this article".into(),
        Notice::NothingToRedo => "nothing to redo in this article".into(),
        Notice::DeletedMeanwhile => {
            "that annotation was deleted meanwhile (by another gloss or a sync): nothing changed".into()
        }
        Notice::NothingToUndoInCorpus => "no tag change across the corpus to undo".into(),
        Notice::NothingToRedoInCorpus => "no tag change across the corpus to redo".into(),
        Notice::Retagged(summary) => retagged(summary),
        Notice::NotSaved { what, problem } => format!("{what} not saved: {problem}"),
        Notice::CacheRebuilt(why) => format!("the index cache could not be used ({why}); it is built again"),
        Notice::ReadOnly(why) => format!("annotations are read-only here: {why}"),
        Notice::AnnotationNotSaved { reason, file, unwritable_place } => {
            let hint = if *unwritable_place { " (--annotations DIR keeps annotations elsewhere)" } else { "" };
            format!("annotation not saved: {reason}{hint} · {file}")
        }
        Notice::NoTextOnScreen => "no text on screen to select".into(),
        Notice::NothingToRepeat => {
            with("no tagging to repeat yet".into(), press(Mode::Select, Command::Tag, "tags the selection"))
        }
        Notice::SelectionGone => "that selection is no longer in this article: nothing saved".into(),
        Notice::Annotated(p) => format!("annotated {}", passage(p)),
        Notice::Saved(p) => format!("saved {}", passage(p)),
        Notice::Attached(p) => format!("attached {}", passage(p)),
        Notice::ConfirmedPlace(p) => format!("confirmed the new place of {}", passage(p)),
        Notice::DeletedAnnotation(p) => {
            with(format!("deleted the annotation on {}", passage(p)), press(Mode::Normal, Command::Undo, "undoes"))
        }
        Notice::NoAnnotationHere => {
            with("no annotation on screen".into(), press(Mode::Normal, Command::NextAnnotation, "goes to the next one"))
        }
        Notice::NoAnnotations => "this article has no annotations".into(),
        Notice::NoOrphans => "no orphaned annotations in this article".into(),
        Notice::EndOfAnnotations { last } => {
            format!("that was the {} annotation", if *last { "last" } else { "first" })
        }
        Notice::AnnotationAt { index, total, passage: p, state } => {
            let state_note = match state {
                AnchorState::Fuzzy => match key(Mode::Normal, Command::ConfirmMatch) {
                    Some(k) => format!(" (the text changed: {k} accepts the new match)"),
                    None => " (the text changed)".into(),
                },
                AnchorState::Orphan => orphan_hint(keymap),
                AnchorState::Ambiguous => match key(Mode::Normal, Command::Review) {
                    Some(k) => format!(" (found in several places: {k} to choose one in the review)"),
                    None => " (found in several places)".into(),
                },
                _ => String::new(),
            };
            format!("annotation {} of {total}: {}{state_note}", index + 1, passage(p))
        }
        Notice::InTag { tag, passage: p, .. } => format!("{tag}: {}", passage(p)),
        Notice::EndOfTag { tag, last } => {
            format!("no {} passage tagged {tag} in the list", if *last { "later" } else { "earlier" })
        }
        Notice::ReadingTheRest => "a long article: its beginning is shown while the rest is read".into(),
        Notice::ConfigProblem(problem) => format!("using the default settings: {problem}"),
        Notice::LostSidecars(n) => {
            let plural = if *n == 1 { " has" } else { "s have" };
            format!(
                "{n} sidecar{plural} lost {}: gloss check --fix moves them",
                if *n == 1 { "its article" } else { "their articles" }
            )
        }
        Notice::MovedSidecars { moved, failed } => {
            let sidecars = super::counted(*moved, "sidecar", None);
            match failed {
                None if *moved == 1 => "moved the annotations to their article's new name".to_owned(),
                None => format!("moved {sidecars} to their articles' new names"),
                Some(why) => format!("moved {sidecars}; not moved: {why}"),
            }
        }
        Notice::InSeveralPlaces(n) => with(
            format!("this passage is found in {n} places"),
            press(Mode::Normal, Command::Review, "chooses one in the review"),
        ),
        Notice::PassageGone => format!("this passage is gone{}", orphan_hint(keymap)),
        Notice::NothingToConfirm => "this annotation is where it was made; nothing to confirm".into(),
        Notice::AnnotationGone => "that annotation is gone".into(),
        Notice::NoteNotSaved { quitting } => {
            let save = press(Mode::Note, Command::Accept, "saves it");
            let again = if *quitting {
                key(Mode::Note, Command::Quit).map(|k| format!("{k} again quits"))
            } else {
                key(Mode::Note, Command::Back).map(|k| format!("{k} again throws it away"))
            };
            let hints: Vec<String> = [Some(save), again].into_iter().flatten().filter(|h| !h.is_empty()).collect();
            with("the note is not saved".into(), hints.join(", "))
        }
        Notice::EmptyTags => with("type a tag".into(), press(Mode::Prompt, Command::Back, "cancels")),
        Notice::EmptyNote => "empty note: nothing saved".into(),
        Notice::ArticleChanged => "the article changed: nothing saved".into(),
        Notice::NoSearch => with("no search yet".into(), press(Mode::Reader, Command::Search, "searches")),
        Notice::NoMatch { query } => format!("no match for {}", quoted(query, 40)),
        Notice::MatchAt { index, total, capped, wrapped } => {
            let more = if *capped { "+" } else { "" };
            let wrap = if *wrapped { " (wrapped around)" } else { "" };
            format!("match {} of {total}{more}{wrap}", index + 1)
        }
        Notice::Triaged { change, title } => {
            let what = match change {
                TriageChange::Starred(true) => "starred".to_owned(),
                TriageChange::Starred(false) => "unstarred".to_owned(),
                TriageChange::Archived(true) => "archived".to_owned(),
                TriageChange::Archived(false) => "unarchived".to_owned(),
                TriageChange::Read(true) => "marked read".to_owned(),
                TriageChange::Read(false) => "marked unread".to_owned(),
                TriageChange::Priority(0) => "priority cleared".to_owned(),
                TriageChange::Priority(n) => format!("priority {n}"),
            };
            let undo = if matches!(change, TriageChange::Read(_)) {
                String::new()
            } else {
                press(Mode::List, Command::Undo, "undoes")
            };
            with(format!("{what}: {}", quoted(title, 40)), undo)
        }
        Notice::ArchivedShown { shown: true, count } => format!("showing archived articles ({count})"),
        Notice::ArchivedShown { shown: false, count } => {
            with(format!("archived articles hidden ({count})"), press(Mode::List, Command::ShowArchived, "shows them"))
        }
        Notice::FilterCleared => "filter cleared: every article is listed".into(),
        Notice::BadFilter(word) => format!(
            "not a filter: {} (use unread, starred, archived, p>=N, tag:T or words of the title)",
            quoted(word, 30)
        ),
        Notice::Sorted(by) => format!("sorted by {by}"),
        Notice::NothingShown => {
            with("no article matches the filter".into(), press(Mode::List, Command::ClearFilter, "clears it"))
        }
        Notice::AllRead => "no unread article left in the list".into(),
        Notice::NoTagSelected => "select a tag first".into(),
        Notice::NoBoilerplate => "this article has no boilerplate".into(),
        Notice::Boilerplate { shown, paragraphs } => {
            let verb = if *shown { "showing" } else { "folded" };
            format!("{verb} {}", super::counted(*paragraphs, "boilerplate paragraph", None))
        }
        Notice::Mouse { on: true } => "mouse capture on: wheel scrolls, click selects".into(),
        Notice::Mouse { on: false } => "mouse capture off: the terminal selects text".into(),
        Notice::Skipped { count: 1, first } => format!("skipped {first}"),
        Notice::Skipped { count, first } => format!("skipped {count} files; first: {first}"),
        Notice::ScanFailed => "internal error while reading the corpus; the list may be incomplete".into(),
        Notice::InputFailed(why) => format!("terminal input failed: {why}"),
        Notice::ThemeChanged(name) => format!("theme: {}", crate::text::sanitize_line(name)),
        Notice::UnknownTheme { name, known } => format!(
            "there is no theme {} (there are {}) · started with the default theme",
            quoted(name, 40),
            crate::text::sanitize_line(&known.join(", "))
        ),
        Notice::ThemeProblem { problem, more } => {
            let more = if *more > 0 { format!(" (and {more} more)") } else { String::new() };
            format!("theme not loaded: {}{more}", crate::text::sanitize_line(problem))
        }
        Notice::Other(_, text) => text.clone(),
    }
}

/// How an orphan is given a new place, with the keys in use.
fn orphan_hint(keymap: &Keymap) -> String {
    match (keymap.hint(Mode::Normal, Command::Select), keymap.hint(Mode::Select, Command::AttachOrphan)) {
        (Some(select), Some(attach)) => format!(": select new text ({select}) and press {attach} to attach it"),
        _ => " (orphaned)".into(),
    }
}

/// An annotation named in a message: the start of its quote, and its tags.
fn passage(p: &Passage) -> String {
    let tags = if p.tags.is_empty() { String::new() } else { format!(" as {}", p.tags.join(", ")) };
    format!("{}{tags}", quoted(&p.quote, 41))
}

/// What a tag rename, merge or deletion across the corpus (or its undo or redo) did.
fn retagged(summary: &Summary) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let what = match &summary.retag {
        Retag::Rename { from, to } => format!("rename of the tag {from} to {to}"),
        Retag::Delete(tag) => format!("deletion of the tag {tag}"),
    };
    let mut text = match (summary.step, &summary.retag) {
        (Step::Done, _) if summary.passages == 0 => format!("no passage is tagged {}", summary.retag.tag()),
        (Step::Done, Retag::Rename { from, to }) => format!("renamed the tag {from} to {to}"),
        (Step::Done, Retag::Delete(tag)) => format!("deleted the tag {tag}"),
        (Step::Undone, _) => format!("undid the {what}"),
        (Step::Redone, _) => format!("redid the {what}"),
    };
    if summary.passages > 0 {
        let passages = plural(summary.passages, "passage", "passages");
        let articles = plural(summary.changed.len(), "article", "articles");
        text.push_str(&format!(": {passages} in {articles}"));
    }
    if summary.gone > 0 {
        text.push_str(&format!("; {} deleted meanwhile", plural(summary.gone, "annotation was", "annotations were")));
    }
    if let Some(first) = summary.skipped.first() {
        let skipped = plural(summary.skipped.len(), "sidecar", "sidecars");
        text.push_str(&format!("; {skipped} not changed: {first}"));
    }
    text
}

fn change_label(change: &ChangeSummary) -> String {
    let quote = quoted(&change.what, 33);
    match change.kind {
        ChangeKind::Added => format!("annotation on {quote}"),
        ChangeKind::Deleted => format!("deletion of the annotation on {quote}"),
        ChangeKind::Edited => format!("edit of the annotation on {quote}"),
        ChangeKind::Triage => format!("change to {quote}"),
        ChangeKind::Retag => format!("change to the tag {}", change.what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Patch;

    #[test]
    fn hints_name_the_keys_in_use() {
        let default = Keymap::default();
        let fuzzy = Notice::Reanchored { moved: 0, fuzzy: 2, ambiguous: 0, orphans: 0 };
        assert!(text(&fuzzy, &default).contains("(y confirms)"));
        let mut patch = Patch::new();
        patch.entry("normal".into()).or_default().insert(Command::ConfirmMatch, vec!["Y".into()]);
        let remapped = Keymap::with_patch(&patch).unwrap();
        assert!(text(&fuzzy, &remapped).contains("(Y confirms)"), "{}", text(&fuzzy, &remapped));
        let deleted = Notice::DeletedAnnotation(Passage { quote: "some words".into(), tags: vec!["ttp".into()] });
        assert_eq!(text(&deleted, &default), "deleted the annotation on “some words” as ttp · u undoes");
    }

    #[test]
    fn retags_say_what_changed_and_what_was_skipped() {
        let keys = Keymap::default();
        let rename = Retag::Rename { from: "a".into(), to: "b".into() };
        let summary = Summary {
            retag: rename.clone(),
            step: Step::Done,
            changed: vec!["/c/x.txt.gloss.ron".into(), "/c/y.txt.gloss.ron".into()],
            passages: 3,
            gone: 0,
            skipped: Vec::new(),
        };
        let notice = Notice::Retagged(Box::new(summary.clone()));
        assert_eq!(text(&notice, &keys), "renamed the tag a to b: 3 passages in 2 articles");
        assert_eq!(notice.level(), crate::notice::Level::Info);
        let skipped = crate::annotate::SidecarError {
            path: "/c/z.txt.gloss.ron".into(),
            message: "3:4: expected `,` or `)`".into(),
            io: None,
        };
        let undone = Summary { step: Step::Undone, gone: 1, skipped: vec![skipped], ..summary };
        let notice = Notice::Retagged(Box::new(undone));
        assert_eq!(
            text(&notice, &keys),
            "undid the rename of the tag a to b: 3 passages in 2 articles; 1 annotation was deleted meanwhile; \
             1 sidecar not changed: /c/z.txt.gloss.ron:3:4: expected `,` or `)`"
        );
        assert_eq!(notice.level(), crate::notice::Level::Warning);
        let none = Summary {
            retag: Retag::Delete("x".into()),
            step: Step::Done,
            changed: Vec::new(),
            passages: 0,
            gone: 0,
            skipped: Vec::new(),
        };
        assert_eq!(text(&Notice::Retagged(Box::new(none)), &keys), "no passage is tagged x");
    }
}
