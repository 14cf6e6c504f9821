//! Every command gloss has, defined once.
//!
//! One table gives each command its name (the one key files use), its description,
//! the help section it is listed in and the modes it is valid in. The `Command` enum,
//! the help overlay, the status-bar hints and the command palette are all derived
//! from it; a test fails when a command lacks a description or a default key.

use serde::{Deserialize, Serialize};

use super::keymap::Mode;

/// Where the help lists a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Moving,
    Library,
    Triage,
    Filters,
    Annotating,
    Selecting,
    Typing,
    Search,
    Review,
    Screens,
    General,
}

impl Section {
    pub const ALL: &'static [Section] = &[
        Section::Moving,
        Section::Library,
        Section::Triage,
        Section::Filters,
        Section::Annotating,
        Section::Selecting,
        Section::Typing,
        Section::Search,
        Section::Review,
        Section::Screens,
        Section::General,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Moving => "Moving",
            Section::Library => "The list and the reader",
            Section::Triage => "Triage",
            Section::Filters => "Filtering and sorting the list",
            Section::Annotating => "Annotations",
            Section::Selecting => "Selecting text",
            Section::Typing => "Typing tags, notes and searches",
            Section::Search => "Search",
            Section::Review => "Reviewing passages by tag",
            Section::Screens => "Screens",
            Section::General => "General",
        }
    }
}

/// What the table says of one command.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub command: Command,
    /// The name key files use (`Down`, `ToggleStar`).
    pub name: &'static str,
    pub description: &'static str,
    pub section: Section,
    /// Modes the command does something in (its keys are looked up there).
    pub modes: &'static [Mode],
    /// Descriptions that differ in one mode (`Back` closes the help in the help).
    pub in_mode: &'static [(Mode, &'static str)],
}

macro_rules! commands {
    ($( $name:ident : $section:ident, [$($mode:ident),* $(,)?], $description:literal $(, { $($m:ident => $d:literal),* $(,)? })? ;)*) => {
        /// Something a key can be bound to. The names are those used in key files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Command {
            $($name,)*
        }

        /// The table: every command, in the order the help lists them.
        pub const TABLE: &[Spec] = &[
            $(Spec {
                command: Command::$name,
                name: stringify!($name),
                description: $description,
                section: Section::$section,
                modes: &[$(Mode::$mode),*],
                in_mode: &[$($((Mode::$m, $d)),*)?],
            },)*
        ];
    };
}

