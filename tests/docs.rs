//! The documentation says what the program does.

use gloss::app::help::{Row, rows};
use gloss::app::keymap::Keymap;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_lists_every_default_key() {
    let readme = readme();
    let mut missing = Vec::new();
    for row in rows(&Keymap::default()) {
        if let Row::Key { keys, what } = row {
            let row = format!("| {keys} | {what} |");
            if !readme.contains(&row) {
                missing.push(row);
            }
        }
    }
    assert!(missing.is_empty(), "README.md lacks these rows of the help:\n{}", missing.join("\n"));
}

#[test]
fn readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() {
    let readme = readme();
    let setup = readme.split("## Set up").nth(1).unwrap();
    let block = setup.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    let commands: Vec<&str> = block.lines().map(|l| l.split('#').next().unwrap().trim()).collect();
    assert_eq!(commands, ["cargo run --release", "cargo test"]);
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "cargo test"), ".ci/run must run `cargo test`");
}
