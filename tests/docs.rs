//! The documentation says what the program does.

use gloss::app::keymap::{Keymap, Mode};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_lists_every_default_key() {
    let readme = readme();
    let map = Keymap::default();
    for mode in [Mode::Normal, Mode::Select, Mode::Prompt] {
        for (keys, what) in map.help(mode) {
            if keys == "Ctrl-c" || keys == "?" && mode != Mode::Normal {
                continue;
            }
            let row = format!("| {keys} | {what} |");
            assert!(readme.contains(&row), "README.md lacks the {mode:?} row {row}");
        }
    }
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