commands! {
    Down: Moving, [List, Reader, Help, Review, Overview, Finder, Search, Palette], "next article / scroll down",
        { Help => "scroll down", Review => "next tag or passage", Finder => "next article", Search => "next result",
          Overview => "scroll the tags down", Palette => "next command" };
    Up: Moving, [List, Reader, Help, Review, Overview, Finder, Search, Palette], "previous article / scroll up",
        { Help => "scroll up", Review => "previous tag or passage", Finder => "previous article",
          Search => "previous result", Overview => "scroll the tags up", Palette => "previous command" };
    PageDown: Moving, [List, Reader, Help, Review, Overview], "page down";
    PageUp: Moving, [List, Reader, Help, Review, Overview], "page up";
    HalfPageDown: Moving, [List, Reader], "half a page down";
    HalfPageUp: Moving, [List, Reader], "half a page up";
    Top: Moving, [List, Reader, Help, Review, Overview], "go to the top";
    Bottom: Moving, [List, Reader, Help, Review, Overview], "go to the bottom";

    Open: Library, [List, Reader, Review, Finder, Search], "open the selected article",
        { Review => "open the article at this passage", Finder => "go to this article",
          Search => "open the article at this match" };
    NextUnread: Library, [List], "open the next unread article";
    NextArticle: Library, [List, Reader], "open the next article";
    PrevArticle: Library, [List, Reader], "open the previous article";
    FocusNext: Library, [List, Reader, Review], "switch between list and reader",
        { Review => "switch between tags and passages" };
    FocusList: Library, [List, Reader], "focus the article list";
    FocusReader: Library, [List, Reader], "focus the reader";
    ToggleBoilerplate: Library, [List, Reader], "show or hide folded boilerplate";
    ToggleMouse: Library, [List, Reader], "turn mouse capture on or off (m is read/unread)";

    ToggleStar: Triage, [List, Reader], "star or unstar the article";
    ToggleArchive: Triage, [List, Reader], "archive or unarchive the article";
    ToggleRead: Triage, [List, Reader], "mark the article read or unread";
    Priority0: Triage, [List, Reader], "clear the article's priority";
    Priority1: Triage, [List, Reader], "priority 1";
    Priority2: Triage, [List, Reader], "priority 2";
    Priority3: Triage, [List, Reader], "priority 3 (the highest)";

    ShowArchived: Filters, [List, Reader], "show or hide archived articles";
    Filter: Filters, [List, Reader], "filter the list (unread, starred, archived, p>=N, tag:T, title words)";
    ClearFilter: Filters, [List, Reader], "clear the filter";
    Sort: Filters, [List, Reader], "sort by path, date, title, annotations or priority";
    GoToArticle: Filters, [List, Reader], "go to an article by its title (fuzzy)";

    Select: Annotating, [List, Reader], "select text, from the first sentence on screen";
    NextAnnotation: Annotating, [List, Reader], "go to the next annotation";
    PrevAnnotation: Annotating, [List, Reader], "go to the previous annotation";
    NextInTag: Annotating, [List, Reader], "go to the next passage with the same tag, across articles";
    PrevInTag: Annotating, [List, Reader], "go to the previous passage with the same tag, across articles";
    EditTags: Annotating, [List, Reader], "edit the tags of the annotation here";
    Note: Annotating, [List, Reader, Select], "add or edit the note of the annotation here",
        { Select => "annotate the selection with a note" };
    DeleteAnnotation: Annotating, [List, Reader, Review], "delete the annotation here",
        { Review => "delete this passage's annotation (in the needs-attention queue)" };
    ConfirmMatch: Annotating, [List, Reader, Review], "accept the new place of a changed passage",
        { Review => "accept the new place of this passage" };
    Undo: Annotating, [List, Reader, Review], "undo the last change",
        { Review => "undo the last rename or deletion of a tag" };
    Redo: Annotating, [List, Reader, Review], "redo what was undone";

    ExtendForward: Selecting, [Select], "move the active end a sentence forward";
    ExtendBack: Selecting, [Select], "move the active end a sentence back";
    WordForward: Selecting, [Select], "move the active end a word forward";
    WordBack: Selecting, [Select], "move the active end a word back";
    Paragraph: Selecting, [Select], "select the whole paragraph";
    SwapEnds: Selecting, [Select], "swap the active end";
    Tag: Selecting, [Select], "tag the selection";
    RepeatTag: Selecting, [Select], "tag the selection as last time";
    AttachOrphan: Selecting, [Select, Review], "attach an orphaned annotation here",
        { Review => "re-attach this passage: open it and select its new text" };

    Accept: Typing, [Prompt, Note, Search, Confirm, Finder, Palette], "apply",
        { Note => "save the note", Search => "search; on a result, open it there", Confirm => "yes, do it",
          Finder => "go to this article", Palette => "run this command" };
    Complete: Typing, [Prompt], "complete the tag";
    NextChoice: Typing, [Prompt], "next completion";
    PrevChoice: Typing, [Prompt], "previous completion";

    Search: Search, [List, Reader, Help], "search this article (a regex when it is one; smart case)",
        { Help => "filter the help by key or word" };
    NextMatch: Search, [List, Reader], "go to the next match";
    PrevMatch: Search, [List, Reader], "go to the previous match";
    SearchCorpus: Search, [List, Reader, Review, Overview], "search every article";

    FilterPassages: Review, [Review], "filter the passages by text";
    RenameTag: Review, [Review], "rename or merge the selected tag across the corpus";
    DeleteTag: Review, [Review], "delete the selected tag from every passage";

    Review: Screens, [List, Reader, Overview], "review passages by tag";
    Overview: Screens, [List, Reader, Review], "the overview: tags and articles over time";

    Help: General, [List, Reader, Select, Review, Overview], "show this help";
    CycleTheme: General, [List, Reader, Review, Overview], "switch to the next theme";
    Palette: General, [List, Reader, Review, Overview], "run a command by name";
    Back: General, [List, Reader, Select, Prompt, Note, Help, Review, Overview, Search, Finder, Confirm, Palette],
        "close / cancel / back to the list",
        { Select => "cancel the selection", Prompt => "cancel", Note => "cancel", Help => "close the help",
          Review => "back to where you were", Overview => "back to where you were", Search => "close the search",
          Finder => "cancel", Confirm => "no, cancel", Palette => "cancel" };
    Quit: General, [List, Reader, Select, Prompt, Note, Help, Review, Overview, Search, Finder, Confirm, Palette],
        "quit";
}

impl Command {
    /// Every command, in the order the help lists them.
    pub fn all() -> impl Iterator<Item = Command> {
        TABLE.iter().map(|s| s.command)
    }

    pub fn spec(self) -> &'static Spec {
        // The table lists the commands in declaration order.
        &TABLE[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn from_name(name: &str) -> Option<Command> {
        TABLE.iter().find(|s| s.name == name).map(|s| s.command)
    }

    /// One line for the help overlay and the palette.
    pub fn describe(self) -> &'static str {
        self.spec().description
    }

    /// One line for the help, for the command bound in `mode`.
    pub fn describe_in(self, mode: Mode) -> &'static str {
        let spec = self.spec();
        spec.in_mode.iter().find(|(m, _)| *m == mode).map_or(spec.description, |(_, d)| d)
    }

    /// Whether the command does something in `mode`.
    pub fn valid_in(self, mode: Mode) -> bool {
        let modes = self.spec().modes;
        match mode {
            // What the list and the reader share.
            Mode::Normal => modes.contains(&Mode::List) || modes.contains(&Mode::Reader),
            _ => modes.contains(&mode),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Keymap;

    #[test]
    fn the_table_is_in_declaration_order() {
        for (i, spec) in TABLE.iter().enumerate() {
            assert_eq!(spec.command as usize, i, "{}", spec.name);
            assert_eq!(Command::from_name(spec.name), Some(spec.command));
        }
    }

    #[test]
    fn every_command_has_a_description_a_mode_and_a_default_key() {
        let keys = Keymap::default();
        for spec in TABLE {
            assert!(!spec.description.trim().is_empty(), "{} has no description", spec.name);
            assert!(!spec.modes.is_empty(), "{} is valid in no mode", spec.name);
            let bound = spec.modes.iter().any(|&m| keys.hint(m, spec.command).is_some());
            assert!(bound, "{} has no default key in any of its modes", spec.name);
            for (mode, _) in spec.in_mode {
                assert!(spec.modes.contains(mode), "{} describes itself in a mode it is not valid in", spec.name);
            }
        }
    }

    #[test]
    fn default_keys_are_bound_only_where_their_command_works() {
        let keys = Keymap::default();
        for &mode in Mode::ALL {
            for (command, chords) in keys.bindings(mode) {
                assert!(command.valid_in(mode), "{chords} is bound to {} in {}", command.name(), mode.name());
            }
        }
    }
}
