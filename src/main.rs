use std::process::ExitCode;

fn main() -> ExitCode {
    match gloss::cli::main() {
        Ok(code) => code,
        Err(err) => {
            // Messages are one line, except where gloss lists things (the places a
            // quote matched); each line is made safe on its own.
            let message = format!("{err:#}");
            let lines: Vec<String> = message.lines().map(gloss::text::sanitize_line).collect();
            eprintln!("gloss: {}", lines.join("\n"));
            ExitCode::from(2)
        }
    }
}
