use std::process::ExitCode;

fn main() -> ExitCode {
    match gloss::cli::main() {
        Ok(code) => code,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("gloss: {}", gloss::text::sanitize_line(&message));
            ExitCode::from(2)
        }
    }
}
