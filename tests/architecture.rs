//! The layering the architecture document promises, checked on the source: the
//! layers below the UI do not reach into it.

use std::path::Path;

/// The non-test code of every Rust file under `dir`.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_owned();
            out.push((path.display().to_string(), code));
        }
    }
    out
}

#[test]
fn corpus_annotate_and_text_do_not_depend_on_the_ui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for layer in ["corpus", "annotate", "text"] {
        for (file, code) in sources(&src.join(layer)) {
            checked += 1;
            for ui in ["ratatui::", "crossterm::", "crate::ui", "crate::app"] {
                assert!(!code.contains(ui), "{file} uses {ui}");
            }
        }
    }
    assert!(checked > 20, "the layers were found ({checked} files)");
}
