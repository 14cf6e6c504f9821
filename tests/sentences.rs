//! What `v` selects in the reader, through `update`, on short news articles: the
//! sentence splitter of `gloss::text::sentences` as a reader meets it. Each article
//! is a headline, then one sentence and the next.

use crossterm::event::{KeyCode, KeyEvent};
use gloss::annotate::{self, Layout};
use gloss::app::keymap::{Keymap, Mode};
use gloss::app::{Action, Effect, Settings, State, update};
use gloss::corpus;

/// The reader open on a one-article corpus holding `body` under a headline.
fn reader(body: &str) -> (tempfile::TempDir, State) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("talks.txt"), format!("Border Talks Resume in Islamabad\n\n{body}")).unwrap();
    let mut state = State::new(dir.path(), Keymap::default(), Settings::default());
    let fx = update(&mut state, Action::Resize(100, 30));
    run(&mut state, fx);
    for entry in corpus::scan(dir.path()) {
        let mut entry = entry.unwrap();
        annotate::resolved::summarize(&mut entry, &Layout::Beside);
        let fx = update(&mut state, Action::Found(vec![entry]));
        run(&mut state, fx);
    }
    let fx = update(&mut state, Action::ScanDone);
    run(&mut state, fx);
    keys(&mut state, "\n");
    (dir, state)
}

/// Carry out the loads `update` asks for, as the runtime does.
fn run(state: &mut State, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Load(path) = effect {
            let opened = gloss::run::open_article(&path, &Layout::Beside).map(Box::new);
            let more = update(state, Action::Loaded(path, opened));
            run(state, more);
        }
    }
}

fn keys(state: &mut State, keys: &str) {
    for c in keys.chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        let fx = update(state, Action::Key(KeyEvent::from(code)));
        run(state, fx);
    }
}

fn selected(state: &State) -> &str {
    let reader = state.library.reader.as_ref().expect("an article open");
    &reader.article.text[state.selection().expect("a selection").range()]
}

/// What `v` selects, then what `j` extends it to, on an article made of `first`
/// and `second`.
fn v_selects(first: &str, second: &str) -> String {
    let (_dir, mut state) = reader(&format!("{first} {second}"));
    keys(&mut state, "v");
    assert_eq!(state.mode(), Mode::Select);
    let one = selected(&state).to_owned();
    keys(&mut state, "j");
    assert_eq!(selected(&state), format!("{first} {second}"), "j takes the next sentence whole");
    one
}

fn case(first: &str, second: &str) {
    assert_eq!(v_selects(first, second), first);
}

#[test]
fn titles_and_months() {
    case("Mr. Khan met U.S. officials on Jan. 5 in Islamabad.", "The talks went on.");
}

#[test]
fn a_rank_of_two_words() {
    case("Lt. Col. Ahmed briefed Gen. Munir and Prof. Ali on Tuesday.", "They left at noon.");
}

#[test]
fn more_titles() {
    case(
        "Mrs. Iqbal, Ms. Raza, Dr. Shah, Maj. Tariq, Capt. Ali, Sgt. Malik and Col. Butt came.",
        "Sen. Reed, Rep. Cole, Gov. Hall and Pres. Alvi did not.",
    );
    case("They prayed at St. Mary's before climbing Mt. Everest.", "Both were cold.");
}

#[test]
fn numbers_after_no_and_vol() {
    case("The letter went to No. 10 and appeared in Vol. 3 of the papers.", "Nobody replied.");
}

#[test]
fn every_month_before_a_day() {
    for month in ["Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."] {
        case(&format!("The talks began on {month} 12 in Lahore."), "They ended soon after.");
    }
}

#[test]
fn country_initialisms_before_a_lowercase_word() {
    case("U.K. diplomats, U.N. monitors and E.U. envoys met U.S. officials.", "Talks went well.");
}

#[test]
fn an_initialism_ending_a_sentence_breaks() {
    case("The firm is based in the U.S.", "The talks begin today.");
}

#[test]
fn an_initialism_before_a_title_does_not_break() {
    case("He met U.S. Secretary Blinken in Islamabad.", "They spoke for an hour.");
}

#[test]
fn latin_abbreviations() {
    case("Some crops, e.g. wheat and rice, need water, i.e. rain or canals.", "Both are scarce.");
    case("They sold pens, paper, etc. and books.", "Sales rose.");
}

#[test]
fn etc_ending_a_sentence_breaks() {
    case("They sold pens, paper, books, etc.", "The shop closed at six.");
}

#[test]
fn versus_and_approx() {
    case("Pakistan vs. India drew approx. 300 million viewers.", "It was a record.");
}

#[test]
fn company_suffixes() {
    case("Acme Inc., Globex Corp., Initech Ltd. and Hooli Co. bid for the contract.", "Acme won.");
}

#[test]
fn initials() {
    case("J. K. Rowling met A. Q. Khan in London.", "Nobody knows why.");
}

#[test]
fn decimals_and_versions() {
    case("Growth was 3.5 per cent under v2.1.3 of the plan.", "Exports fell.");
}

#[test]
fn ellipses() {
    case("We waited... then it rained.", "The match was called off.");
}

#[test]
fn a_closing_quote_after_the_full_stop() {
    case("He said \"no.\"", "Then he left the room.");
    case("She said (twice) “we will not sign.”", "Then she left.");
}

#[test]
fn a_title_from_the_first_sentence_keeps_its_abbreviations() {
    let article = corpus::parse(
        b"Mr. Khan met U.S. officials on Jan. 5. The talks went on.\n\nA second paragraph.",
        corpus::Format::Text,
        "x.txt",
    );
    assert_eq!(article.meta.title_from, corpus::TitleFrom::FirstSentence);
    assert_eq!(article.meta.title, "Mr. Khan met U.S. officials on Jan. 5");
}
