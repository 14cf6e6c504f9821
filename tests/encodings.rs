//! Articles in legacy encodings: declared by the page, detected in plain text, and
//! bytes that truly cannot be decoded. The fixtures in `tests/fixtures/encodings/`
//! are the texts below encoded as named; `fixtures_are_the_texts_encoded` checks
//! them, and writes them again when `GLOSS_WRITE_FIXTURES` is set.

use std::path::{Path, PathBuf};

use gloss::corpus::{self, EncodingFrom};

struct Fixture {
    name: &'static str,
    /// The file's text, before encoding.
    text: &'static str,
    /// Its encoding.
    encoding: &'static encoding_rs::Encoding,
}

const WIN1252_META: &str = "<!doctype html>
<html><head><meta charset=\"windows-1252\"><title>Talks at the Caf\u{e9} Peña</title></head>
<body><article>
<h1>Talks at the Café Peña</h1>
<p>The envoy met Zoë Saldaña and Jürgen Müller at the café on Tuesday.</p>
<p>“We agreed on nothing,” Müller said, “but we will meet again – in Señora Peña’s garden.”</p>
</article></body></html>
";

const WIN1252_HTTP_EQUIV: &str = "<!DOCTYPE html>
<html><head>
<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">
<title>Frontier Crossings Reopen</title></head>
<body>
<h1>Frontier Crossings Reopen</h1>
<p>Traders from Peñalosa and Württemberg crossed at dawn, said François Lefèvre.</p>
<p>The crossing at Øresund-on-the-Hill stays shut until Noël.</p>
</body></html>
";

const LATIN1_TEXT: &str = "Names From the Festival

Zoë Saldaña opened the festival on Friday, and Jürgen Müller closed it.

Señor Peña, who organised the evening, thanked the crowd in the plaza.";

const SHIFT_JIS_TEXT: &str = "国境の会談

両国の代表は火曜日に首都で会談し、国境の検問所を来月から再開することで合意した。\
担当者によると、商人と家族の往来は週に三日許可される見通しだという。

次の会合は春に予定されている。";

const GB18030_TEXT: &str = "边境会谈

两国代表周二在首都举行会谈，同意从下个月起重新开放边境检查站。\
据官员介绍，商人和家庭每周可以往来三天。

下一次会议定于春季举行。";

const FIXTURES: &[Fixture] = &[
    Fixture { name: "windows-1252-meta-charset.html", text: WIN1252_META, encoding: encoding_rs::WINDOWS_1252 },
    Fixture { name: "windows-1252-http-equiv.html", text: WIN1252_HTTP_EQUIV, encoding: encoding_rs::WINDOWS_1252 },
    Fixture { name: "iso-8859-1-names.txt", text: LATIN1_TEXT, encoding: encoding_rs::WINDOWS_1252 },
    Fixture { name: "shift_jis.txt", text: SHIFT_JIS_TEXT, encoding: encoding_rs::SHIFT_JIS },
    Fixture { name: "gb18030.md", text: GB18030_TEXT, encoding: encoding_rs::GB18030 },
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encodings")
}

#[test]
fn fixtures_are_the_texts_encoded() {
    for f in FIXTURES {
        let (bytes, _, unmappable) = f.encoding.encode(f.text);
        assert!(!unmappable, "{} has characters {} cannot hold", f.name, f.encoding.name());
        let path = dir().join(f.name);
        if std::env::var_os("GLOSS_WRITE_FIXTURES").is_some() {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), &*bytes, "{}", f.name);
        assert!(std::str::from_utf8(&bytes).is_err(), "{} must not be valid UTF-8", f.name);
    }
}

fn load(name: &str) -> corpus::Article {
    corpus::load(&dir().join(name)).unwrap()
}

/// The article decodes to its text: every paragraph's words are there, and no U+FFFD.
fn assert_decoded(article: &corpus::Article, words: &[&str]) {
    assert!(!article.text.contains('\u{fffd}'), "{}", article.text);
    assert!(!article.meta.lossy);
    for w in words {
        assert!(article.text.contains(w), "{w:?} missing from {:?}", article.text);
    }
}

#[test]
fn windows_1252_declared_by_meta_charset() {
    let a = load("windows-1252-meta-charset.html");
    assert_decoded(
        &a,
        &["Zoë Saldaña and Jürgen Müller at the café", "“We agreed on nothing,”", "Señora Peña’s garden"],
    );
    assert_eq!((a.meta.encoding.name(), a.meta.encoding_from), ("windows-1252", EncodingFrom::Declared));
    assert_eq!(a.meta.title, "Talks at the Café Peña");
}

#[test]
fn iso_8859_1_declared_by_http_equiv() {
    let a = load("windows-1252-http-equiv.html");
    assert_decoded(&a, &["Peñalosa and Württemberg", "François Lefèvre", "Øresund-on-the-Hill", "Noël"]);
    // The Encoding Standard reads ISO-8859-1 as windows-1252, its superset.
    assert_eq!((a.meta.encoding.name(), a.meta.encoding_from), ("windows-1252", EncodingFrom::Declared));
}

#[test]
fn latin1_plain_text_is_detected() {
    let a = load("iso-8859-1-names.txt");
    assert_decoded(&a, &["Zoë Saldaña opened", "Jürgen Müller closed", "Señor Peña, who"]);
    assert_eq!((a.meta.encoding.name(), a.meta.encoding_from), ("windows-1252", EncodingFrom::Detected));
}

#[test]
fn shift_jis_plain_text_is_detected() {
    let a = load("shift_jis.txt");
    assert_decoded(&a, &["両国の代表は火曜日に首都で会談し", "次の会合は春に予定されている。"]);
    assert_eq!((a.meta.encoding.name(), a.meta.encoding_from), ("Shift_JIS", EncodingFrom::Detected));
}

#[test]
fn gb18030_markdown_is_detected() {
    let a = load("gb18030.md");
    assert_decoded(&a, &["两国代表周二在首都举行会谈", "下一次会议定于春季举行。"]);
    // chardetng names simplified Chinese GBK, which encoding_rs decodes as GB18030.
    assert_eq!((a.meta.encoding.name(), a.meta.encoding_from), ("GBK", EncodingFrom::Detected));
}

#[test]
fn bytes_that_cannot_be_decoded_are_still_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = ["Zoë Saldaña met ".as_bytes(), b"\xff", "Peña".as_bytes()].concat();
    let cases: [(&str, &[u8], &str); 4] = [
        // Declared UTF-8, with a Latin-1 byte in it.
        ("declared.html", b"<meta charset=utf-8><p>Caf\xe9 talks resumed on Tuesday.</p>", "UTF-8"),
        // Declared Shift_JIS, with a lead byte and no trail byte.
        ("sjis.html", b"<meta charset=shift_jis><p>\x93\xfa\x96\x7b and \x81</p>", "Shift_JIS"),
        // UTF-8 with a damaged byte stays UTF-8.
        ("damaged.txt", &damaged, "UTF-8"),
        // A UTF-16 byte order mark and an odd byte at the end.
        ("utf16.txt", b"\xff\xfeT\x00a\x00l\x00k\x00s\x00!", "UTF-16LE"),
    ];
    for (name, bytes, encoding) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let a = corpus::load(&dir.path().join(name)).unwrap();
        assert!(a.meta.lossy, "{name}: {:?}", a.text);
        assert!(a.text.contains('\u{fffd}'), "{name}: {:?}", a.text);
        assert_eq!(a.meta.encoding.name(), encoding, "{name}");
    }
}

#[test]
fn a_saved_page_under_a_txt_name_uses_its_declaration() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("page.txt");
    std::fs::write(&path, std::fs::read(dir().join("windows-1252-meta-charset.html")).unwrap()).unwrap();
    let a = corpus::load(&path).unwrap();
    assert_eq!((a.meta.encoding.name(), a.meta.encoding_from), ("windows-1252", EncodingFrom::Declared));
    assert!(a.text.contains("Señora Peña’s garden"));
}

#[test]
fn show_meta_says_which_encoding_and_why() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        ("windows-1252-meta-charset.html", "encoding: windows-1252 (declared)"),
        ("iso-8859-1-names.txt", "encoding: windows-1252 (detected)"),
        ("shift_jis.txt", "encoding: Shift_JIS (detected)"),
    ];
    for (name, line) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(["show", "--meta", dir().join(name).to_str().unwrap()])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let head = text.split_once("\n\n").unwrap().0;
        assert!(head.lines().any(|l| l == line), "{name}: {head}");
    }
}
